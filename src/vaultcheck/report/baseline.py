"""A baseline of known problems: the file that lists them, and which of today's it covers.

A problem is known by its fingerprint: the note's path, the rule's code, and its text (the
message without what an edit elsewhere changes: line numbers, counts, a spelling
suggestion). Line and column are left out, so problems stay known when lines move above
them. A fingerprint may occur several times in a note; the baseline counts them, and when a
note has more than counted, every one of them is reported (which one is new cannot be told),
as ESLint's bulk suppressions do. The file is sorted JSON, one object per note, so a change
to it reviews like any other.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.errors import UsageError

#: The file format; a file of another version is refused rather than misread.
VERSION = 1

#: (path, code, text)
Fingerprint = tuple[str, str, str]

_SUGGESTION = re.compile(r"; did you mean `[^`]*`\?$")
_LINE_NUMBER = re.compile(r"\b(lines?) \d+")
_COUNT = re.compile(r"\b\d+ times?\b")


def problem_text(message: str) -> str:
    """``message`` without what an edit elsewhere in the vault can change."""
    text = _SUGGESTION.sub("", message)
    text = _LINE_NUMBER.sub(r"\1 N", text)
    return _COUNT.sub("N times", text)


def fingerprint(d: Diagnostic) -> Fingerprint:
    """What a problem is known by in a baseline."""
    return (d.path, d.code, problem_text(d.message))


@dataclass
class Filtered:
    """Today's problems after the baseline: those to report, how many it covered, and its
    entries that matched nothing (fingerprint, how many are missing, how many listed)."""

    shown: list[Diagnostic]
    known: int = 0
    stale: list[tuple[Fingerprint, int, int]] = field(default_factory=list)


def read_baseline(path: Path) -> Counter[Fingerprint]:
    """The counts a baseline file lists; a missing or malformed file is a usage error."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no baseline at {path}; write one with --write-baseline {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"cannot read baseline {path}: {err}") from None
    except ValueError as err:
        raise UsageError(f"baseline {path} is not valid JSON: {err}") from None
    problems = data.get("problems") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(problems, dict)
    ):
        raise UsageError(f"baseline {path} is not a vaultcheck baseline (version {VERSION})")
    counts: Counter[Fingerprint] = Counter()
    for note, codes in problems.items():
        if not isinstance(codes, dict):
            raise UsageError(f"baseline {path}: the entry of `{note}` is not an object")
        for code, texts in codes.items():
            if not isinstance(texts, dict):
                raise UsageError(f"baseline {path}: `{note}` {code} is not an object")
            for text, count in texts.items():
                if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                    raise UsageError(f"baseline {path}: count of `{note}` {code} is not a number")
                counts[(note, code, text)] += count
    return counts


def apply_baseline(
    diagnostics: list[Diagnostic],
    known: Counter[Fingerprint],
    judged: Callable[[str, str], bool],
) -> Filtered:
    """Leave out the problems ``known`` lists; list its entries that matched nothing among
    those ``judged(path, code)`` says this run could have found."""
    found: dict[Fingerprint, list[Diagnostic]] = {}
    for d in diagnostics:
        found.setdefault(fingerprint(d), []).append(d)
    covered: set[Fingerprint] = set()
    result = Filtered(shown=[])
    for key, group in found.items():
        if len(group) <= known.get(key, 0):
            covered.add(key)
            result.known += len(group)
    result.shown = [d for d in diagnostics if fingerprint(d) not in covered]
    for key, count in sorted(known.items()):
        missing = count - len(found.get(key, ()))
        if missing > 0 and judged(key[0], key[1]):
            result.stale.append((key, missing, count))
    return result


def render_baseline(counts: Counter[Fingerprint]) -> str:
    """The file's text: indented JSON, notes, codes and texts sorted, a final newline."""
    problems: dict[str, dict[str, dict[str, int]]] = {}
    for (note, code, text), count in sorted(counts.items()):
        problems.setdefault(note, {}).setdefault(code, {})[text] = count
    data = {"version": VERSION, "problems": problems}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # built in sorted order


def write_baseline(
    path: Path,
    diagnostics: Iterable[Diagnostic],
    judged: Callable[[str, str], bool],
) -> Counter[Fingerprint]:
    """Record today's problems in ``path``. Entries of an existing file that this run could
    not have found (other notes, rules not run: not ``judged``) are kept."""
    counts: Counter[Fingerprint] = Counter(fingerprint(d) for d in diagnostics)
    if path.exists():
        for key, count in read_baseline(path).items():
            if not judged(key[0], key[1]):
                counts[key] += count
    import tempfile  # here: only writing a baseline needs it (with shutil and random, 3 ms)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(render_baseline(counts))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as err:
        raise UsageError(f"cannot write baseline {path}: {err.strerror or err}") from None
    return counts
