"""Whether a repaired stretch is text someone wrote: its characters plausible, fitting the
script beside them, and its garbled shape not one that correct text writes too.

The hard part of finding mojibake is not to mistake correct text for it: ``«Åpne`` is
``C7 81`` in Mac Roman, a well-formed UTF-8 sequence (``ǁ``), yet it is Norwegian. These
tests are that evidence, used by :func:`.mojibake.find_mojibake` line by line.
"""

from __future__ import annotations

import unicodedata

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


def plausible_char(char: str) -> bool:
    """Whether a repaired character is one text would hold (not a control, nor a rare
    letter or mark that garbling gives far more often than writers do)."""
    category = unicodedata.category(char)
    if category in ("Cc", "Co", "Cn", "Cs"):
        return False  # controls, private use, unassigned, surrogates: never what was meant
    if ord(char) in _RARE_LATIN:
        return char in _COMMON_IN_RARE_LATIN
    if 0x0300 <= ord(char) < 0x0370:
        return ord(char) in _COMMON_MARKS
    return not any(ord(char) in archaic for archaic in _ARCHAIC)


def fits(line: str, index: int, first: int) -> bool:
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


def looks_like_text(garbled: str, repaired_line: str, at: int, length: int) -> bool:
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
