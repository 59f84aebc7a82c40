"""Where each character of an inline token's content sits in the file.

markdown-it gives block tokens line ranges but gives inline tokens no positions, so each
inline token's content is aligned with its source lines: a paragraph line is a literal suffix
of its source line (only leading indentation and container markers are removed), an ATX
heading's text is a substring of its line, and table cells are found left to right along
their row (``\\|`` in the source is ``|`` in the cell).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one line of an inline token's content starts in the file."""

    line: int  # 0-based
    column: int  # 0-based column of content index 0 (may be negative after tab expansion)
    escapes: tuple[int, ...] = ()  # content indices of ``|`` written as ``\|``


class Mapper:
    """Turns (inline token, content offset) into (line, column), both 0-based."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.row_cursor: dict[int, int] = {}

    def origins(self, first: int, content: str, mode: str) -> list[Origin]:
        """Where each line of ``content`` (an inline token starting on line ``first``) starts;
        ``mode`` is ``para``, ``atx`` or ``cell``."""
        lines = self.lines
        result = []
        for k, content_line in enumerate(content.split("\n")):
            source = lines[first + k] if first + k < len(lines) else ""
            if mode == "cell":
                result.append(self._cell(first + k, source, content_line))
                continue
            column = source.rfind(content_line) if mode == "atx" and content_line else -1
            if column == -1:
                column = len(source.rstrip()) - len(content_line.rstrip())
            result.append(Origin(first + k, column))
        return result

    def _cell(self, line: int, source: str, content: str) -> Origin:
        cursor = self.row_cursor.get(line, 0)
        if not content:
            return Origin(line, cursor)
        if "|" not in content:  # most cells: the regular expression below is this literal
            at = source.find(content, cursor)
            if at == -1:
                return Origin(line, len(source.rstrip()) - len(content))
            self.row_cursor[line] = at + len(content)
            return Origin(line, at)
        pattern = r"\\?\|".join(re.escape(part) for part in content.split("|"))
        match = re.compile(pattern).search(source, cursor)
        if match is None:
            return Origin(line, len(source.rstrip()) - len(content))
        self.row_cursor[line] = match.end()
        escapes = []
        removed = 0
        for i, char in enumerate(match.group()):
            if char == "\\" and match.group()[i + 1 : i + 2] == "|":
                escapes.append(i - removed)
                removed += 1
        return Origin(line, match.start(), tuple(escapes))


def line_starts(content: str) -> list[int]:
    """Offset in ``content`` of each of its lines."""
    starts = [0]
    at = content.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = content.find("\n", at + 1)
    return starts


def locate(origins: list[Origin], starts: list[int], offset: int) -> tuple[int, int]:
    """(line, column), 0-based, of content ``offset``."""
    k = 0 if len(starts) == 1 else bisect.bisect_right(starts, offset) - 1
    origin = origins[k]
    within = offset - starts[k]
    # Escaped pipes before ``offset``: one that follows it (a finding ends at ``\|``, as in
    # ``#tag\|x``) stays after it (no finding starts with ``|``).
    shift = bisect.bisect_left(origin.escapes, within) if origin.escapes else 0
    return origin.line, max(0, origin.column + within + shift)
