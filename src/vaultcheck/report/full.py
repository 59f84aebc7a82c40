"""The terminal view: problems grouped by file, each with its line and a marker under it.

Without colour (pipes, CI, files) the lines are written as plain text; with colour, rich
styles the same characters. Both come from :func:`_lines`, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.text import Text

from vaultcheck.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext, summary

_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

#: A line as (text, style) pieces; style "" is unstyled.
Line = list[tuple[str, str]]


def _lines(diagnostics: list[Diagnostic], ctx: ReportContext) -> Iterator[Line]:
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        yield [(ctx.display_path(path), "bold underline")]
        for d in group:
            style = _STYLE[d.severity]
            yield [
                (f"  {d.span.line}:{d.span.column}  ", ""),
                (d.severity.value, style),
                ("  ", ""),
                (d.code, "bold"),
                (" [*]" if ctx.fixable(d) else "", "dim"),
                (f"  {d.message}  ", ""),
                (d.name, "dim"),
            ]
            yield from _source(ctx, d, style)
        yield []
    yield [(summary(diagnostics, ctx.fixed), "bold")]


def _source(ctx: ReportContext, d: Diagnostic, style: str) -> Iterator[Line]:
    text = ctx.line_text(d.path, d.span.line)
    if not text.strip():
        return
    gutter = str(d.span.line)
    end = d.span.end_column if d.span.end_line == d.span.line else len(text) + 1
    width = max(1, end - d.span.column)
    yield [(f"    {gutter} |", "dim"), (" " + text.expandtabs(1), "")]
    yield [(" " * (len(gutter) + 5) + "|", "dim"), (" " * d.span.column, ""), ("^" * width, style)]


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    if not ctx.color:
        for line in _lines(diagnostics, ctx):
            out.write("".join(text for text, _ in line) + "\n")
        return
    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, width=200)
    for line in _lines(diagnostics, ctx):
        console.print(Text.assemble(*[(text, style or "") for text, style in line]))
