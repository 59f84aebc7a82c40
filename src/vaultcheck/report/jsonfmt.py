"""JSON: a list of diagnostics with the fields DESIGN fixes, for scripts."""

from __future__ import annotations

import json
from typing import Any, TextIO

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.report import ReportContext


def as_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as plain data; positions 1-based, path vault-relative."""
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "message": d.fix.message,
            "edits": [
                {"start": e.start, "end": e.end, "content": e.replacement} for e in d.fix.edits
            ],
        }
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "path": d.path,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "fix": fix,
    }


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    json.dump([as_dict(d) for d in diagnostics], out, indent=2, ensure_ascii=False)
    out.write("\n")
