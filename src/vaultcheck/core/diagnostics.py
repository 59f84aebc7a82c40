"""What a rule reports: a :class:`Diagnostic`, optionally carrying a :class:`Fix`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from vaultcheck.core.model import Span


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, Enum):
    """Whether a fix may be applied without review (``--fix``) or only on request."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class LinkEffect(str, Enum):
    """What a rule's fixes mean to do to the links they edit. The fix verifier holds each
    fix to it: a link an edit touches must lead, after it, where this allows."""

    #: Every link it edits opens the same file, heading and block as before (case and
    #: form fixes: LNK002, LNK008, LNK010).
    KEEP = "keep"
    #: As ``KEEP``, except that a link that opened nothing may be mended (TXT001 restoring
    #: a garbled target).
    REPAIR = "repair"
    #: It may make new links (a list item added, a mention linked); the others keep.
    ADD = "add"
    #: It may remove links (a duplicate list item dropped); those left keep.
    REMOVE = "remove"
    #: It means to change where links lead (a broken link sent to the note it meant).
    RETARGET = "retarget"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``[start, end)`` of a note's text with ``replacement``."""

    start: int
    end: int
    replacement: str
    #: The note to edit when it is not the diagnostic's own (REL004 edits the other note).
    path: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Edit, (self.start, self.end, self.replacement, self.path))


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that together repair one diagnostic."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (Fix, (self.edits, self.applicability, self.message))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. ``path`` is vault-relative with ``/``."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    fix: Fix | None = None

    # Pickled as a constructor call: the dataclass default (a Python ``__setstate__`` looking
    # up the fields each time) made reading the stored findings twice as slow.
    def __reduce__(self) -> tuple[Any, ...]:
        return (
            Diagnostic,
            (self.code, self.name, self.severity, self.message, self.path, self.span, self.fix),
        )

    @property
    def line(self) -> int:
        """The 1-based line the problem starts on."""
        return self.span.line

    @property
    def column(self) -> int:
        """The 1-based column (in characters) the problem starts at."""
        return self.span.column

    @property
    def end_line(self) -> int:
        """The 1-based line the problem ends on."""
        return self.span.end_line

    @property
    def end_column(self) -> int:
        """The 1-based column just after the problem's last character."""
        return self.span.end_column

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)


def without_noop_edits(d: Diagnostic, path: str, text: str) -> Diagnostic:
    """``d`` without the edits of the note at ``path`` (whose text is ``text``) that would
    write what is already there; without its fix when nothing of it is left. A fix that
    changes nothing is never offered, counted or applied."""
    fix = d.fix
    if fix is None:
        return d
    edits = tuple(
        e for e in fix.edits if (e.path or d.path) != path or text[e.start : e.end] != e.replacement
    )
    if len(edits) == len(fix.edits):
        return d
    kept = Fix(edits, fix.applicability, fix.message) if edits else None
    return Diagnostic(d.code, d.name, d.severity, d.message, d.path, d.span, kept)


def times(count: int) -> str:
    """``1 time``, ``3 times``: a count as a message says it."""
    return counted(count, "time")


def counted(count: int, noun: str) -> str:
    """``1 note``, ``0 notes``, ``3 notes``: a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def listing(items: list[str] | tuple[str, ...], shown: int = 3) -> str:
    """```a`, `b`, `c` and 7 more``: lists in messages stay short however many items there are."""
    quoted = [f"`{item}`" for item in items[:shown]]
    rest = len(items) - shown
    return ", ".join(quoted) + (f" and {rest} more" if rest > 0 else "")
