"""``lint --baseline`` and ``--write-baseline``: what a run may judge, and what it tells."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report.baseline import apply_baseline, read_baseline, write_baseline
from vaultcheck.rules import Rule
from vaultcheck.rules.meta import StaleBaselineEntry


def baseline_path(given: Path | None, config: Config) -> Path | None:
    """The baseline in use: ``--baseline``, else the config's (relative to the config file)."""
    if given is not None:
        return given
    if config.baseline and config.path is not None:
        return config.path.parent / config.baseline
    return None


def _judged(rules: Sequence[type[Rule]], only: Sequence[str] | None) -> Callable[[str, str], bool]:
    """Whether this run could have found a problem of ``code`` in ``path``: its rule ran, and
    the note is one the run reports on."""
    ran = {rule.code for rule in rules}
    scope = None if only is None else tuple(p.rstrip("/") for p in only)

    def judged(path: str, code: str) -> bool:
        if code not in ran:
            return False
        return scope is None or any(path == p or path.startswith(p + "/") for p in scope)

    return judged


def record_baseline(
    path: Path,
    diagnostics: list[Diagnostic],
    rules: Sequence[type[Rule]],
    only: Sequence[str] | None,
) -> None:
    """``--write-baseline``: write the file, say what it holds."""
    counts = write_baseline(path, diagnostics, _judged(rules, only))
    total = sum(counts.values())
    notes = len({note for note, _, _ in counts})
    sys.stderr.write(
        f"vaultcheck: wrote {total} {'problem' if total == 1 else 'problems'} in {notes} "
        f"{'note' if notes == 1 else 'notes'} to {path}\n"
    )


def filter_baseline(
    path: Path,
    diagnostics: list[Diagnostic],
    rules: Sequence[type[Rule]],
    only: Sequence[str] | None,
    config: Config,
) -> tuple[list[Diagnostic], int]:
    """The problems to report: those the baseline does not list, and (VC006) its entries
    that match nothing any more; with how many known problems were left out."""
    known = read_baseline(path)
    judged = _judged(rules, only)
    stale_rule = StaleBaselineEntry() if StaleBaselineEntry in rules else None
    filtered = apply_baseline(
        diagnostics, known, lambda p, c: stale_rule is not None and judged(p, c)
    )
    shown = list(filtered.shown)
    if stale_rule is not None:
        level = config.severity.get(stale_rule.code)
        for (note, code, text), missing, listed in filtered.stale:
            d = stale_rule.stale(note, code, text, missing, listed)
            shown.append(replace(d, severity=Severity(level)) if level else d)
    return sorted(shown, key=lambda d: d.sort_key), filtered.known


def say_known(path: Path, known: int) -> None:
    """Tell (on stderr) how many known problems the report leaves out."""
    if known:
        noun = "problem" if known == 1 else "problems"
        sys.stderr.write(f"vaultcheck: {known} known {noun} in the baseline {path} not shown\n")
