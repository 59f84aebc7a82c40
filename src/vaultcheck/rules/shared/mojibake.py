"""Mojibake: UTF-8 text that was once decoded with a legacy 8-bit encoding.

``⚖️`` is the bytes ``E2 9A 96 EF B8 8F`` in UTF-8; read as Mac Roman they show as ``‚öñÔ∏è``.
In an 8-bit encoding one character is one byte, so a garbled stretch maps back to its bytes and
the repair is exact. The hard part is not to mistake correct text for mojibake: ``«Åpne`` is
``C7 81`` in Mac Roman, a well-formed UTF-8 sequence (``ǁ``), yet it is Norwegian. So a stretch
counts only with evidence (:mod:`.mojibake_judge`, weighed line by line in :func:`_judge_line`),
and the repair is safe only when the whole line reads as one garbling. The encodings and the
candidate stretches are in :mod:`.mojibake_codecs`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vaultcheck.rules.shared.mojibake_codecs import ANY_START, CODECS, Stretch, read_stretches
from vaultcheck.rules.shared.mojibake_judge import fits, looks_like_text, plausible_char


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


def _judge_line(
    text: str, line_start: int, line_end: int, stretches: list[Stretch]
) -> tuple[list[Stretch], bool]:
    """The stretches of one line that are mojibake, and whether repairing them is safe.

    A stretch counts when every repaired character is plausible and fits its neighbours'
    script, and the line has at least one stretch that is not a text-like shape
    (:func:`.mojibake_judge.looks_like_text`). The repair is safe when the stretches cover
    every non-ASCII character of the line: a line garbled as a whole has nothing else, while
    correct text almost always has other accented letters or the closing half of a `«»` pair.
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
    accepted: list[Stretch] = []
    clear: list[Stretch] = []
    for s, at in zip(stretches, positions, strict=True):
        if not all(plausible_char(c) for c in s.repaired):
            continue
        if not all(fits(repaired_line, i, at) for i in range(at, at + len(s.repaired))):
            continue
        accepted.append(s)
        if not looks_like_text(text[s.start : s.end], repaired_line, at, len(s.repaired)):
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
    if text.isascii() or not (some := ANY_START.search(text)):
        return []
    by_line: dict[int, dict[str, list[Stretch]]] = {}
    for codec in CODECS:
        # No codec's start comes before the first place some codec's start can match.
        if not (first := codec.start.search(text, some.start())):
            continue
        line_start = searched = 0
        for s in read_stretches(codec, text, first.start(), len(text)):
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


def _length(stretches: list[Stretch]) -> int:
    return sum(s.end - s.start for s in stretches)


def _marks(stretches: list[Stretch]) -> int:
    return sum(unicodedata.category(c)[0] == "M" for s in stretches for c in s.repaired)
