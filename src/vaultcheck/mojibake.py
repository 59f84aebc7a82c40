"""Mojibake: UTF-8 text that was once decoded with a legacy 8-bit encoding.

``⚖️`` is the bytes ``E2 9A 96 EF B8 8F`` in UTF-8; read as Mac Roman they show as ``‚öñÔ∏è``.
We find runs of non-ASCII characters, encode them back with each candidate encoding, and look
for well-formed multi-byte UTF-8 sequences in the bytes. In an 8-bit encoding one character is
one byte, so byte offsets are character offsets and the repair is exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: The encodings UTF-8 text is most often misread as (macOS tools, Windows tools).
ENCODINGS = ("mac_roman", "cp1252")

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_UTF8_SEQUENCE = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+"
)


@dataclass(frozen=True, slots=True)
class Mojibake:
    """``text[start:end]`` should read ``repaired``; it was decoded as ``encoding``."""

    start: int
    end: int
    repaired: str
    encoding: str


def _plausible(decoded: str) -> bool:
    # C1 controls and private-use code points are never what the author meant, and text
    # does not start with a combining mark.
    if unicodedata.category(decoded[0]).startswith("M"):
        return False
    return not any(0x80 <= ord(c) <= 0x9F or 0xE000 <= ord(c) <= 0xF8FF for c in decoded)


Segmenter = Callable[[str, str], list[tuple[int, bytes]]]


def _segments(run: str, encoding: str) -> list[tuple[int, bytes]]:
    """:func:`_split_by_character`, but first the whole run at once: usually every character
    has a byte (the candidates are 8-bit encodings)."""
    try:
        return [(0, run.encode(encoding))]
    except UnicodeEncodeError:
        return _split_by_character(run, encoding)


def _split_by_character(run: str, encoding: str) -> list[tuple[int, bytes]]:
    """Split ``run`` where a character has no single byte in ``encoding``: (offset, bytes)."""
    segments: list[tuple[int, bytes]] = []
    start, data = 0, bytearray()
    for i, char in enumerate(run):
        try:
            byte = char.encode(encoding)
        except UnicodeEncodeError:
            byte = b""
        if len(byte) == 1:
            data += byte
            continue
        if data:
            segments.append((start, bytes(data)))
        start, data = i + 1, bytearray()
    if data:
        segments.append((start, bytes(data)))
    return segments


def _in_run(
    run: str, offset: int, encoding: str, segments: Segmenter = _segments
) -> list[Mojibake]:
    found = []
    for position, data in segments(run, encoding):
        for match in _UTF8_SEQUENCE.finditer(data):
            decoded = match.group().decode("utf-8")  # the pattern admits only valid sequences
            if _plausible(decoded):
                start = offset + position + match.start()
                found.append(Mojibake(start, offset + position + match.end(), decoded, encoding))
    return found


def find_mojibake(text: str) -> list[Mojibake]:
    """Every mojibake segment of ``text``, in order, repaired with the best-fitting encoding."""
    result: list[Mojibake] = []
    if text.isascii():
        return result
    for run in _NON_ASCII.finditer(text):
        if run.end() - run.start() < 2:
            continue  # a UTF-8 sequence misread is two characters or more: `Ã©` for `é`
        best: list[Mojibake] = []
        for encoding in ENCODINGS:
            candidate = _in_run(run.group(), run.start(), encoding)
            if sum(m.end - m.start for m in candidate) > sum(m.end - m.start for m in best):
                best = candidate
        result.extend(best)
    return result
