"""VC rules: about vaultcheck's own run."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.diagnostics import Diagnostic
from vaultcheck.model import Span
from vaultcheck.rules.base import Context, Rule, register

_START = Span(0, 0, 1, 1, 1, 1)


@register
class UnreadableFile(Rule):
    """What it does: reports a file or folder of the vault that could not be read.

    Why: a note vaultcheck cannot read is a note it cannot check, and its links are missing
    from the graph; a silent skip would look like a clean result.

    Example: a note without read permission, or a folder the user cannot list.

    Fix safety: no automatic fix.
    """

    code = "VC003"
    name = "unreadable-file"

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        for problem in ctx.vault.read_problems:
            yield self.report(problem.path, _START, f"Cannot read: {problem.reason}")
