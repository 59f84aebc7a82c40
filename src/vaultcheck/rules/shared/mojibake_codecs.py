"""The 8-bit encodings UTF-8 text is misread as, and the stretches of a text that read
back through one of them as well-formed UTF-8: the candidates :mod:`.mojibake` judges.

In an 8-bit encoding one character is one byte, so a garbled stretch maps back to its bytes
and the repair is exact; whether a candidate is mojibake at all is decided elsewhere.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass


class Codec:
    """An 8-bit encoding that UTF-8 is often misread as: each character's byte, and a pattern
    for stretches of characters whose bytes are shaped like UTF-8 sequences."""

    def __init__(self, name: str, table: dict[str, int]) -> None:
        self.name = name
        self.to_byte = {ord(char): chr(byte) for char, byte in table.items()}

        def chars(low: int, high: int) -> str:
            found = "".join(c for c, b in table.items() if low <= b <= high)
            return "[" + "".join(re.escape(c) for c in sorted(found)) + "]"

        cont = chars(0x80, 0xBF)
        lead2, lead3, lead4 = chars(0xC2, 0xDF), chars(0xE0, 0xEF), chars(0xF0, 0xF4)
        self.stretch = re.compile(f"(?:{lead2}{cont}|{lead3}{cont}{{2}}|{lead4}{cont}{{3}})+")
        # The same start, as a pattern that begins with one character class: the regex engine
        # scans for those quickly, so most notes are ruled out at a fraction of the cost.
        self.start = re.compile(chars(0xC2, 0xF4) + cont)
        #: What a stretch's first two characters can be, as character classes.
        self.first, self.second = chars(0xC2, 0xF4), cont
        #: When set, only a line this pattern finds is read through the codec.
        self.line_gate: re.Pattern[str] | None = None

    def to_bytes(self, garbled: str) -> bytes:
        return garbled.translate(self.to_byte).encode("latin-1")


def _table(encoding: str) -> dict[str, int]:
    table = {}
    for byte in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):  # Windows-1252 leaves five undefined
            table[bytes([byte]).decode(encoding)] = byte
    return table


# Windows-1252 leaves five bytes undefined; tools that read UTF-8 as Windows-1252 or Latin-1
# keep those (and, for Latin-1, every byte 0x80-0x9F) as the C1 control of the same number.
_LATIN = _table("cp1252") | {chr(byte): byte for byte in range(0x80, 0xA0)}


def _cyrillic_as_1251() -> Codec:
    """Cyrillic UTF-8 read as Windows-1251 (`РџСЂРёРІРµС‚` for `Привет`): every letter becomes
    `Р` or `С` (bytes 0xD0, 0xD1) and a character of 0x80-0xBF. Windows-1251 is itself a
    Cyrillic encoding, and correct Ukrainian or Serbian text holds well-formed sequences by
    chance (`ліє` would be `볺`), so only a line with two such letters in a row is read,
    which correct text never writes; on it, the punctuation (`вЂ”` for `—`) is read too."""
    codec = Codec("cp1251", _table("cp1251"))
    cont = "".join(
        re.escape(chr(0x80 + i).encode("latin-1").decode("cp1251", "ignore")) for i in range(0x40)
    )
    pair = f"[РС][{cont}]"
    codec.start = codec.line_gate = re.compile(f"{pair}{pair}")
    codec.first, codec.second = "[РС]", f"[{cont}]"
    return codec


#: The misreadings looked for, in the order their readings are tried.
CODECS = (Codec("mac_roman", _table("mac_roman")), Codec("cp1252", _LATIN), _cyrillic_as_1251())
#: Where some codec's ``start`` can match: its first two characters, a first character of
#: one codec followed by a second character of the same codec (a lookbehind tells which).
#: One search rules a note out for all codecs: each codec's own search reads the whole note,
#: which in other scripts than Latin is most of the time (three searches were a quarter of
#: checking a vault written in 38 languages). Pairing the classes per codec matters too: a
#: first character of one codec before a second of another (`çã`, `’є`) is no start of
#: either, and such pairs are common in Portuguese, Finnish or Ukrainian prose.
ANY_START = re.compile(
    "["
    + "".join(c.first[1:-1] for c in CODECS)
    + "](?:"
    + "|".join(f"(?<={c.first}){c.second}" for c in CODECS)
    + ")"
)

#: One well-formed UTF-8 sequence of two to four bytes (no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(frozen=True, slots=True)
class Stretch:
    """``text[start:end]`` reads ``repaired`` through a codec."""

    start: int  # in the text
    end: int
    repaired: str


def read_stretches(codec: Codec, text: str, start: int, end: int) -> list[Stretch]:
    """Maximal runs of well-formed UTF-8 sequences, read back through ``codec``."""
    found: list[Stretch] = []
    for match in codec.stretch.finditer(text, start, end):
        data = codec.to_bytes(match.group())
        run_start = run_end = -1
        for seq in _UTF8_SEQUENCE.finditer(data):
            if seq.start() != run_end:
                if run_end > run_start >= 0:
                    found.append(_stretch(data, match.start(), run_start, run_end))
                run_start = seq.start()
            run_end = seq.end()
        if run_end > run_start >= 0:
            found.append(_stretch(data, match.start(), run_start, run_end))
    return found


def _stretch(data: bytes, offset: int, start: int, end: int) -> Stretch:
    return Stretch(offset + start, offset + end, data[start:end].decode("utf-8"))
