"""The part of a source line shown under a problem, and where its marker goes.

A long line is cut to a window around the problem (as ruff and rustc do), so a report grows
with the number of problems, never with the length of lines: a note with thousands of links
on one line would otherwise repeat that line under each of them. Positions are terminal cells
(rich's ``cell_len``), so carets stay under their text when the line holds CJK characters or
emoji, which take two cells.
"""

from __future__ import annotations

from typing import NamedTuple
from unicodedata import combining

from rich.cells import cell_len, get_character_cell_size

#: The most cells of source shown for one problem.
WIDTH = 100
#: Cells shown before the problem when a line has to be cut.
BEFORE = 30
ELLIPSIS = "…"


class Window(NamedTuple):
    """The text to show, and the marker's offset and width in cells."""

    text: str
    caret_offset: int
    caret_width: int


def _visible(char: str) -> str:
    """A character as shown: a tab is one space (columns count it as one), other control
    characters become their Unicode picture, so nothing can move the cursor or recolour."""
    code = ord(char)
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F or 0x80 <= code < 0xA0:
        return "\N{SYMBOL FOR DELETE}" if code == 0x7F else "\N{REPLACEMENT CHARACTER}"
    return char


def _cells(char: str) -> int:
    return get_character_cell_size(_visible(char))


def window(line: str, column: int, end_column: int | None) -> Window:
    """The window of ``line`` around the 1-based ``column`` (to ``end_column``, exclusive;
    ``None``: to the end of the line). Work is proportional to the window, not the line."""
    start = min(max(column - 1, 0), len(line))
    end = len(line) if end_column is None else min(max(end_column - 1, start), len(line))
    if len(line) <= WIDTH and cell_len(_shown(line)) <= WIDTH:
        left, right = 0, len(line)
    else:
        left, room = start, BEFORE
        while left > 0 and _cells(line[left - 1]) <= room:
            room -= _cells(line[left - 1])
            left -= 1
        while left < start and combining(line[left]):
            left += 1  # not the accent without its letter: the cut goes before the next one
        right, room = left, WIDTH
        while right < len(line) and _cells(line[right]) <= room:
            room -= _cells(line[right])
            right += 1
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    offset = cell_len(prefix + _shown(line[left:start]))
    width = cell_len(_shown(line[start : min(end, right)]))
    return Window(prefix + _shown(line[left:right]) + suffix, offset, max(1, width))


def _shown(text: str) -> str:
    return "".join(_visible(c) for c in text)
