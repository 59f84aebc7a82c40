"""``vaultcheck lint``: check notes, print problems, return 0 (clean), 1 (problems) or 2."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vaultcheck.cache import Cache
from vaultcheck.config import Config, load_config
from vaultcheck.diagnostics import Diagnostic
from vaultcheck.engine import LintResult, lint
from vaultcheck.errors import UsageError
from vaultcheck.fixer import FixOutcome, fix_vault, unified_diff, write_fixes
from vaultcheck.report import ReportContext, renderers, statistics, summary
from vaultcheck.rules import Rule
from vaultcheck.scan import find_vault_root
from vaultcheck.selection import Selection, resolve_layers


@dataclass
class LintOptions:
    """Everything ``vaultcheck lint`` was asked to do."""

    paths: Sequence[Path] = ()
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    output_format: str = "full"
    exit_zero: bool = False
    color: bool = False
    config: Path | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    exit_non_zero_on_fix: bool = False
    output_file: Path | None = None
    statistics: bool = False
    force_exclude: bool = False
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int = 1


def locate(paths: Sequence[Path]) -> tuple[Path, list[str] | None]:
    """The vault root of ``paths`` and the vault-relative paths to report on (``None``: all).

    Links cross files, so the whole vault is always loaded; naming files or folders only
    narrows what is reported, as pre-commit needs.
    """
    roots: dict[Path, list[str] | None] = {}
    for given in paths or (Path.cwd(),):
        if not given.exists():
            raise UsageError(f"no such file or directory: {given}")
        root = find_vault_root(given)
        rel = given.resolve().relative_to(root).as_posix()
        if rel == "." or (root in roots and roots[root] is None):
            roots[root] = None
        else:
            listed = roots.setdefault(root, [])
            assert listed is not None
            listed.append(rel)
    if len(roots) > 1:
        names = ", ".join(str(r) for r in roots)
        raise UsageError(f"paths belong to different vaults ({names}); run once per vault")
    [(root, only)] = roots.items()
    return root, only


def display_prefix(root: Path) -> str:
    """How the vault root is written before vault-relative paths: relative to the cwd."""
    try:
        prefix = root.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        prefix = root.as_posix()
    return "" if prefix == "." else prefix + "/"


def run_lint(options: LintOptions, out: TextIO | None = None) -> int:
    """Lint (and fix), render and return the exit code. Raises for bad usage or config."""
    render = renderers().get(options.output_format)
    if render is None:
        valid = ", ".join(renderers())
        raise UsageError(f"unknown output format `{options.output_format}` (valid: {valid})")
    root, only = locate(options.paths)
    config = load_config(root, options.config)
    rules = resolve_layers(
        [
            Selection(config.select, config.extend_select, config.ignore),
            Selection(options.select, options.extend_select, options.ignore),
        ]
    )
    # As in ruff: a note named on the command line is checked even when excluded,
    # unless --force-exclude says the excludes win.
    named = [] if options.force_exclude or only is None else only
    with _output(options, out) as stream:
        if options.diff:
            return _show_diff(root, rules, config, only, options, stream)
        fixed, failures = 0, 0
        cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
        if options.fix:
            outcome = fix_vault(
                root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs
            )
            write_fixes(root, outcome)
            _report_rejections(root, outcome)
            for rel, reason in outcome.failures:
                sys.stderr.write(f"vaultcheck: {display_prefix(root)}{rel}: {reason}\n")
            assert outcome.result is not None
            result, fixed, failures = outcome.result, outcome.fixed, len(outcome.failures)
            if failures:
                # What remains is what is on disk now, not what the unwritten notes would hold.
                result = lint(root, rules, only, config, keep=named, cache=cache, jobs=options.jobs)
        else:
            result = lint(root, rules, only, config, keep=named, cache=cache, jobs=options.jobs)
        ctx = _context(root, result, options, fixed, color=options.color and out is None)
        if options.statistics:
            _render_statistics(result.diagnostics, stream, ctx, options.output_format)
        else:
            render(result.diagnostics, stream, ctx)
    if options.exit_zero:
        return 0
    if failures or (options.exit_non_zero_on_fix and fixed):
        return 1
    return 1 if result.diagnostics else 0


@contextlib.contextmanager
def _output(options: LintOptions, out: TextIO | None) -> Iterator[TextIO]:
    """Where the report goes: ``--output-file``, the given stream, or stdout."""
    if options.output_file is None:
        yield out or sys.stdout
        return
    try:
        options.output_file.parent.mkdir(parents=True, exist_ok=True)
        stream = options.output_file.open("w", encoding="utf-8", newline="")
    except OSError as err:
        raise UsageError(f"cannot write {options.output_file}: {err.strerror or err}") from None
    with stream:
        yield stream


def _context(
    root: Path, result: LintResult, options: LintOptions, fixed: int, color: bool
) -> ReportContext:
    prefix = display_prefix(root)
    return ReportContext(
        display_path=lambda path: prefix + path,
        line_text=result.line_text,
        color=color and options.output_file is None,
        unsafe_fixes=options.unsafe_fixes,
        fixed=fixed,
    )


def _render_statistics(
    diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext, output_format: str
) -> None:
    """``--statistics``: one line (or JSON object) per rule with its count."""
    rows = statistics(diagnostics, ctx)
    if output_format in ("json", "json-lines"):
        data = [{"code": c, "name": n, "count": k, "fixable": f} for k, c, n, f in rows]
        json.dump(data, out, indent=2)
        out.write("\n")
        return
    width = max((len(str(k)) for k, _, _, _ in rows), default=1)
    for count, code, name, fixable in rows:
        out.write(f"{count:>{width}}\t{code}\t{'[*]' if fixable else '   '} {name}\n")
    out.write(summary(diagnostics, ctx.fixed) + "\n")


def _show_diff(
    root: Path,
    rules: list[type[Rule]],
    config: Config,
    only: list[str] | None,
    options: LintOptions,
    out: TextIO,
) -> int:
    """``--diff``: print what ``--fix`` would change, write nothing; exit 1 when it would."""
    named = [] if options.force_exclude or only is None else only
    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    outcome = fix_vault(root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs)
    changed = outcome.changed
    _report_rejections(root, outcome)
    for rel in sorted(changed):
        out.write(unified_diff(rel, outcome.originals[rel], changed[rel]))
    noun = "problem" if outcome.fixed == 1 else "problems"
    sys.stderr.write(f"Would fix {outcome.fixed} {noun} in {len(changed)} notes.\n")
    return 1 if changed and not options.exit_zero else 0


def _report_rejections(root: Path, outcome: FixOutcome) -> None:
    """One line on stderr per fix the verifier refused: where, which rule, and why."""
    prefix = display_prefix(root)
    for rejection in outcome.rejections:
        d = rejection.diagnostic
        where = f"{d.path}:{d.span.line}:{d.span.column}"
        if rejection.path != d.path:
            where += f" (in {prefix}{rejection.path})"
        reason = rejection.reason
        sys.stderr.write(f"vaultcheck: {prefix}{where}: {d.code} fix not applied: {reason}\n")


def color_default() -> bool:
    """Colour when writing to a terminal, unless ``NO_COLOR`` is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
