"""Renderers: one per output format. They format diagnostics; they compute nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from vaultcheck.diagnostics import Diagnostic


@dataclass(frozen=True)
class ReportContext:
    """What a renderer may need besides the diagnostics."""

    #: Turns a vault-relative path into the path shown to the user.
    display_path: Callable[[str], str]
    #: The text of a 1-based line of a vault-relative path ("" when unknown).
    line_text: Callable[[str, int], str]
    color: bool = False


Renderer = Callable[[list[Diagnostic], TextIO, ReportContext], None]


def renderers() -> dict[str, Renderer]:
    """Output format name -> renderer."""
    from vaultcheck.report import concise, full, jsonfmt

    return {"full": full.render, "concise": concise.render, "json": jsonfmt.render}


def summary(diagnostics: list[Diagnostic]) -> str:
    """``Found 3 problems (2 errors, 1 warning).`` or ``All checks passed!``"""
    if not diagnostics:
        return "All checks passed!"
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.severity.value] = counts.get(d.severity.value, 0) + 1
    parts = [
        f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}"
        for s in ("error", "warning", "info")
        if s in counts
    ]
    total = len(diagnostics)
    return f"Found {total} problem{'' if total == 1 else 's'} ({', '.join(parts)})."
