"""A ``.base`` file (Obsidian Bases, YAML) as a :class:`~vaultcheck.model.Note` of links, and
what is read from it (``basedoc.py``).

A base's ``filters`` and ``formulas`` are expressions; ``link("Name")`` in them is a link,
resolved as ``[[Name]]`` is, found line by line here without reading the YAML.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vaultcheck.core.model import Link, LinkKind, Note, Span
from vaultcheck.parse.text import LineIndex, make_span

#: ``file.*`` fields every file has (Obsidian help, "Bases syntax", File properties).
FILE_FIELDS = frozenset(
    {
        "backlinks",
        "basename",
        "ctime",
        "embeds",
        "ext",
        "file",
        "folder",
        "links",
        "mtime",
        "name",
        "path",
        "properties",
        "size",
        "tags",
    }
)

#: ``link("Name")`` or ``link('Name')`` with a literal name (a URL is not a note).
_LINK_CALL = re.compile(r"""\blink\(\s*(["'])([^"'\r\n]+)\1""")


def is_base(path: str) -> bool:
    """Whether Obsidian opens the file as a base."""
    return path.lower().endswith(".base")


class PropertyUse(NamedTuple):
    """A property name as a base writes it (``note.x``, ``x``, ``file.x``, ``formula.x``)."""

    name: str
    span: Span
    where: str


class BaseDocument(NamedTuple):
    """What a base defines and refers to."""

    formulas: frozenset[str]
    uses: tuple[PropertyUse, ...]
    #: The views' names, which ``![[X.base#Name]]`` selects.
    views: tuple[str, ...] = ()


def parse_base(text: str, index: LineIndex, path: str) -> Note:
    """The base's ``link("...")`` calls as links (comments skipped), with their positions."""
    links: list[Link] = []
    starts = index.starts
    for number, line_start in enumerate(starts, 1):
        end = starts[number] if number < len(starts) else len(text)
        line = text[line_start:end]
        if line.lstrip().startswith("#"):
            continue
        for found in _LINK_CALL.finditer(line):
            target = found.group(2)
            if "://" in target:
                continue
            start, stop = line_start + found.start(), line_start + found.end() + 1
            target_span = make_span(index, line_start + found.start(2), line_start + found.end(2))
            links.append(
                Link(
                    LinkKind.WIKILINK,
                    target,
                    make_span(index, start, min(stop, len(text))),
                    target_at=target_span,
                )
            )
    return Note(path=path, text=text, links=tuple(links), line_starts=starts)
