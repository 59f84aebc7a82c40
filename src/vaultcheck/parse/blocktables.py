"""GFM tables for :mod:`vaultcheck.parse.blockscan`, as markdown-it-py's table rule reads them.

A table starts at a line holding ``|`` whose next line is a delimiter row (``|---|:-:|``) with
as many columns; each following line is a row until a blank line, indented code, or a line
starting a fence, quote, break, list item, HTML block or ATX heading. The tokens are the ones
``parse/body.py`` reads: ``th_open``/``td_open`` (without a line range, as markdown-it's) and
each cell's ``inline`` content, trimmed, with ``\\|`` read as ``|``. Only top-level tables are
taken here (not inside lists or quotes, nor interrupting a paragraph).
"""

from __future__ import annotations

import re

from vaultcheck.parse import blocklines
from vaultcheck.parse.blocklines import ScannedToken, token

_DELIMITER_CELL = re.compile(r":?-+:?")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
#: markdown-it stops a table whose rows lack this many cells in all (a guard against
#: quadratic output); the same limit gives the same rows.
_MAX_AUTOCOMPLETED_CELLS = 0x10000


def _cells(text: str) -> list[str]:
    """A row split on pipes not escaped by a backslash (``\\|`` becomes ``|``), without the
    empty cells outside a leading and a trailing pipe."""
    if "\\" in text:
        cells = [part.replace("\\|", "|") for part in _UNESCAPED_PIPE.split(text)]
    else:  # most rows: every pipe splits
        cells = text.split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _delimiter_columns(rest: str, trim: str) -> int:
    """How many columns a delimiter row (after its indentation) declares; 0 if it is none."""
    if len(rest) < 2 or rest[0] not in "|-:" or rest[1] not in "|-: \t":
        return 0
    if rest[0] == "-" and rest[1] in " \t":
        return 0  # a list item
    if rest.strip("|-: \t"):
        return 0
    parts = rest.split("|")
    columns = 0
    for k, part in enumerate(parts):
        cell = part.strip(trim)
        if not cell:
            if k in (0, len(parts) - 1):
                continue
            return 0
        if not _DELIMITER_CELL.fullmatch(cell):
            return 0
        columns += 1
    return columns


#: What a line ending a table's rows starts with (see :func:`_ends_table`).
_MAY_END_TABLE = frozenset(">#-*+_`~<0123456789")


def _ends_table(rest: str) -> bool:
    """Whether a line (after its indentation, less than four columns) ends a table's rows."""
    first = rest[0]
    if first not in _MAY_END_TABLE:
        return False  # most rows: they start with | or text
    if first == ">" or blocklines.HEADING.match(rest) or blocklines.ANY_ITEM.match(rest):
        return True
    if blocklines.BREAK.match(rest):
        return True
    if rest.startswith(("```", "~~~")):
        fence = len(rest) - len(rest.lstrip(first))
        return first == "~" or "`" not in rest[fence:]
    return first == "<"  # an HTML block start (notes holding one never get here)


def table_at(lines: list[str], i: int, trim: str) -> tuple[list[ScannedToken], int] | None:
    """The tokens of the table starting on line ``i`` and the line after it, or ``None``
    when no table starts there."""
    if i + 1 >= len(lines):
        return None
    columns_below, chars_below = blocklines.indent(lines[i + 1])
    if columns_below >= 4:
        return None
    aligned = _delimiter_columns(lines[i + 1][chars_below:], trim)
    columns, chars = blocklines.indent(lines[i])
    header = lines[i][chars:].strip(trim)
    if not aligned or "|" not in header or columns >= 4:
        return None
    cells = _cells(header)
    if len(cells) != aligned:
        return None
    tokens: list[ScannedToken] = []
    for cell in cells:
        tokens.append(token("th_open", None))
        tokens.append(token("inline", [i, i + 1], cell.strip(trim)))
    line = i + 2
    autocompleted = 0
    while line < len(lines):
        columns, chars = blocklines.indent(lines[line])
        rest = lines[line][chars:]
        if columns < 4 and rest and _ends_table(rest):
            break
        text = rest.strip(trim)
        if not text or columns >= 4:
            break
        cells = _cells(text)
        autocompleted += aligned - len(cells)
        if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
            break
        for k in range(aligned):
            tokens.append(token("td_open", None))
            content = cells[k].strip(trim) if k < len(cells) and cells[k] else ""
            tokens.append(token("inline", [line, line + 1], content))
        line += 1
    return tokens, line
