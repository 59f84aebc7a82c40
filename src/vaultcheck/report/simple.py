"""Line-oriented formats: ``grouped`` (by file) and ``json-lines`` (one object per line)."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.report import ReportContext, one_line, summary
from vaultcheck.report.jsonfmt import as_dict


def render_grouped(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    """Each file once, then its problems as ``line:col CODE [*] message``."""
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        out.write(f"{ctx.shown_path(path)}:\n")
        for d in group:
            fixable = " [*]" if ctx.fixable(d) else ""
            out.write(f"  {d.span.line}:{d.span.column} {d.code}{fixable} {one_line(d.message)}\n")
        out.write("\n")
    out.write(summary(diagnostics, ctx.fixed, ctx.nothing_checked) + "\n")


def render_json_lines(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    """One JSON object per line, the same fields as ``json``."""
    for d in diagnostics:
        out.write(json.dumps(as_dict(d), ensure_ascii=False) + "\n")
