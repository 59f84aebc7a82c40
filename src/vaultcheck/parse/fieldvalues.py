"""The Dataview inline fields of a note with their values and where each value is, for the
property checks (``[frontmatter] inline-fields``).

Read as Dataview reads them (blacksmithgu/obsidian-dataview, ``markdown-file.ts``): on a
line with ``[key:: value]`` or ``(key:: value)`` fields only those count; a line of its own
``key:: value`` counts otherwise, except on a task (``- [ ] due:: ...``), where only the
bracketed form is a field. Lines of code blocks, math blocks and HTML blocks, inline code
and comments hold none (as they hold no links), nor does the frontmatter.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from vaultcheck.core.model import Note
from vaultcheck.parse import mdparser
from vaultcheck.parse.inlinefields import fields_on_line

_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
#: A task line: Dataview reads only bracketed fields on it.
_TASK = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)])[ \t]+\[.\]")


class InlineValue(NamedTuple):
    """One inline field: its key, its value as written (trimmed) and the value's offsets."""

    key: str
    value: str
    start: int
    end: int


def _prose_lines(note: Note) -> list[int]:
    """0-based numbers of the lines in paragraphs, headings, list items and tables."""
    text = note.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    skip = 0
    if note.frontmatter is not None:  # blanked, as the parser does: lines keep their numbers
        skip = bisect.bisect_right(note.line_starts, note.frontmatter.span.end - 1)
        text = "\n" * skip + "\n".join(lines[skip:])
    found: set[int] = set()
    for token in mdparser.block_parser_for(text).parse(text):
        if token.type == "inline" and token.map is not None:
            found.update(range(max(token.map[0], skip), token.map[1]))
    return sorted(found)


def _hidden(note: Note, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of inline code and comments between ``start`` and ``end``."""
    spans = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(note.text, start, end)]
    spans += [(s.start, s.end) for s, _ in note.comments if s.start < end and start < s.end]
    return spans


def inline_values(note: Note) -> list[InlineValue]:
    """The note's inline fields, in the order they are written."""
    if "::" not in note.text:
        return []
    found: list[InlineValue] = []
    starts = note.line_starts
    for number in _prose_lines(note):
        if number >= len(starts):
            continue
        line = note.line_text(number + 1)
        if "::" not in line:
            continue
        fields = fields_on_line(line)
        if any(not f.whole for f in fields) or _TASK.match(line):
            fields = [f for f in fields if not f.whole]
        base = starts[number]
        hidden = _hidden(note, base, base + len(line))
        for field in fields:
            raw = line[field.start : field.end]
            start = base + field.start + (len(raw) - len(raw.lstrip()))
            end = base + field.start + len(raw.rstrip())
            separator = base + field.start - 2  # the `::`
            if any(a < max(end, separator + 2) and separator < b for a, b in hidden):
                continue  # the field's `::` or value is in code or a comment
            found.append(InlineValue(field.key, line[start - base : end - base], start, end))
    return found
