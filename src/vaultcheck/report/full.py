"""The terminal view: problems grouped by file, each with its line and a marker under it.

Without colour (pipes, CI, files) the lines are written as plain text; with colour, rich
styles the same characters. Both come from :func:`_lines`, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext, one_line, summary
from vaultcheck.report.window import window

_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
#: Each severity's word and style: an enum's ``value`` is a property run in Python.
_SEVERITY = {severity: (severity.value, style) for severity, style in _STYLE.items()}
#: A piece's text.
_TEXT = itemgetter(0)
#: Lines written at once without colour.
_BATCH = 1000

#: A line as (text, style) pieces; style "" is unstyled.
Line = list[tuple[str, str]]


def _lines(diagnostics: list[Diagnostic], ctx: ReportContext) -> Iterator[Line]:
    line_text = _last_line(ctx.line_text)
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        yield [(ctx.shown_path(path), "bold underline")]
        for d in group:
            word, style = _SEVERITY[d.severity]
            yield [
                (f"  {d.span.line}:{d.span.column}  ", ""),
                (word, style),
                ("  ", ""),
                (d.code, "bold"),
                (" [*]" if d.fix is not None and ctx.fixable(d) else "", "dim"),
                (f"  {one_line(d.message)}  ", ""),
                (d.name, "dim"),
            ]
            text = line_text(d.path, d.span.line)
            if text and not text.isspace():  # isspace stops at the first visible character
                yield from _source(text, d, style)
        yield []
    yield [(summary(diagnostics, ctx.fixed, ctx.nothing_checked), "bold")]


def _last_line(line_text: Callable[[str, int], str]) -> Callable[[str, int], str]:
    """``line_text`` remembering its last answer: problems come sorted, and the many problems
    of one long line must not copy that line once each."""
    last_path, last_line, last_text = "", -1, ""

    def cached(path: str, line: int) -> str:
        nonlocal last_path, last_line, last_text
        if line != last_line or path != last_path:
            last_path, last_line, last_text = path, line, line_text(path, line)
        return last_text

    return cached


def _source(text: str, d: Diagnostic, style: str) -> tuple[Line, Line]:
    """The source line of ``d`` (``text``, not blank) and its marker."""
    span = d.span
    gutter = str(span.line)
    shown = window(text, span.column, span.end_column if span.end_line == span.line else None)
    return (
        [(f"    {gutter} |", "dim"), (" " + shown.text, "")],
        [
            (" " * (len(gutter) + 5) + "|", "dim"),
            (" " * (shown.caret_offset + 1), ""),
            ("^" * shown.caret_width, style),
        ],
    )


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    if not ctx.color:
        # Written a thousand lines at a time: a write per line was an eighth of the report.
        done: list[str] = []
        try:
            for line in _lines(diagnostics, ctx):
                done.append("".join(map(_TEXT, line)))
                if len(done) == _BATCH:
                    batch, done = done, []  # (a write that fails is not tried again below)
                    batch.append("")
                    out.write("\n".join(batch))
        finally:  # on a failure too: the lines made before it, as a write per line left them
            done.append("")
            out.write("\n".join(done))
        return
    from rich.console import Console  # only for colour: a plain run need not load it
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, width=200)
    for line in _lines(diagnostics, ctx):
        console.print(Text.assemble(*[(text, style or "") for text, style in line]))
