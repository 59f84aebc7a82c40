"""Decoding note bytes and mapping character offsets to 1-based lines and columns.

Every position vaultcheck reports is a character offset into the note's decoded text, which
is kept exactly as read (no newline translation), so re-encoding it gives back the same bytes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

from vaultcheck.core.model import Note, Span

#: Line breaks as markdown-it and YAML see them: CRLF, lone CR, or LF.
NEWLINE_RE = re.compile(r"\r\n?|\n")

BOM = "\ufeff"
#: Notes larger than this are not parsed (reported by VC005); the limit keeps memory and time
#: bounded on files no one edits as notes (exports, logs, generated dumps). Their text is
#: empty, as a binary file's (``note.py``; a report from the cache shows them the same).
MAX_NOTE_BYTES = 10 * 1024 * 1024

#: How much of a file is inspected for NUL bytes to call it binary (as git does).
_BINARY_SNIFF_BYTES = 8000

#: UTF-16's byte-order marks (little- and big-endian), with which such a file begins.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class DecodedText(NamedTuple):
    """The text of a file, or why it could not be read as UTF-8 text. (A ``NamedTuple``:
    one per note, and a frozen dataclass took a microsecond to build.)"""

    text: str
    #: Offset (in characters of ``text``) of the first undecodable byte, when not valid UTF-8.
    bad_utf8_at: int | None = None
    #: The invalid byte sequence, for the message.
    bad_bytes: bytes = b""
    binary: bool = False


def decode(data: bytes) -> DecodedText:
    """Decode note bytes as UTF-8, recording where decoding failed instead of raising."""
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        utf16 = data[:2] in UTF16_BOMS  # text, but not UTF-8: kept for the message
        return DecodedText(text="", binary=True, bad_bytes=data[:2] if utf16 else b"\x00")
    try:
        return _new(DecodedText, (data.decode("utf-8"), None, b"", False))
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8")
        text = data.decode("utf-8", errors="replace")
        return DecodedText(text=text, bad_utf8_at=len(good), bad_bytes=data[err.start : err.end])


class LineIndex:
    """Maps character offsets of a text to (line, column), both 1-based."""

    __slots__ = ("_length", "_starts")

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self._starts = [0, *(m.end() for m in NEWLINE_RE.finditer(text))]
        else:  # the usual case: each line's start is the sum of the lengths before it
            self._starts = _starts_of(text.split("\n"))
        self._length = len(text)

    @classmethod
    def with_lines(cls, text: str) -> tuple[LineIndex, list[str] | None]:
        """The index of ``text``, and the lines it split ``text`` into on ``\\n`` (``None``
        when ``text`` holds a ``\\r``, whose lines are found otherwise): the body's parser
        reads the same lines, and splitting a note twice cost 45 ms in a 44 MB vault."""
        if "\r" in text:
            return cls(text), None
        lines = text.split("\n")
        index = cls.__new__(cls)
        index._starts = _starts_of(lines)
        index._length = len(text)
        return index, lines

    @classmethod
    def of_lines(cls, lines: list[str], length: int) -> LineIndex:
        """The index of a text of ``length`` characters holding no ``\\r``, split on
        ``\\n`` into ``lines`` before (not split again)."""
        index = cls.__new__(cls)
        index._starts = _starts_of(lines)
        index._length = length
        return index

    @classmethod
    def from_starts(cls, starts: Sequence[int], length: int) -> LineIndex:
        """An index from line starts computed before (a note keeps them)."""
        index = cls.__new__(cls)
        index._starts = list(starts)
        index._length = length
        return index

    @property
    def table(self) -> list[int]:
        """The start offset of every line, as kept (read it, do not change it)."""
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    @property
    def starts(self) -> tuple[int, ...]:
        """Offset of the first character of every line."""
        return tuple(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``; past the last line, the end."""
        if line > len(self._starts):
            return self._length
        return self._starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; offsets past the end clamp to the end."""
        offset = max(0, min(offset, self._length))
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based (line, column)."""
        return self._starts[line - 1] + column - 1


def _starts_of(lines: list[str]) -> list[int]:
    """Where each of ``lines`` (a text split on ``\\n``) starts in the text."""
    starts = [0, *accumulate([len(line) + 1 for line in lines])]
    starts.pop()  # where a line after the last would start
    return starts


#: ``tuple.__new__(Span, fields)`` builds a span without running the Python ``__new__`` that
#: ``NamedTuple`` generates, three times quicker; the six fields are given in order below.
_new = tuple.__new__


def has_pair(text: str, pair: str, start: int = 0) -> bool:
    """Whether the two characters ``pair`` stand together in ``text[start:]`` (``pair in
    text`` from ``start``, without copying the rest: a frontmatter's colons are skipped).

    ``in`` compares a two-character needle at every character of a note (about 1 ns a
    character, 2.5 us a note of 3 KB), while finding one character is a ``memchr``, ten
    times quicker; where ``pair``'s second character is rare (``$``, ``%``, ``:`` in a
    body), looking from each of them costs little more than that."""
    if len(text) - start < 1000:
        return text.find(pair, start) != -1  # (short: quicker than a Python step)
    first, second = pair[0], pair[1]
    at = text.find(second, start + 1)
    for _ in range(8):
        if at == -1:
            return False
        if text[at - 1] == first:
            return True
        at = text.find(second, at + 1)
    # Not rare here (tldr's colons): the two-character search from where this one is.
    return at != -1 and text.find(pair, at - 1) != -1


def make_span(index: LineIndex, start: int, end: int) -> Span:
    """A :class:`Span` for ``[start, end)`` with its lines and columns."""
    # position() twice, unrolled: the parser makes about fifty spans per note.
    starts, length = index._starts, index._length
    if not 0 <= start <= end <= length:
        line, column = index.position(start)
        end_line, end_column = index.position(end)
        return Span(start, end, line, column, end_line, end_column)
    line = bisect.bisect_right(starts, start)
    end_line = line
    if line < len(starts) and end >= starts[line]:  # ends on a later line
        end_line = bisect.bisect_right(starts, end, line)
    return _new(
        Span,
        (start, end, line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1),
    )


def line_span(index: LineIndex, line: int, length: int) -> Span:
    """:func:`make_span` of the first ``length`` characters of 0-based ``line``: their
    columns are known when they lie on that line (not the last line: its end is checked)."""
    starts = index._starts
    if line + 1 < len(starts) and starts[line] + length < starts[line + 1]:
        start = starts[line]
        return _new(Span, (start, start + length, line + 1, 1, line + 1, length + 1))
    start = index.line_start(line + 1)
    return make_span(index, start, start + length)


def note_index(note: Note) -> LineIndex:
    """A :class:`LineIndex` for a parsed note, reusing its stored line starts."""
    return LineIndex.from_starts(note.line_starts, len(note.text))


def without_text(note: Note) -> Note:
    """The note minus what its bytes give back cheaply (text, line starts): what the cache
    stores and worker processes send, since moving parsed notes is costlier than decoding."""
    return note._replace(text="", line_starts=())


def with_text(note: Note, data: bytes) -> Note:
    """Undo :func:`without_text` with the note's bytes."""
    if note.skipped_size is not None or note.internal_error is not None:
        return note._replace(line_starts=(0,))  # as the parser leaves a note it did not parse
    text = decode(data).text
    return note._replace(text=text, line_starts=LineIndex(text).starts)
