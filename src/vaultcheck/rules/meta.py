"""VC rules: about vaultcheck's own run."""

from __future__ import annotations

import re
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.rules.base import REGISTRY, Context, Rule, register
from vaultcheck.rules.shared.suppress import Suppression, alone_on_line, parse_suppressions

_START = Span(0, 0, 1, 1, 1, 1)


@register
class UnreadableFile(Rule):
    """What it does: reports a file or folder of the vault that could not be read.

    Why: a note vaultcheck cannot read is a note it cannot check, and its links are missing
    from the graph; a silent skip would look like a clean result.

    Example: a note without read permission, a folder the user cannot list, or a file whose
    name is not valid UTF-8 (shown with `�` for each bad byte, as Obsidian shows it).

    Fix safety: no automatic fix.
    """

    code = "VC003"
    name = "unreadable-file"
    vault_reads_notes = False

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        for problem in ctx.vault.read_problems:
            yield self.report(problem.path, _START, f"Cannot read: {problem.reason}")


def suppressions(note: Note, ctx: Context) -> list[Suppression]:
    """The note's suppression directives, parsed once per run (VC002 and the engine share them)."""
    cache: dict[str, list[Suppression]] = ctx.memo.setdefault("suppressions", {})
    if note.path not in cache:
        cache[note.path] = parse_suppressions(note)
    return cache[note.path]


def _removal(note: Note, suppression: Suppression) -> Fix:
    span = suppression.span
    start, end = span.start, span.end
    if alone_on_line(note, span):
        start = note.line_starts[span.line - 1]
        end = (
            note.line_starts[span.end_line]
            if span.end_line < len(note.line_starts)
            else len(note.text)
        )
    replacement = ""
    if alone_on_line(note, span) and _between_text(note, span):
        # On its own line the comment is a block of its own, which kept the lines above and
        # below apart (a paragraph from a table, code or a setext underline): an empty line
        # keeps them apart once it is gone.
        line_end = _LINE_END.search(note.text, start, end)
        replacement = line_end.group() if line_end else ""
    edit = Edit(start, end, replacement)
    return Fix((edit,), Applicability.SAFE, "Remove the unused suppression")


_LINE_END = re.compile(r"(?:\r\n|\r|\n)\Z")


def _between_text(note: Note, span: Span) -> bool:
    """Whether the lines just above and below ``span`` both hold text."""
    if span.line == 1 or span.end_line >= len(note.line_starts):
        return False
    return bool(note.line_text(span.line - 1).strip() and note.line_text(span.end_line + 1).strip())


@register
class UnusedSuppression(Rule):
    """What it does: reports a `vaultcheck:` suppression comment that silenced nothing.

    Why: a stale suppression hides the next real problem on that line, and misleads readers
    into thinking something there is wrong.

    Example:
        <!-- vaultcheck: ignore[LNK001] --> above a line whose links all resolve.

    Only codes whose rules ran are judged. Fix safety: safe; the comment is removed (with its
    line when it stands alone; between two lines of text an empty line stays, since the
    comment kept them apart), nothing else changes.
    """

    code = "VC001"
    name = "unused-suppression"
    severity = Severity.WARNING
    fixable = "safe"

    def unused(
        self, note: Note, suppressions: list[Suppression], ran: set[str]
    ) -> Iterable[Diagnostic]:
        """Diagnostics for directives (or codes in them) that matched no diagnostic."""
        for suppression in suppressions:
            if suppression.kind == "enable":
                continue
            if not suppression.codes:
                if not suppression.used:
                    yield self.report(
                        note.path,
                        suppression.span,
                        "Unused suppression: nothing to silence here",
                        _removal(note, suppression),
                    )
                continue
            idle = [
                c
                for c in suppression.codes
                if c not in suppression.used and any(r.startswith(c) for r in ran)
            ]
            if idle:
                fix = _removal(note, suppression) if len(idle) == len(suppression.codes) else None
                yield self.report(
                    note.path,
                    suppression.span,
                    f"Unused suppression: no {', '.join(idle)} problem to silence here",
                    fix,
                )


@register
class UnknownRuleCode(Rule):
    """What it does: reports a rule code in a suppression comment that no rule has.

    Why: a misspelt code suppresses nothing, and the problem it was meant for stays reported
    (or, worse, the comment is trusted to do something it does not).

    Example:
        <!-- vaultcheck: ignore[LINK001] -->

    Fix safety: no automatic fix.
    """

    code = "VC002"
    name = "unknown-rule-code"
    needs = "comments"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not note.comments:
            return  # no directive (most notes)
        for suppression in suppressions(note, ctx):
            for code in suppression.codes:
                if not any(known.startswith(code) for known in REGISTRY):
                    yield self.report(
                        note.path, suppression.span, f"Unknown rule code `{code}` in suppression"
                    )


@register
class InternalError(Rule):
    """What it does: reports a note vaultcheck's parser failed on (a bug in vaultcheck).

    Why: one strange note must not stop the check of the whole vault, nor be skipped in
    silence. The message carries the error for the bug report. (A failure inside one rule is
    reported under that rule's own code.)

    Example: a note nested so deeply that parsing it runs out of recursion.

    Fix safety: no automatic fix.
    """

    code = "VC004"
    name = "internal-error"
    needs = "internal_error"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.internal_error is not None:
            yield self.report(
                note.path,
                _START,
                f"Could not parse this note ({note.internal_error}); please report it",
            )


@register
class NoteTooLarge(Rule):
    """What it does: reports a note too large to check (over 10 MB), which is then skipped.

    Why: such files are exports, logs or dumps rather than notes; parsing them would cost
    more memory and time than the rest of the vault. Links to the note still resolve.

    Example: a 50 MB `export.md` of a chat history.

    Fix safety: no automatic fix.
    """

    code = "VC005"
    name = "note-too-large"
    needs = "skipped_size"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.skipped_size is not None:
            size = note.skipped_size / (1024 * 1024)
            yield self.report(
                note.path, _START, f"Note is {size:.1f} MB, over the 10 MB limit; not checked"
            )


@register
class StaleBaselineEntry(Rule):
    """What it does: reports an entry of the baseline (`--baseline`) that matches no problem.

    Why: the problem was fixed, or its note renamed or deleted. Left in, the entry would let
    the same problem come back unseen. Rewriting the baseline (`--write-baseline`) drops it,
    so the baseline only ever shrinks.

    Example:
        the baseline lists `LNK001 Broken link: no note named `Draft`` for `Ideas.md`, and
        the link has been fixed.

    Only entries of rules that ran, for notes the run reports on, are judged. Fix safety: no
    automatic fix; rewrite the baseline.
    """

    code = "VC006"
    name = "stale-baseline-entry"
    severity = Severity.WARNING

    def stale(self, path: str, code: str, text: str, missing: int, listed: int) -> Diagnostic:
        """The diagnostic for a baseline entry ``missing`` of whose ``listed`` problems are gone."""
        part = f" ({missing} of {listed})" if listed > 1 else ""
        return self.report(
            path,
            _START,
            f'Stale baseline entry: {code} "{text}" no longer occurs{part}; '
            "rewrite the baseline with --write-baseline",
        )
