"""Inline suppressions, as markdownlint users expect them, in HTML or ``%%`` comments.

- ``<!-- vaultcheck: ignore[LNK001] -->``: this line; or the next line when the comment is
  alone on its line.
- ``disable[...]`` ... ``enable[...]``: every line in between (to the end when never enabled).
- ``file-ignore[...]``: the whole note.

Codes are rule codes or prefixes (``LNK``), comma-separated; without ``[...]`` every rule is
meant. The same directives work inside ``%% ... %%``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note, Span

_DIRECTIVE = re.compile(
    r"^\s*vaultcheck:\s*(ignore|disable|enable|file-ignore)(?:\[([^\]]*)\])?\s*$", re.DOTALL
)


@dataclass
class Suppression:
    """One directive: which codes, over which lines, and which codes it was used for."""

    kind: str
    codes: tuple[str, ...]  # empty: every rule
    span: Span
    first_line: int
    last_line: int  # inclusive; a very large number for "to the end"
    used: set[str] = field(default_factory=set)

    def covers(self, d: Diagnostic) -> str | None:
        """The directive code that matches ``d`` here, ``"*"`` for all, or ``None``."""
        if not self.first_line <= d.span.line <= self.last_line:
            return None
        if not self.codes:
            return "*"
        return next((c for c in self.codes if d.code.startswith(c)), None)


def alone_on_line(note: Note, span: Span) -> bool:
    """Whether nothing but white space shares the comment's lines: before it on its first
    line (a list or quote marker is not white space) and after it on its last."""
    before = note.line_text(span.line)[: span.column - 1]
    after = note.line_text(span.end_line)[span.end_column - 1 :]
    return not (before.strip() or after.strip())


def parse_suppressions(note: Note) -> list[Suppression]:
    """The directives in ``note``'s comments, with the lines each one covers."""
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    end = 1 << 30
    for span, inner in sorted(note.comments, key=lambda c: c[0].start):
        match = _DIRECTIVE.match(inner)
        if not match:
            continue
        kind = match.group(1)
        codes = tuple(c.strip().upper() for c in (match.group(2) or "").split(",") if c.strip())
        if kind == "ignore":
            line = span.end_line + 1 if alone_on_line(note, span) else span.line
            found.append(Suppression(kind, codes, span, line, line))
        elif kind == "file-ignore":
            found.append(Suppression(kind, codes, span, 1, end))
        elif kind == "disable":
            suppression = Suppression(kind, codes, span, span.line, end)
            found.append(suppression)
            open_ranges.append(suppression)
        else:  # enable: ends the open ranges it names (all of them when it names none)
            for open_range in open_ranges:
                if not codes or set(codes) & set(open_range.codes):
                    open_range.last_line = span.line
            open_ranges = [r for r in open_ranges if r.last_line == end]
    return found


def apply_suppressions(
    diagnostics: list[Diagnostic], suppressions: list[Suppression]
) -> list[Diagnostic]:
    """Drop suppressed diagnostics, recording on each directive which codes it silenced."""
    kept = []
    for d in diagnostics:
        hit = False
        for suppression in suppressions:
            code = suppression.covers(d)
            if code is not None:
                suppression.used.add(code)
                hit = True
        if not hit:
            kept.append(d)
    return kept
