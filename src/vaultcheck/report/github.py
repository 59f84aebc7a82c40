"""GitHub Actions workflow commands: each problem becomes an annotation on the pull request.

Escaping follows the runner's rules: in the message ``%``, CR and LF are percent-encoded; in
property values (file, title) ``:`` and ``,`` are too, since they separate properties.
"""

from __future__ import annotations

from typing import TextIO

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow-command message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    for d in diagnostics:
        props = ",".join(
            [
                f"file={escape_property(ctx.display_path(d.path))}",
                f"line={d.span.line}",
                f"col={d.span.column}",
                f"endLine={d.span.end_line}",
                f"endColumn={d.span.end_column}",
                f"title={escape_property(f'vaultcheck ({d.code})')}",
            ]
        )
        out.write(f"::{_COMMAND[d.severity]} {props}::{escape_data(f'{d.code} {d.message}')}\n")
