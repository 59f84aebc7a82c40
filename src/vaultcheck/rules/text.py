"""TXT rules: the note's text itself."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.diagnostics import Diagnostic
from vaultcheck.model import Note
from vaultcheck.rules.base import Context, Rule, register


@register
class NotUtf8(Rule):
    """What it does: reports a note that is not UTF-8 text (invalid bytes, or binary content).

    Why: Obsidian reads notes as UTF-8; other bytes show as replacement characters, and saving
    the note from Obsidian replaces them for good. A binary file named `.md` is not a note.

    Example: a note saved as Latin-1 by an old editor, where `é` is the single byte `0xE9`.

    Fix safety: no automatic fix; the original encoding cannot be known for sure. vaultcheck
    never writes to such a file.
    """

    code = "TXT002"
    name = "not-utf8"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        problem = note.encoding_problem
        if problem is None:
            return
        if problem.binary:
            message = "File is binary (it contains NUL bytes), not a Markdown note"
        else:
            shown = " ".join(f"0x{b:02X}" for b in problem.bad_bytes)
            message = (
                f"Not valid UTF-8: byte {shown} cannot be decoded; Obsidian shows "
                "replacement characters here"
            )
        yield self.report(note.path, problem.span, message)
