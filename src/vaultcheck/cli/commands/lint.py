"""``vaultcheck lint``: check notes, print problems, return 0 (clean), 1 (problems) or 2."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vaultcheck.cli.commands.lintpaths import locate, path_shower
from vaultcheck.cli.commands.outputs import parse_also_write, write_also
from vaultcheck.cli.ending import keep
from vaultcheck.cli.progress import shown as progress_shown
from vaultcheck.cli.progress import wanted as progress_wanted
from vaultcheck.core.config import SEVERITIES, Config, load_config
from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.errors import UsageError
from vaultcheck.engine.run import Engine, LintResult
from vaultcheck.report import (
    FORMATS,
    NOTHING_CHECKED,
    ReportContext,
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
from vaultcheck.rules.selection import Selection, resolve_layers
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.scan import outside_git


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
    #: ``--quiet``: no progress display and no hints on stderr.
    quiet: bool = False


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
    machine = options.output_format not in HUMAN_FORMATS
    with_progress = out is None and progress_wanted(
        options.quiet, machine, options.output_file is not None
    )
    with _output(options, out) as stream:
        if options.diff:
            from vaultcheck.cli.commands.lintfix import show_diff

            return show_diff(root, rules, config, only, options, stream, amend, with_progress)
        fixed, failures = 0, 0
        cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
        if not options.quiet:
            _say_when_cold(cache)
        with progress_shown(with_progress):  # gone before the report is written
            if options.fix:
                from vaultcheck.cli.commands.lintfix import lint_and_fix

                result, fixed, failures = lint_and_fix(
                    root, rules, config, only, named, cache, options, amend
                )
                keep(result)
            else:
                engine = Engine(root, rules, config, keep=named, cache=cache, jobs=options.jobs)
                result = engine.lint(only)
                keep(engine, result)  # freed with the process (see ending.py), if at all
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


#: The formats people read: a progress display may go with them (not with the formats tools
#: read, whose runs are usually unattended).
HUMAN_FORMATS = ("full", "concise", "grouped")

_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


def failing(diagnostics: list[Diagnostic], fail_on: str) -> bool:
    """Whether any problem is at least as severe as ``fail_on`` (``--fail-on``)."""
    threshold = _RANK[Severity(fail_on)]
    return any(_RANK[d.severity] >= threshold for d in diagnostics)


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


def _rename_fixes(
    root: Path, config: Config, options: LintOptions
) -> Callable[[LintResult], LintResult]:
    """Safe fixes for links broken by a rename git knows about (see ``renames.py``)."""
    if outside_git(root):  # no renames to know of: the fixer's modules need not load
        return lambda result: result
    from vaultcheck.fixing.renames import amender_for

    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    return amender_for(root, config, options.since, cache, options.jobs)
