"""Between our places (character offsets, 1-based lines and character columns) and LSP's
(0-based lines, columns in UTF-16 code units, the protocol's default encoding).

A character outside the Basic Multilingual Plane (most emoji) is one character to Python
and two UTF-16 code units to the editor; getting that wrong puts every later mark on the
line in the wrong place.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types as lsp

from vaultcheck.core.model import Note, Span


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def position_at(note: Note, offset: int) -> lsp.Position:
    """The LSP position of the character offset ``offset`` of the note's text."""
    offset = max(0, min(offset, len(note.text)))
    line = bisect_right(note.line_starts, offset) - 1
    start = note.line_starts[line]
    return lsp.Position(line=line, character=utf16_length(note.text[start:offset]))


def span_range(note: Note, span: Span) -> lsp.Range:
    """The LSP range of a span of the note."""
    return lsp.Range(start=position_at(note, span.start), end=position_at(note, span.end))


def offset_at(note: Note, position: lsp.Position) -> int:
    """The character offset of an LSP position in the note's text (clamped to the line's
    end; a position inside a surrogate pair, to the pair's start)."""
    if position.line >= len(note.line_starts):
        return len(note.text)
    start = note.line_starts[max(position.line, 0)]
    line_end = (
        note.line_starts[position.line + 1]
        if position.line + 1 < len(note.line_starts)
        else len(note.text)
    )
    units = 0
    offset = start
    while offset < line_end and units < position.character:
        ch = note.text[offset]
        if ch in "\r\n":
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > position.character:
            break  # the position splits a surrogate pair: the pair's start
        offset += 1
    return offset
