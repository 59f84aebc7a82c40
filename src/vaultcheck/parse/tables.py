"""Table rows as Obsidian's Markdown reads them, for fixes that must not split a cell."""

from __future__ import annotations

from vaultcheck.core.model import Note
from vaultcheck.parse import mdparser


def table_rows(note: Note) -> list[tuple[int, int]]:
    """(1-based line, cells as written) of every table row of ``note``, in order.

    markdown-it finds the rows (so code blocks and the frontmatter hold none); the cells are
    counted on the line itself, because markdown-it drops the cells a row has beyond its
    header's, which is exactly the damage an unescaped ``|`` does."""
    lines = note.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    skip = 0
    if note.frontmatter is not None and not note.frontmatter.unclosed:
        end = note.frontmatter.span
        skip = end.end_line - 1 if end.end_column == 1 else end.end_line
    source = "\n" * skip + "\n".join(lines[skip:])
    source = " " + source[1:] if source.startswith("\ufeff") else source
    tokens = mdparser.block_parser_for(source).parse(source, {})
    rows = []
    for token in tokens:
        if token.type == "tr_open" and token.map is not None:
            line = token.map[0]
            rows.append((line + 1, count_cells(lines[line])))
    return rows


def count_cells(row: str) -> int:
    """Cells of a table row as markdown-it splits it: on every ``|`` not escaped by a
    backslash, leading and trailing pipes aside."""
    text = row.strip()
    # As markdown-it splits: a pipe right after a backslash is text, whatever precedes that.
    separators = [i for i, char in enumerate(text) if char == "|" and text[i - 1 : i] != "\\"]
    count = len(separators) + 1
    if separators and separators[0] == 0:
        count -= 1
    if separators and separators[-1] == len(text) - 1 and len(text) > 1:
        count -= 1
    return count


def row_lines(note: Note) -> frozenset[int]:
    """The 1-based lines of ``note`` that are table rows."""
    if "|" not in note.text:
        return frozenset()
    return frozenset(line for line, _ in table_rows(note))
