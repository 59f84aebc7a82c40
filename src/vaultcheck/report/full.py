"""The terminal view: problems grouped by file, each with its line and a marker under it."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from vaultcheck.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext, summary

_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    console = Console(
        file=out,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        highlight=False,
        soft_wrap=True,
        width=200,
    )
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        console.print(f"[bold underline]{escape(ctx.display_path(path))}[/]")
        for d in group:
            style = _STYLE[d.severity]
            fixable = " [dim]\\[*][/]" if ctx.fixable(d) else ""
            console.print(
                f"  {d.span.line}:{d.span.column}  [{style}]{d.severity.value}[/]  "
                f"[bold]{d.code}[/]{fixable}  {escape(d.message)}  [dim]{d.name}[/]"
            )
            _show_line(console, ctx, d, style)
        console.print()
    console.print(f"[bold]{escape(summary(diagnostics, ctx.fixed))}[/]")


def _show_line(console: Console, ctx: ReportContext, d: Diagnostic, style: str) -> None:
    text = ctx.line_text(d.path, d.span.line)
    if not text.strip():
        return
    gutter = str(d.span.line)
    end = d.span.end_column if d.span.end_line == d.span.line else len(text) + 1
    width = max(1, end - d.span.column)
    pad = " " * (len(gutter) + 5)
    console.print(f"    [dim]{gutter} |[/] {escape(text.expandtabs(1))}")
    console.print(f"{pad}[dim]|[/] {' ' * (d.span.column - 1)}[{style}]{'^' * width}[/]")
