"""Mojibake: UTF-8 text that was once decoded with a legacy 8-bit encoding.

``⚖️`` is the bytes ``E2 9A 96 EF B8 8F`` in UTF-8; read as Mac Roman they show as ``‚öñÔ∏è``.
In an 8-bit encoding one character is one byte, so a garbled stretch maps back to its bytes and
the repair is exact. The hard part is not to mistake correct text for mojibake: ``«Åpne`` is
``C7 81`` in Mac Roman, a well-formed UTF-8 sequence (``ǁ``), yet it is Norwegian. So a stretch
counts only with evidence (see :func:`_judge_line`), and the repair is safe only when the whole
line reads as one garbling.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mojibake:
    """``text[start:end]`` should read ``repaired``; it was decoded as ``encoding``.

    ``safe`` is true when every non-ASCII character of the line is part of the garbling, so
    the repair cannot touch correct text; otherwise the repair is offered as unsafe.
    """

    start: int
    end: int
    repaired: str
    encoding: str
    safe: bool


class _Codec:
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


def _cyrillic_as_1251() -> _Codec:
    """Cyrillic UTF-8 read as Windows-1251 (`РџСЂРёРІРµС‚` for `Привет`): every letter becomes
    `Р` or `С` (bytes 0xD0, 0xD1) and a character of 0x80-0xBF. Windows-1251 is itself a
    Cyrillic encoding, and correct Ukrainian or Serbian text holds well-formed sequences by
    chance (`ліє` would be `볺`), so only a line with two such letters in a row is read,
    which correct text never writes; on it, the punctuation (`вЂ”` for `—`) is read too."""
    codec = _Codec("cp1251", _table("cp1251"))
    cont = "".join(
        re.escape(chr(0x80 + i).encode("latin-1").decode("cp1251", "ignore")) for i in range(0x40)
    )
    pair = f"[РС][{cont}]"
    codec.start = codec.line_gate = re.compile(f"{pair}{pair}")
    codec.first, codec.second = "[РС]", f"[{cont}]"
    return codec


CODECS = (_Codec("mac_roman", _table("mac_roman")), _Codec("cp1252", _LATIN), _cyrillic_as_1251())
#: Where any codec's ``start`` can match: one search rules a note out for all of them. Each
#: codec's own search reads the whole note, which in other scripts than Latin is most of the
#: time: three searches were a quarter of checking a vault written in 39 languages.
_ANY_START = re.compile(
    "["
    + "".join(c.first[1:-1] for c in CODECS)
    + "]["
    + "".join(c.second[1:-1] for c in CODECS)
    + "]"
)

#: One well-formed UTF-8 sequence of two to four bytes (no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

# Two-byte sequences decode to U+0080-U+07FF. Between U+0180 and U+02FF lie the click letters,
# IPA and modifier letters that `«Å` (ǁ) or `…à` (ɀ) would give; real text there uses these:
# Azerbaijani and African letters, Vietnamese, pinyin tones, Romanian, Sami, okina, accents.
_RARE_LATIN = range(0x0180, 0x0300)
_COMMON_IN_RARE_LATIN = set("ƏəƐɛƆɔƒƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǦǧǨǩǪǫǮǯȘșȚțʻʼˆˇˈˌːˑ˘˙˚˛˜˝")
# Archaic Greek, Coptic and Old Cyrillic letters, which `“π` (ҹ) or `Õ∞` would give.
_ARCHAIC = [range(0x0370, 0x0374), range(0x0376, 0x037E), range(0x03D8, 0x03F0)]
_ARCHAIC += [range(0x03F3, 0x0400), range(0x0460, 0x048A)]
_ARCHAIC.append(range(0x2E80, 0x2FE0))  # CJK radicals, which running text never uses
# Decomposed (NFD) Latin, Greek and Vietnamese text uses these combining marks; the rest of
# U+0300-U+036F is what `Ã©` (é in Windows-1252) would give if read as Mac Roman.
_COMMON_MARKS = set(range(0x0300, 0x030D)) | {0x0313, 0x0314, 0x031B, 0x0323, 0x0326, 0x0327}
_COMMON_MARKS |= {0x0328, 0x0331, 0x0342, 0x0345}
# Words that name no script in a character's Unicode name: such letters fit any script.
_NO_SCRIPT = {"", "MODIFIER", "FEMININE", "MASCULINE", "MICRO", "COMBINING"}
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "BOPOMOFO", "HANGUL", "HALFWIDTH"}


def _script(char: str) -> str:
    """The script a letter belongs to, from its Unicode name ("" when it names none)."""
    word = unicodedata.name(char, "").split(" ", 1)[0].split("-", 1)[0]
    if word in _EAST_ASIAN:
        return "CJK"
    return "" if word in _NO_SCRIPT else word


def _plausible_char(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Co", "Cn", "Cs"):
        return False  # controls, private use, unassigned, surrogates: never what was meant
    if ord(char) in _RARE_LATIN:
        return char in _COMMON_IN_RARE_LATIN
    if 0x0300 <= ord(char) < 0x0370:
        return ord(char) in _COMMON_MARKS
    return not any(ord(char) in archaic for archaic in _ARCHAIC)


def _fits(line: str, index: int, first: int) -> bool:
    """Whether the repaired character ``line[index]`` fits the characters beside it; the
    repaired stretch starts at ``first``."""
    char = line[index]
    category = unicodedata.category(char)
    before = line[index - 1] if index > 0 else " "
    # A combining mark needs a base: a letter garbled with it (decomposed Greek, an emoji and
    # its variation selector, Indic vowel signs) or an ASCII letter (decomposed Latin).
    if category[0] == "M" and index == first and not (before.isascii() and before.isalpha()):
        return False
    if category[0] not in "LM" or ord(char) >= 0x800 or not (script := _script(char)):
        return True  # three bytes or more are clear enough; Thai or CJK may touch Latin
    for neighbour in (before, line[index + 1] if index + 1 < len(line) else " "):
        if unicodedata.category(neighbour)[0] in "LM":
            other = _script(neighbour)
            if other and other != script:
                return False  # `чreas`: a Cyrillic letter glued to a Latin word
    return True


# Punctuation that follows a word directly (closing quotes of every convention, `»Ä«`):
# `IRMÃ»` and `così…”` are correct Portuguese and Italian, though `Ã»` is û and `ì…”` is 셔 in
# Windows-1252 mojibake.
_AFTER_A_WORD = set("»«’‘”“›‹…·–—")


def _looks_like_text(garbled: str, repaired_line: str, at: int, length: int) -> bool:
    """Whether the garbling of one character (``length`` 1) is a shape that correct text writes
    too, so that it counts only beside clearer evidence on the same line:

    - punctuation or a space, then a letter, at the start of a word (`«ça`, `—á`, `»öppna»`);
      after a letter it is clear (`lav…ô` is `ləvə` in Mac Roman, Azerbaijani);
    - a letter, then punctuation that follows words, at the end of a word (`IRMÃ»`), or a
      no-break space at the end of a word in capitals; or a
      letter, punctuation or a space, then anything, after a letter (`così…”`, `perché Ž`);
    - a symbol and a letter that would repair to a letter standing alone (`√π` as `ù`).

    Several characters are text-like only if each is punctuation and a letter, at the start of
    a word (`“π–π`, though it could be `он` in Mac Roman).
    """
    before, after = repaired_line[at - 1 : at], repaired_line[at + 1 : at + 2]
    if length > 1:
        pairs = [garbled[i : i + 2] for i in range(0, len(garbled), 2)]
        return (
            len(garbled) == 2 * length
            and not before.isalpha()
            and all(_punct_letter(p) for p in pairs)
        )
    first, rest = garbled[0], garbled[1:]
    if first.isalpha() and len(rest) == 1:
        if rest in _AFTER_A_WORD and not after.isalpha():
            return True
        if rest == "\u00a0" and before.isupper():
            return True  # `IRMÃ` and a no-break space; but `Ã` and one is à, common in French
    elif first.isalpha():
        if before.isalpha() and unicodedata.category(rest[0])[0] in "PZ":
            return True
        return all(unicodedata.category(c)[0] in "PZ" for c in rest)
    if len(garbled) != 2 or not rest.isalpha():
        return False
    if _punct_letter(garbled):
        return not before.isalpha()
    return repaired_line[at].isalpha() and not before.isalpha() and not after.isalpha()


def _punct_letter(pair: str) -> bool:
    return unicodedata.category(pair[0])[0] in "PZ" and pair[1].isalpha()


@dataclass(frozen=True, slots=True)
class _Stretch:
    start: int  # in the text
    end: int
    repaired: str


def _stretches(codec: _Codec, text: str, start: int, end: int) -> list[_Stretch]:
    """Maximal runs of well-formed UTF-8 sequences, read back through ``codec``."""
    found: list[_Stretch] = []
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


def _stretch(data: bytes, offset: int, start: int, end: int) -> _Stretch:
    return _Stretch(offset + start, offset + end, data[start:end].decode("utf-8"))


def _judge_line(
    text: str, line_start: int, line_end: int, stretches: list[_Stretch]
) -> tuple[list[_Stretch], bool]:
    """The stretches of one line that are mojibake, and whether repairing them is safe.

    A stretch counts when every repaired character is plausible and fits its neighbours'
    script, and the line has at least one stretch that is not a text-like shape (see
    :func:`_looks_like_text`). The repair is safe when the stretches cover every non-ASCII
    character of the line: a line garbled as a whole has nothing else, while correct text
    almost always has other accented letters or the closing half of a `«»` pair.
    """
    pieces: list[str] = []
    positions: list[int] = []  # where each stretch starts in the repaired line
    last, length = line_start, 0
    for s in stretches:
        pieces += (text[last : s.start], s.repaired)
        length += s.start - last
        positions.append(length)
        length += len(s.repaired)
        last = s.end
    pieces.append(text[last:line_end])
    repaired_line = "".join(pieces)
    accepted: list[_Stretch] = []
    clear: list[_Stretch] = []
    for s, at in zip(stretches, positions, strict=True):
        if not all(_plausible_char(c) for c in s.repaired):
            continue
        if not all(_fits(repaired_line, i, at) for i in range(at, at + len(s.repaired))):
            continue
        accepted.append(s)
        if not _looks_like_text(text[s.start : s.end], repaired_line, at, len(s.repaired)):
            clear.append(s)
    if not clear:
        return [], False
    line = text[line_start:line_end]
    if _length(accepted) == len(line) - len(line.encode("ascii", "ignore")):
        return accepted, True
    # Correct text shares the line: only clear stretches of three characters or more (a
    # garbled three- or four-byte sequence, or several) are reported, and not as safe.
    return [s for s in clear if s.end - s.start >= 3], False


def find_mojibake(text: str) -> list[Mojibake]:
    """Every mojibake stretch of ``text``, in order, with its repair and its encoding."""
    if text.isascii() or not _ANY_START.search(text):
        return []
    by_line: dict[int, dict[str, list[_Stretch]]] = {}
    for codec in CODECS:
        if not (first := codec.start.search(text)):
            continue
        line_start = searched = 0
        for s in _stretches(codec, text, first.start(), len(text)):
            line_start = text.rfind("\n", searched, s.start) + 1 or line_start
            searched = s.start  # the stretches come in order: never search a stretch twice
            if codec.line_gate is not None and not _gate_open(codec.line_gate, text, line_start):
                continue
            by_line.setdefault(line_start, {}).setdefault(codec.name, []).append(s)
    result: list[Mojibake] = []
    for line_start, per_codec in sorted(by_line.items()):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        readings = []
        for name, stretches in per_codec.items():
            accepted, safe = _judge_line(text, line_start, line_end, stretches)
            if accepted:
                readings.append((safe, _marks(accepted), -_length(accepted), name, accepted))
        if not readings:
            continue
        # The reading that explains the whole line; then the one with fewer combining marks
        # (`Ã¨` is è in Windows-1252, but t̨ in Mac Roman); a tie is ambiguous.
        readings.sort(key=lambda r: (not r[0], r[1], r[2]))
        safe, marks, length, name, accepted = readings[0]
        if len(readings) > 1 and readings[1][:3] == (safe, marks, length):
            safe = False
        result.extend(Mojibake(s.start, s.end, s.repaired, name, safe) for s in accepted)
    return result


def _gate_open(gate: re.Pattern[str], text: str, line_start: int) -> bool:
    line_end = text.find("\n", line_start)
    return gate.search(text, line_start, len(text) if line_end < 0 else line_end) is not None


def _length(stretches: list[_Stretch]) -> int:
    return sum(s.end - s.start for s in stretches)


def _marks(stretches: list[_Stretch]) -> int:
    return sum(unicodedata.category(c)[0] == "M" for s in stretches for c in s.repaired)
