"""``lint --fix`` and ``lint --diff``: the fixes of a run, applied or shown, and the fixes
the verifier refused. Imported only when asked for: a plain lint does not load the fixer."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultcheck.cli.commands.lintpaths import path_shower
from vaultcheck.cli.progress import shown
from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import counted
from vaultcheck.engine.run import LintResult, lint
from vaultcheck.fixing.fixer import FixOutcome, fix_vault
from vaultcheck.fixing.writing import unified_diff, write_fixes
from vaultcheck.report import one_line
from vaultcheck.rules import Rule
from vaultcheck.vault.cache import Cache

if TYPE_CHECKING:
    from vaultcheck.cli.commands.lint import LintOptions


def lint_and_fix(
    root: Path,
    rules: list[type[Rule]],
    config: Config,
    only: list[str] | None,
    named: list[str],
    cache: Cache | None,
    options: LintOptions,
    amend: Callable[[LintResult], LintResult],
) -> tuple[LintResult, int, int]:
    """``--fix``: apply the fixes, say on stderr what was refused or could not be written;
    the result after them, how many problems were fixed and how many notes not written."""
    outcome = fix_vault(
        root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs, amend
    )
    write_fixes(root, outcome)
    report_rejections(root, outcome)
    report_unconverged(root, outcome)
    for rel, reason in outcome.failures:
        sys.stderr.write(f"vaultcheck: {path_shower(root)(rel)}: {reason}\n")
    assert outcome.result is not None
    result, fixed, failures = outcome.result, outcome.fixed, len(outcome.failures)
    if failures:
        # What remains is what is on disk now, not what the unwritten notes would hold.
        result = lint(root, rules, only, config, keep=named, cache=cache, jobs=options.jobs)
    return result, fixed, failures


def show_diff(
    root: Path,
    rules: list[type[Rule]],
    config: Config,
    only: list[str] | None,
    options: LintOptions,
    out: TextIO,
    amend: Callable[[LintResult], LintResult],
    with_progress: bool = False,
) -> int:
    """``--diff``: print what ``--fix`` would change, write nothing; exit 1 when it would."""
    from_git = options.changed or options.since is not None
    named = [] if options.force_exclude or only is None or from_git else only
    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    with shown(with_progress):
        outcome = fix_vault(
            root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs, amend
        )
    changed = outcome.changed
    report_rejections(root, outcome)
    report_unconverged(root, outcome)
    for rel in sorted(changed):
        out.write(unified_diff(rel, outcome.originals[rel], changed[rel]))
    problems, notes = counted(outcome.fixed, "problem"), counted(len(changed), "note")
    sys.stderr.write(f"Would fix {problems} in {notes}.\n")
    return 1 if changed and not options.exit_zero else 0


def report_rejections(root: Path, outcome: FixOutcome) -> None:
    """One line on stderr per fix the verifier refused: where, which rule, and why."""
    show = path_shower(root)
    for rejection in outcome.rejections:
        d = rejection.diagnostic
        where = f"{show(d.path)}:{d.span.line}:{d.span.column}"
        if rejection.path != d.path:
            where += f" (in {show(rejection.path)})"
        reason = one_line(rejection.reason)  # it may quote a multi-line heading or value
        sys.stderr.write(f"vaultcheck: {where}: {d.code} fix not applied: {reason}\n")


def report_unconverged(root: Path, outcome: FixOutcome) -> None:
    """One line on stderr when the fixes did not reach a fixed point: the rules whose fixes
    kept changing notes, and those notes (as ruff says "Failed to converge")."""
    if not outcome.unconverged:
        return
    show = path_shower(root)
    by_code: dict[str, list[str]] = {}
    for code, path in outcome.unconverged:
        by_code.setdefault(code, []).append(show(path))
    still = "; ".join(f"{code} in {', '.join(paths)}" for code, paths in by_code.items())
    passes = outcome.gave_up_after
    sys.stderr.write(
        f"vaultcheck: fixes failed to converge after {passes} pass{'' if passes == 1 else 'es'};"
        f" still changing: {still}. The fixes of those passes are kept; please report this.\n"
    )
