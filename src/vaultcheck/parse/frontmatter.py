"""Frontmatter: find the YAML block as Obsidian does and read it with source positions.

Obsidian only reads properties from a block that starts on the very first line with ``---``
and ends at the next line that is ``---``. Simple frontmatter is read line by line
(``simpleyaml.py``); the rest is composed as a YAML node tree (``yamlcompose.py``) so every
key, value and list item keeps its position, its values built by the *safe* constructor
only: no YAML tag can build an object.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vaultcheck.core.model import Frontmatter, Link
from vaultcheck.parse.simpleyaml import read_simple
from vaultcheck.parse.text import BOM, LineIndex, make_span

_new = tuple.__new__

_OPEN_RE = re.compile(r"---[ \t]*(?:\r\n?|\n)")
#: What may follow a closing ``---`` on its line (found at a line start).
_CLOSE_TAIL = re.compile(r"[ \t]*(?:\r\n?|\n|\Z)")


class FrontmatterResult(NamedTuple):
    """The frontmatter (or ``None``) and the links found in its string values. (A
    ``NamedTuple``, built with ``tuple.__new__``: one per note.)"""

    frontmatter: Frontmatter | None
    links: tuple[Link, ...]


def _block_bounds(text: str) -> tuple[int, int, int] | bool | None:
    """Offsets (yaml_start, yaml_end, block_end), ``None`` if absent, ``False`` if unclosed."""
    start = 1 if text.startswith(BOM) else 0
    opening = _OPEN_RE.match(text, start)
    if not opening:
        return None
    # The first ``---`` line after it, at a line start after a LF (a lone CR line break
    # hides it, as from ``^`` in MULTILINE mode, which it was found with): str.find
    # compares fewer characters than a regular expression's search.
    after = opening.end() - 1
    while (line_start := text.find("\n---", after) + 1) != 0:
        closing = _CLOSE_TAIL.match(text, line_start + 3)
        if closing is not None:
            return opening.end(), line_start, closing.end()
        after = line_start
    return False


def parse_frontmatter(text: str, index: LineIndex, *, fast: bool = True) -> FrontmatterResult:
    """Find and read the frontmatter of ``text``; never raises on bad YAML.

    Simple frontmatter is read line by line (``simpleyaml.py``), the rest composed as YAML;
    ``fast=False`` composes all (the reference the simple reader is tested against)."""
    bounds = _block_bounds(text)
    if bounds is None:
        return FrontmatterResult(None, ())
    if bounds is False:
        first_line_end = index.line_start(2) if index.line_count > 1 else len(text)
        span = make_span(index, 0, first_line_end)
        return FrontmatterResult(Frontmatter(span=span, yaml_span=span, unclosed=True), ())
    assert isinstance(bounds, tuple)
    yaml_start, yaml_end, block_end = bounds
    if fast:
        simple = read_simple(text, yaml_start, yaml_end, index)
        if simple is not None:
            entries, links = simple
            block_span = make_span(index, 0, block_end)
            yaml_span = make_span(index, yaml_start, yaml_end)
            # (every field in order: Frontmatter's and the result's own __new__ are Python)
            fields = (block_span, yaml_span, entries, None, True, None, False)
            return _new(FrontmatterResult, (_new(Frontmatter, fields), tuple(links)))
    # PyYAML is imported by the first frontmatter composed: a vault without frontmatter, or
    # a run that parses nothing (every finding from the cache), never loads it (about 15 %
    # of a one-note lint's start).
    from vaultcheck.parse.yamlcompose import YamlReader

    reader = YamlReader(text, yaml_start, yaml_end, index)
    return reader.read(make_span(index, 0, block_end))
