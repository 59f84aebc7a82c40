"""Between our places (character offsets, 1-based lines and character columns) and LSP's
(0-based lines, columns in the code units of the position encoding agreed at start-up:
UTF-16 by default, UTF-8 or UTF-32 when the client prefers one of those).

A character outside the Basic Multilingual Plane (most emoji) is one character to Python,
two UTF-16 code units and four UTF-8 bytes to the editor; getting that wrong puts every
later mark on the line in the wrong place.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types as lsp

from vaultcheck.core.model import Note, Span

#: The protocol's default position encoding, which every client supports.
UTF16 = "utf-16"


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units of ``encoding`` (``utf-8``, ``utf-16``, ``utf-32``) ``text``
    takes."""
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return utf16_length(text)


def position_at(note: Note, offset: int, encoding: str = UTF16) -> lsp.Position:
    """The LSP position of the character offset ``offset`` of the note's text."""
    offset = max(0, min(offset, len(note.text)))
    line = bisect_right(note.line_starts, offset) - 1
    start = note.line_starts[line]
    return lsp.Position(line=line, character=units(note.text[start:offset], encoding))


def span_range(note: Note, span: Span, encoding: str = UTF16) -> lsp.Range:
    """The LSP range of a span of the note."""
    return lsp.Range(
        start=position_at(note, span.start, encoding), end=position_at(note, span.end, encoding)
    )


def offset_at(note: Note, position: lsp.Position, encoding: str = UTF16) -> int:
    """The character offset of an LSP position in the note's text (clamped to the line's
    end; a position inside a character's code units, to the character's start)."""
    if position.line >= len(note.line_starts):
        return len(note.text)
    start = note.line_starts[max(position.line, 0)]
    line_end = (
        note.line_starts[position.line + 1]
        if position.line + 1 < len(note.line_starts)
        else len(note.text)
    )
    counted = 0
    offset = start
    while offset < line_end and counted < position.character:
        ch = note.text[offset]
        if ch in "\r\n":
            break
        counted += units(ch, encoding)
        if counted > position.character:
            break  # the position splits the character's code units: its start
        offset += 1
    return offset
