"""Starting ``vaultcheck lint`` from its parameters, without Typer.

Both ways in end here: Typer's ``lint`` command (:mod:`vaultcheck.cli.lint_command`) and
the plain command-line reader that spares a lint Typer's start-up
(:mod:`vaultcheck.cli.quickargs`). So the two run the same code, given the same values
(tested: ``tests/test_quickargs.py``).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict


class LintParams(TypedDict):
    """The ``lint`` command's parameters, as Typer gives them to its function: ``None`` for
    an option or a list left out, paths as :class:`Path`."""

    paths: list[Path] | None
    vault: Path | None
    select: list[str] | None
    extend_select: list[str] | None
    ignore: list[str] | None
    output_format: str
    output_file: Path | None
    also_write: list[str] | None
    statistics: bool
    force_exclude: bool
    no_cache: bool
    cache_dir: Path | None
    jobs: int | None
    exit_zero: bool
    fail_on: str | None
    color: bool | None
    quiet: bool
    config: Path | None
    fix: bool
    unsafe_fixes: bool
    diff: bool
    exit_non_zero_on_fix: bool
    baseline: Path | None
    no_baseline: bool
    write_baseline: Path | None
    watch: bool
    changed: bool
    since: str | None


def start_lint(params: LintParams) -> int:
    """Run ``vaultcheck lint`` with ``params``; the exit code (a usage or config error is a
    line on stderr and 2, as for every command)."""
    from vaultcheck.cli.commands import exit_code

    # Imported here, not above: `vaultcheck --help` and the other commands never need them.
    # The cyclic collector is paused meanwhile: what importing the linter makes lives to the
    # end of the run, and walking it again and again cost 5 % of a small lint.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from vaultcheck.cli.commands.lint import LintOptions, run_lint
        from vaultcheck.parse.parallel import default_jobs
        from vaultcheck.rules.selection import split_selectors
    finally:
        gc.freeze()  # and not walked by later collections either
        if collecting:
            gc.enable()

    paths, vault = params["paths"], params["vault"]
    if vault is not None:  # like `git -C`: relative paths are inside the vault
        paths = [p if p.is_absolute() else vault / p for p in paths or ()] or [vault]
    color = params["color"]
    options = LintOptions(
        paths=paths or [],
        select=split_selectors(params["select"]),
        extend_select=split_selectors(params["extend_select"]) or [],
        ignore=split_selectors(params["ignore"]) or [],
        output_format=params["output_format"],
        exit_zero=params["exit_zero"],
        fail_on=params["fail_on"],
        color=color_default() if color is None else color,
        config=params["config"],
        fix=params["fix"],
        unsafe_fixes=params["unsafe_fixes"],
        diff=params["diff"],
        exit_non_zero_on_fix=params["exit_non_zero_on_fix"],
        output_file=params["output_file"],
        statistics=params["statistics"],
        force_exclude=params["force_exclude"],
        cache=not params["no_cache"],
        cache_dir=params["cache_dir"],
        jobs=params["jobs"] or default_jobs(),
        baseline=params["baseline"],
        no_baseline=params["no_baseline"],
        write_baseline=params["write_baseline"],
        changed=params["changed"],
        since=params["since"],
        also_write=params["also_write"] or [],
        quiet=params["quiet"],
    )
    if params["watch"]:
        from vaultcheck.cli.commands.watch import run_watch  # watchfiles loads only for --watch

        return exit_code(lambda: run_watch(options))
    return _once(lambda: run_lint(options))


def _once(run: Callable[[], int]) -> int:
    """One run, then the process ends: the collector stays off to the end (what the run made
    goes with the process), and what it made is frozen rather than walked once more on the
    way out, as re-enabling it would have it do (0.24 s at 50,000 notes: the link index and
    the findings). Parsing and checking pause it anyway (``collector_paused``)."""
    from vaultcheck.cli import ending
    from vaultcheck.cli.commands import exit_code

    collecting = gc.isenabled()
    gc.disable()
    try:
        with ending.keeping():  # the console script then ends without freeing the vault
            return exit_code(run)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _set(name: str) -> bool:
    """Whether an environment variable is set to something: both no-color.org and
    force-color.org say an empty value counts as unset."""
    return bool(os.environ.get(name))


def color_default() -> bool:
    """Colour unless told otherwise: ``NO_COLOR`` (non-empty) turns it off, else
    ``FORCE_COLOR`` (non-empty) turns it on even into a pipe, else colour on a terminal.
    ``NO_COLOR`` wins when both are set: the user asked for no colour, and a forced colour
    is usually a CI setting meant for tools that would otherwise print none. ``--color`` and
    ``--no-color`` override both."""
    if _set("NO_COLOR"):
        return False
    if _set("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
