"""Dataview inline fields: ``key:: value`` on a line of its own (after a list bullet or a
quote marker too), ``[key:: value]`` and ``(key:: value)`` inside text.

The parser already finds the links of a note's body outside code, math and comments; a
wikilink that lies in an inline field's value is the field's link: its kind becomes
``inline-field`` and ``key`` the field's name, so the graph can say which field holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vaultcheck.core.model import Link, LinkKind

#: A key: a word, then words, spaces, ``-`` and ``/`` (Dataview's keys), optionally in ``**``.
_KEY = r"(?:\*\*)?([^\W\d][\w /-]*?)(?:\*\*)?"
#: ``key:: value`` as the whole line, after indentation, quote markers, a bullet, a task box.
_LINE_FIELD = re.compile(
    r"^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+(?:\[.\][ \t]+)?)?" + _KEY + r"::(?=\s|$)"
)
#: The opening of ``[key:: value]`` or ``(key:: value)``.
_BRACKET_FIELD = re.compile(r"[\[(]" + _KEY + r"::(?=\s)")
_CLOSING = {"[": "]", "(": ")"}


class FieldRange:
    """Where one inline field's value is on a line (columns, 0-based, end exclusive)."""

    __slots__ = ("end", "key", "start", "whole")

    def __init__(self, key: str, start: int, end: int, whole: bool = False) -> None:
        self.key, self.start, self.end = key.strip(), start, end
        #: ``key:: value`` as the whole line (not ``[key:: value]`` or ``(key:: value)``).
        self.whole = whole


def fields_on_line(line: str) -> list[FieldRange]:
    """The inline fields of one line of text, with where each value is."""
    found: list[FieldRange] = []
    whole = _LINE_FIELD.match(line)
    if whole is not None:
        found.append(FieldRange(whole.group(1), whole.end(), len(line), whole=True))
    for opening in _BRACKET_FIELD.finditer(line):
        close = _matching(line, opening.start())
        if close is not None:
            found.append(FieldRange(opening.group(1), opening.end(), close))
    return found


def _matching(line: str, at: int) -> int | None:
    """The offset of the bracket closing the one at ``at`` (nested ones counted)."""
    opener = line[at]
    closer = _CLOSING[opener]
    depth = 0
    for position in range(at, len(line)):
        char = line[position]
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return position
    return None


def tag_field_links(links: Iterable[Link], lines: Sequence[str]) -> tuple[Link, ...]:
    """``links`` with each wikilink that lies in an inline field's value retagged as the
    field's (kind ``inline-field``, ``key`` the field's name). ``lines`` are the note's lines
    (1-based line ``n`` is ``lines[n - 1]``)."""
    fields: dict[int, list[FieldRange]] = {}
    tagged: list[Link] = []
    for link in links:
        if link.kind is not LinkKind.WIKILINK or link.span.line != link.span.end_line:
            tagged.append(link)
            continue
        line = link.span.line
        if line not in fields:
            text = lines[line - 1] if line <= len(lines) else ""
            fields[line] = fields_on_line(text) if "::" in text else []
        start, end = link.span.column - 1, link.span.end_column - 1
        # The innermost field holding the link: a bracketed field inside a line field.
        holding = [f for f in fields[line] if f.start <= start and end <= f.end]
        if holding:
            field = min(holding, key=lambda f: f.end - f.start)
            link = link._replace(kind=LinkKind.INLINE_FIELD, key=field.key)
        tagged.append(link)
    return tuple(tagged)
