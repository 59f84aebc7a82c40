"""Renderers: one per output format. They format diagnostics; they compute nothing."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic


@dataclass(frozen=True)
class ReportContext:
    """What a renderer may need besides the diagnostics."""

    #: Turns a vault-relative path into the path shown to the user.
    display_path: Callable[[str], str]
    #: The text of a 1-based line of a vault-relative path ("" when unknown).
    line_text: Callable[[str, int], str]
    color: bool = False
    #: Whether unsafe fixes count as available (``--unsafe-fixes``), for the ``[*]`` marker.
    unsafe_fixes: bool = False
    #: Problems fixed in this run, for the summary line.
    fixed: int = 0
    #: No note was in scope (an empty folder): the summary must not say "All checks passed!".
    nothing_checked: bool = False

    def shown_path(self, path: str) -> str:
        """The displayed path for a one-line format: quoted when it holds control characters."""
        return quote_path(self.display_path(path))

    def fixable(self, d: Diagnostic) -> bool:
        """Whether ``d`` would be fixed by ``--fix`` with the current flags."""
        return d.fix is not None and (self.unsafe_fixes or d.fix.applicability.value == "safe")


#: Control characters, and the bidirectional embeddings, overrides and isolates (U+202A-202E,
#: U+2066-2069): an override in a file name or a link reverses the rest of the line as a
#: terminal or a CI log shows it (`a\u202egnp.md` reads `amd.png`), so it is escaped too.
#: Each is a control or format character: text that ``str.isprintable()`` passes (a third
#: of the time of searching it) holds none. (``window`` hides the same characters.)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """A message as one line: control characters written as escapes (``\\n``, ``\\x1b``), so
    an alias or tag value holding a line break cannot split a problem in two."""
    if text.isprintable() or not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: _escape(m.group()), text)


def quote_path(path: str) -> str:
    """A path as one line of text, as git's ``core.quotePath`` writes it: unchanged unless it
    holds a control character (a newline in a file name would split a problem in two, an
    escape sequence would restyle the terminal); then in double quotes with C escapes."""
    if not CONTROL.search(path):
        return path
    escaped = "".join(_escape(c) if c in _ESCAPES or CONTROL.match(c) else c for c in path)
    return f'"{escaped}"'


#: A finding's severity, read in C (for counting them).
_SEVERITY = attrgetter("severity")

NOTHING_CHECKED = "No notes to check: nothing was checked (notes are `.md` files)."

Renderer = Callable[[list[Diagnostic], TextIO, ReportContext], None]


#: Output format name -> (module in this package, its render function).
FORMATS = {
    "full": ("full", "render"),
    "concise": ("concise", "render"),
    "grouped": ("simple", "render_grouped"),
    "json": ("jsonfmt", "render"),
    "json-lines": ("simple", "render_json_lines"),
    "github": ("github", "render"),
    "sarif": ("sarif", "render"),
    "junit": ("ci", "render_junit"),
    "gitlab": ("ci", "render_gitlab"),
}


def renderer(name: str) -> Renderer | None:
    """The renderer of the output format ``name`` (``None`` for an unknown one). Its module
    is imported now, not the others': a run renders one or two formats, and some import
    more than they need (XML, rich), which every small run would pay at start-up."""
    if name not in FORMATS:
        return None
    module, function = FORMATS[name]
    found: Renderer = getattr(importlib.import_module(f"vaultcheck.report.{module}"), function)
    return found


def statistics(
    diagnostics: list[Diagnostic], ctx: ReportContext
) -> list[tuple[int, str, str, bool]]:
    """(count, code, name, fixable) per rule, most frequent first."""
    counts: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        counts.setdefault(d.code, []).append(d)
    rows = [
        (len(found), code, found[0].name, any(ctx.fixable(d) for d in found))
        for code, found in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r[0], r[1]))


def summary(diagnostics: list[Diagnostic], fixed: int = 0, nothing_checked: bool = False) -> str:
    """``Found 3 problems (2 errors, 1 warning).`` or ``All checks passed!``; after ``--fix``,
    ``Found 5 problems (2 fixed, 3 remaining).``; without notes, ``No notes to check ...``."""
    if nothing_checked and not diagnostics and not fixed:
        return NOTHING_CHECKED
    if fixed:
        total = fixed + len(diagnostics)
        plural = "" if total == 1 else "s"
        return f"Found {total} problem{plural} ({fixed} fixed, {len(diagnostics)} remaining)."
    if not diagnostics:
        return "All checks passed!"
    # Counted in C: an enum's ``value`` is a property run in Python (twice a problem).
    counts = {severity.value: n for severity, n in Counter(map(_SEVERITY, diagnostics)).items()}
    # "info" is a mass noun: "3 info", as "3 errors, 1 warning".
    parts = [
        f"{counts[s]} {s}{'' if counts[s] == 1 or s == 'info' else 's'}"
        for s in ("error", "warning", "info")
        if s in counts
    ]
    total = len(diagnostics)
    return f"Found {total} problem{'' if total == 1 else 's'} ({', '.join(parts)})."
