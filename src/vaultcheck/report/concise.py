"""``path:line:col: CODE message``: one line per problem, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.report import ReportContext, one_line, summary


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    for d in diagnostics:
        fixable = " [*]" if ctx.fixable(d) else ""
        where = f"{ctx.shown_path(d.path)}:{d.span.line}:{d.span.column}"
        out.write(f"{where}: {d.code}{fixable} {one_line(d.message)}\n")
    out.write(summary(diagnostics, ctx.fixed, ctx.nothing_checked) + "\n")
