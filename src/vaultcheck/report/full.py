"""The terminal view: problems grouped by file, each with its line and a marker under it.

Without colour (pipes, CI, files) the lines are written as plain text; with colour, rich
styles the same characters. Both come from :func:`_lines`, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby
from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext, one_line, summary
from vaultcheck.report.window import window

_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

#: A line as (text, style) pieces; style "" is unstyled.
Line = list[tuple[str, str]]


def _lines(diagnostics: list[Diagnostic], ctx: ReportContext) -> Iterator[Line]:
    line_text = _last_line(ctx.line_text)
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        yield [(ctx.shown_path(path), "bold underline")]
        for d in group:
            style = _STYLE[d.severity]
            yield [
                (f"  {d.span.line}:{d.span.column}  ", ""),
                (d.severity.value, style),
                ("  ", ""),
                (d.code, "bold"),
                (" [*]" if ctx.fixable(d) else "", "dim"),
                (f"  {one_line(d.message)}  ", ""),
                (d.name, "dim"),
            ]
            yield from _source(line_text(d.path, d.span.line), d, style)
        yield []
    yield [(summary(diagnostics, ctx.fixed, ctx.nothing_checked), "bold")]


def _last_line(line_text: Callable[[str, int], str]) -> Callable[[str, int], str]:
    """``line_text`` remembering its last answer: problems come sorted, and the many problems
    of one long line must not copy that line once each."""
    last: list[tuple[str, int, str]] = []

    def cached(path: str, line: int) -> str:
        if not last or last[0][:2] != (path, line):
            last[:] = [(path, line, line_text(path, line))]
        return last[0][2]

    return cached


def _source(text: str, d: Diagnostic, style: str) -> Iterator[Line]:
    if not text or text.isspace():  # isspace stops at the first visible character
        return
    gutter = str(d.span.line)
    end = d.span.end_column if d.span.end_line == d.span.line else None
    shown = window(text, d.span.column, end)
    yield [(f"    {gutter} |", "dim"), (" " + shown.text, "")]
    yield [
        (" " * (len(gutter) + 5) + "|", "dim"),
        (" " * (shown.caret_offset + 1), ""),
        ("^" * shown.caret_width, style),
    ]


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    if not ctx.color:
        for line in _lines(diagnostics, ctx):
            out.write("".join(text for text, _ in line) + "\n")
        return
    from rich.console import Console  # only for colour: a plain run need not load it
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, width=200)
    for line in _lines(diagnostics, ctx):
        console.print(Text.assemble(*[(text, style or "") for text, style in line]))
