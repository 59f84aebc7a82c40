"""``lint --also-write FORMAT:FILE``: more reports of the same run, each in its own format.

CI wants annotations in the log, a SARIF file for code scanning and counts for the job summary;
linting once and rendering three times costs one run instead of three, and the three reports
cannot disagree (a note edited between runs, a cache filled by the first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.errors import UsageError
from vaultcheck.report import FORMATS, ReportContext, renderer


def parse_also_write(specs: Sequence[str]) -> list[tuple[str, Path]]:
    """``["sarif:out.sarif", ...]`` as (format, file) pairs; a bad one is a usage error before
    anything runs. The format is split off at the first colon, so the file may hold colons."""
    pairs = []
    for spec in specs:
        output_format, colon, name = spec.partition(":")
        if not colon or not name:
            raise UsageError(f"--also-write wants FORMAT:FILE, not `{spec}`")
        if output_format not in FORMATS:
            valid = ", ".join(FORMATS)
            raise UsageError(f"unknown --also-write format `{output_format}` (valid: {valid})")
        pairs.append((output_format, Path(name)))
    return pairs


def write_also(
    pairs: Sequence[tuple[str, Path]], diagnostics: list[Diagnostic], ctx: ReportContext
) -> None:
    """Render ``diagnostics`` once per pair into its file (never coloured: files are read by
    tools)."""
    plain = replace(ctx, color=False)
    for output_format, path in pairs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as stream:
                render = renderer(output_format)
                assert render is not None  # checked by parse_also_write
                render(diagnostics, stream, plain)
        except OSError as err:
            raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
