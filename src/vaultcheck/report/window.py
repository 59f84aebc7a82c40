"""The part of a source line shown under a problem, and where its marker goes.

A long line is cut to a window around the problem (as ruff and rustc do), so a report grows
with the number of problems, never with the length of lines: a note with thousands of links
on one line would otherwise repeat that line under each of them. Positions are terminal cells
(rich's ``cell_len``), so carets stay under their text when the line holds CJK characters or
emoji, which take two cells.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple
from unicodedata import combining

from rich.cells import cell_len, get_character_cell_size

from vaultcheck.report import CONTROL

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
#: Any character ``_SHOWN`` changes, the report's ``CONTROL`` characters: text without one
#: is shown as it is, and searching for one costs a tenth of translating text in other
#: scripts character by character. Each is a control or format character, which
#: ``str.isprintable()`` (in a third of the time of the search) finds too.
_HIDDEN = CONTROL


class Window(NamedTuple):
    """The text to show, and the marker's offset and width in cells."""

    text: str
    caret_offset: int
    caret_width: int


def shown(text: str) -> str:
    """``text`` as shown (see ``_SHOWN``), of the same length."""
    if text.isprintable() or not _HIDDEN.search(text):
        return text
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
    """:func:`window` measuring the cells of each character (0-based ``start`` and ``end``).

    The running sums that find the cut also give the marker's offset and width: the text
    before the problem and the problem itself are slices of what was summed."""
    if "\u200d" in line or "\ufe0f" in line:
        return _joined_window(line, start, end)
    if len(line) <= WIDTH:
        sums = _running_cells(line)
        if not sums or sums[-1] <= WIDTH:
            return _summed_window(line, 0, len(line), start, end, sums)
    left = _left_edge(line, start)
    fit, sums = _fitting(line, left, WIDTH)
    return _summed_window(line, left, left + fit, start, end, sums)


def _summed_window(
    line: str, left: int, right: int, start: int, end: int, sums: Sequence[int]
) -> Window:
    """The window ``line[left:right]``, ``sums`` holding the running cells of ``line[left:]``
    (at least ``right - left`` of them)."""
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    before = sums[start - left - 1] if start > left else 0
    stop = min(end, right)
    width = (sums[stop - left - 1] if stop > left else 0) - before
    offset = before + (_CELLS[ELLIPSIS] if left > 0 else 0)
    return Window(prefix + shown(line[left:right]) + suffix, offset, max(1, width))


def _joined_window(line: str, start: int, end: int) -> Window:
    """:func:`_measured_window` of a line holding a joiner or a variation selector, whose
    texts rich measures as a whole (a joined emoji can take fewer cells than its parts)."""
    if len(line) <= WIDTH and _cell_len(shown(line)) <= WIDTH:
        left, right = 0, len(line)
    else:
        left = _left_edge(line, start)
        right = left + _fitting(line, left, WIDTH)[0]
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    offset = _cell_len(prefix + shown(line[left:start]))
    width = _cell_len(shown(line[start : min(end, right)]))
    return Window(prefix + shown(line[left:right]) + suffix, offset, max(1, width))


def _left_edge(line: str, start: int) -> int:
    """Where a cut line's window starts: ``BEFORE`` cells before ``start``, but not on the
    accent without its letter (the cut goes before the next one)."""
    left = start - _fitting(line, start, BEFORE, backwards=True)[0]
    while left < start and combining(line[left]):
        left += 1
    return left


class _Cells(dict[str, int]):
    """The cells of each character as shown, remembered as they are met. A dictionary read
    in C (``map`` over ``__getitem__``) costs half of rich's ``lru_cache`` call, needs no
    ``shown`` step, and keeps every character of a vault in CJK (rich's cache keeps 4,096)."""

    def __missing__(self, char: str) -> int:
        if len(self) >= 1 << 16:
            self.clear()  # bounded, however many characters a vault holds
            _ONE_CELL.clear()
        cells = self[char] = get_character_cell_size(shown(char))
        if cells == 1:
            _ONE_CELL.add(char)
        return cells


_CELLS = _Cells()
#: The characters met so far that take one cell as shown: text made of them only (Latin,
#: Cyrillic, Greek prose) is measured by its length, a set test costing a fifth of summing.
_ONE_CELL: set[str] = set()


def _running_cells(chars: str) -> Sequence[int]:
    """The cells of ``chars[:1]``, ``chars[:2]``, ... as shown."""
    if _ONE_CELL.issuperset(chars):
        return range(1, len(chars) + 1)
    return list(accumulate(map(_CELLS.__getitem__, chars)))


def _cell_len(text: str) -> int:
    """rich's ``cell_len``, which sums its characters' cells by a generator unless a
    joiner or a variation selector joins some: the sum is taken by ``map`` here."""
    if "\u200d" in text or "\ufe0f" in text:
        return cell_len(text)
    return sum(map(get_character_cell_size, text))


def _fitting(line: str, at: int, room: int, backwards: bool = False) -> tuple[int, Sequence[int]]:
    """How many characters from ``at`` on (before it, ``backwards``) fit in ``room`` cells,
    taken one by one while the cells so far fit (one taking no cell fits even when full),
    and the running sums of the characters measured (more than fit, unless the line ends).

    The running sums are made by ``map`` and ``accumulate`` over a slice, not by a Python
    step per character: that was most of the report of a vault in other scripts (1.5M
    steps for 6,556 problems on lines of Cyrillic or CJK prose). The slice is what text of
    one cell a character needs, longer only when it takes too few cells (combining marks)."""
    reach = room + 1
    while True:
        if backwards:
            chars = line[max(at - reach, 0) : at][::-1]
            whole = reach >= at
        else:
            chars = line[at : at + reach]
            whole = at + reach >= len(line)
        sums = _running_cells(chars)
        fit = bisect_right(sums, room)
        if fit < len(chars) or whole:
            return fit, sums
        reach *= 2


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
