"""``vaultcheck lint``: check notes, print problems, return 0 (clean), 1 (problems) or 2."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vaultcheck.cli.commands.outputs import parse_also_write, write_also
from vaultcheck.core.config import SEVERITIES, Config, load_config
from vaultcheck.core.diagnostics import Diagnostic, Severity, counted
from vaultcheck.core.errors import UsageError
from vaultcheck.engine.run import LintResult, lint
from vaultcheck.fixing.fixer import FixOutcome, fix_vault, unified_diff, write_fixes
from vaultcheck.report import (
    FORMATS,
    NOTHING_CHECKED,
    ReportContext,
    one_line,
    renderer,
    statistics,
    summary,
)
from vaultcheck.report.baseline_run import (
    baseline_path,
    filter_baseline,
    record_baseline,
    say_known,
)
from vaultcheck.rules import Rule
from vaultcheck.rules.selection import Selection, resolve_layers
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.scan import is_note, vault_roots


@dataclass
class LintOptions:
    """Everything ``vaultcheck lint`` was asked to do."""

    paths: Sequence[Path] = ()
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    output_format: str = "full"
    exit_zero: bool = False
    #: The lowest severity that fails the run (``None``: the config's, by default warning).
    fail_on: str | None = None
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
    baseline: Path | None = None
    no_baseline: bool = False
    write_baseline: Path | None = None
    changed: bool = False
    since: str | None = None
    #: ``--also-write``: more reports of the same run, as FORMAT:FILE.
    also_write: Sequence[str] = ()


def locate(paths: Sequence[Path]) -> tuple[Path, list[str] | None]:
    """The vault root of ``paths`` and the vault-relative paths to report on (``None``: all).

    Links cross files, so the whole vault is always loaded; naming files or folders only
    narrows what is reported, as pre-commit needs. Paths of one repository are one vault
    (:func:`~vaultcheck.vault.scan.vault_roots`); only paths in two marked vaults are an error.
    """
    roots: dict[Path, list[str] | None] = {}
    named = list(paths or (Path.cwd(),))
    for given in named:
        if not given.exists():
            raise UsageError(f"no such file or directory: {given}")
        if given.is_file() and not is_note(given.name):
            raise UsageError(f"not a note: {given} (vaultcheck checks Markdown notes, `.md`)")
    for given, root in zip(named, vault_roots(named), strict=True):
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


def path_shower(root: Path) -> Callable[[str], str]:
    """How vault-relative paths are shown, as ruff shows them: relative to the current folder
    when they are inside it (``Notes/a.md`` from the vault root, ``a.md`` from ``Notes/``),
    absolute otherwise. So a path never climbs with ``..``, which CI annotations and SARIF
    viewers would not understand."""
    cwd = Path.cwd().resolve()
    absolute = root.as_posix() + "/"
    try:
        prefix = root.relative_to(cwd).as_posix()
    except ValueError:
        prefix = None
    if prefix is not None:  # the vault is here or below
        lead = "" if prefix == "." else prefix + "/"
        return lambda path: lead + path
    try:
        here = cwd.relative_to(root).as_posix() + "/"
    except ValueError:  # the vault is elsewhere
        return lambda path: absolute + path
    return lambda path: path[len(here) :] if path.startswith(here) else absolute + path


def run_lint(options: LintOptions, out: TextIO | None = None) -> int:
    """Lint (and fix), render and return the exit code. Raises for bad usage or config."""
    if options.fail_on is not None and options.fail_on not in SEVERITIES:
        raise UsageError(f"unknown --fail-on `{options.fail_on}` (valid: {', '.join(SEVERITIES)})")
    render = renderer(options.output_format)
    if render is None:
        valid = ", ".join(FORMATS)
        raise UsageError(f"unknown output format `{options.output_format}` (valid: {valid})")
    also = parse_also_write(options.also_write)
    root, only = locate(options.paths)
    config = load_config(root, options.config)
    rules = resolve_layers(
        [
            Selection(config.select, config.extend_select, config.ignore),
            Selection(options.select, options.extend_select, options.ignore),
        ]
    )
    if not rules:  # `--ignore ALL`, `--select ""`: surely not what was meant
        raise UsageError(
            "no rules selected, so nothing would be checked "
            "(see --select, --ignore and the config's select and ignore)"
        )
    # As in ruff: a note named on the command line is checked even when excluded,
    # unless --force-exclude says the excludes win.
    named = [] if options.force_exclude or only is None else only
    if options.changed or options.since is not None:
        only = _changed_only(root, only, config, options)
        named = []
    amend = _rename_fixes(root, config, options)
    with _output(options, out) as stream:
        if options.diff:
            return _show_diff(root, rules, config, only, options, stream, amend)
        fixed, failures = 0, 0
        cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
        _say_when_cold(cache)
        if options.fix:
            outcome = fix_vault(
                root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs, amend
            )
            write_fixes(root, outcome)
            _report_rejections(root, outcome)
            for rel, reason in outcome.failures:
                sys.stderr.write(f"vaultcheck: {path_shower(root)(rel)}: {reason}\n")
            assert outcome.result is not None
            result, fixed, failures = outcome.result, outcome.fixed, len(outcome.failures)
            if failures:
                # What remains is what is on disk now, not what the unwritten notes would hold.
                result = lint(root, rules, only, config, keep=named, cache=cache, jobs=options.jobs)
        else:
            result = lint(root, rules, only, config, keep=named, cache=cache, jobs=options.jobs)
            result = amend(result)
        if options.write_baseline is not None:
            record_baseline(options.write_baseline, result.diagnostics, rules, only)
            return 0
        shown = result.diagnostics
        baseline = None if options.no_baseline else baseline_path(options.baseline, config)
        if baseline is not None:
            shown, known = filter_baseline(baseline, shown, rules, only, config)
            say_known(baseline, known)
        ctx = _context(root, result, options, fixed, color=options.color and out is None)
        if not result.in_scope and not _has_summary(options):
            # Formats without a summary line: say it on stderr, keep stdout parseable.
            sys.stderr.write(f"vaultcheck: warning: {NOTHING_CHECKED}\n")
        if options.statistics:
            _render_statistics(shown, stream, ctx, options.output_format)
        else:
            render(shown, stream, ctx)
        write_also(also, shown, ctx)
    if options.exit_zero:
        return 0
    if failures or (options.exit_non_zero_on_fix and fixed):
        return 1
    return 1 if failing(shown, options.fail_on or config.fail_on) else 0


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


def failing(diagnostics: list[Diagnostic], fail_on: str) -> bool:
    """Whether any problem is at least as severe as ``fail_on`` (``--fail-on``)."""
    threshold = _RANK[Severity(fail_on)]
    return any(_RANK[d.severity] >= threshold for d in diagnostics)


def _rename_fixes(
    root: Path, config: Config, options: LintOptions
) -> Callable[[LintResult], LintResult]:
    """Safe fixes for links broken by a rename git knows about (see ``renames.py``)."""
    from vaultcheck.fixing.renames import amender_for

    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    return amender_for(root, config, options.since, cache, options.jobs)


def _changed_only(
    root: Path, only: list[str] | None, config: Config, options: LintOptions
) -> list[str]:
    """``--changed``: the notes to report on (see ``changes.py``)."""
    from vaultcheck.engine.changes import changed_notes
    from vaultcheck.vault.build import load_vault

    def load() -> Vault:
        cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
        exclude = tuple(config.exclude)
        return load_vault(root, exclude, config.respect_gitignore, cache=cache, jobs=options.jobs)

    notes, change = changed_notes(root, options.since, only, load)
    if not notes:
        sys.stderr.write(f"vaultcheck: no notes changed {change.described}\n")
    return notes


def _say_when_cold(cache: Cache | None) -> None:
    """On a terminal, say why a first run (or the first after an upgrade) takes longer."""
    if cache is not None and cache.is_cold() and sys.stderr.isatty():
        sys.stderr.write(
            f"vaultcheck: parsing every note once; later runs reuse {cache.directory}\n"
        )


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


def _has_summary(options: LintOptions) -> bool:
    """Whether the report ends with a summary line (which then says nothing was checked)."""
    if options.statistics:
        return options.output_format not in ("json", "json-lines")
    return options.output_format in ("full", "concise", "grouped")


def _context(
    root: Path, result: LintResult, options: LintOptions, fixed: int, color: bool
) -> ReportContext:
    return ReportContext(
        display_path=path_shower(root),
        line_text=result.line_text,
        color=color and options.output_file is None,
        unsafe_fixes=options.unsafe_fixes,
        fixed=fixed,
        nothing_checked=not result.in_scope,
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
    out.write(summary(diagnostics, ctx.fixed, ctx.nothing_checked) + "\n")


def _show_diff(
    root: Path,
    rules: list[type[Rule]],
    config: Config,
    only: list[str] | None,
    options: LintOptions,
    out: TextIO,
    amend: Callable[[LintResult], LintResult],
) -> int:
    """``--diff``: print what ``--fix`` would change, write nothing; exit 1 when it would."""
    from_git = options.changed or options.since is not None
    named = [] if options.force_exclude or only is None or from_git else only
    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    outcome = fix_vault(
        root, rules, config, only, options.unsafe_fixes, named, cache, options.jobs, amend
    )
    changed = outcome.changed
    _report_rejections(root, outcome)
    for rel in sorted(changed):
        out.write(unified_diff(rel, outcome.originals[rel], changed[rel]))
    problems, notes = counted(outcome.fixed, "problem"), counted(len(changed), "note")
    sys.stderr.write(f"Would fix {problems} in {notes}.\n")
    return 1 if changed and not options.exit_zero else 0


def _report_rejections(root: Path, outcome: FixOutcome) -> None:
    """One line on stderr per fix the verifier refused: where, which rule, and why."""
    show = path_shower(root)
    for rejection in outcome.rejections:
        d = rejection.diagnostic
        where = f"{show(d.path)}:{d.span.line}:{d.span.column}"
        if rejection.path != d.path:
            where += f" (in {show(rejection.path)})"
        reason = one_line(rejection.reason)  # it may quote a multi-line heading or value
        sys.stderr.write(f"vaultcheck: {where}: {d.code} fix not applied: {reason}\n")
