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

#: A character as shown: a tab is one space (columns count it as one), other control
#: characters become their Unicode picture, so nothing can move the cursor or recolour.
#: One character for one, so a line and its shown text share their indexes.
_SHOWN = {code: chr(0x2400 + code) for code in range(0x20)}
_SHOWN[ord("\t")] = " "
_SHOWN[0x7F] = "\N{SYMBOL FOR DELETE}"
_SHOWN.update({code: "\N{REPLACEMENT CHARACTER}" for code in range(0x80, 0xA0)})
# Bidirectional overrides, embeddings and isolates would reorder the rest of the line.
_SHOWN.update({code: "\N{REPLACEMENT CHARACTER}" for code in range(0x202A, 0x202F)})
_SHOWN.update({code: "\N{REPLACEMENT CHARACTER}" for code in range(0x2066, 0x206A)})


class Window(NamedTuple):
    """The text to show, and the marker's offset and width in cells."""

    text: str
    caret_offset: int
    caret_width: int


def shown(text: str) -> str:
    """``text`` as shown (see ``_SHOWN``), of the same length."""
    return text.translate(_SHOWN)


def window(line: str, column: int, end_column: int | None) -> Window:
    """The window of ``line`` around the 1-based ``column`` (to ``end_column``, exclusive;
    ``None``: to the end of the line). Work is proportional to the window, not the line."""
    start = min(max(column - 1, 0), len(line))
    end = len(line) if end_column is None else min(max(end_column - 1, start), len(line))
    if line.isascii():
        return _narrow_window(line, start, end)
    return _measured_window(line, start, end)


def _measured_window(line: str, start: int, end: int) -> Window:
    """:func:`window` measuring the cells of each character (0-based ``start`` and ``end``)."""
    if len(line) <= WIDTH and cell_len(shown(line)) <= WIDTH:
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
    offset = cell_len(prefix + shown(line[left:start]))
    width = cell_len(shown(line[start : min(end, right)]))
    return Window(prefix + shown(line[left:right]) + suffix, offset, max(1, width))


def _cells(char: str) -> int:
    return get_character_cell_size(shown(char))


def _narrow_window(line: str, start: int, end: int) -> Window:
    """:func:`window` of an ASCII line, where every character as shown (a control
    character's picture too) takes one cell, so cells are counted by indexes: the common
    case, which measuring character by character made a tenth of a large vault's run."""
    left = 0 if len(line) <= WIDTH else max(start - BEFORE, 0)
    right = min(left + WIDTH, len(line))
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    text = prefix + shown(line[left:right]) + suffix
    return Window(text, len(prefix) + start - left, max(1, min(end, right) - start))
