"""``vaultcheck lint``'s parameters, as Typer reads them: the command's declaration only.

What the command does is in :mod:`vaultcheck.cli.commands.lint`, imported when it runs, so
that ``vaultcheck --help`` or another command never loads the linter.
"""

# No `from __future__ import annotations`: Typer reads the annotations of every command on
# each run, and evaluating them from strings cost 5 ms of a 0.15 s lint.

from pathlib import Path
from typing import Annotated, Optional, cast

import typer

from vaultcheck.cli.lintstart import LintParams, start_lint
from vaultcheck.cli.params import CacheDirOption, at_least, complete_output_format

SelectorList = Annotated[
    Optional[list[str]],  # noqa: UP045 - Typer needs Optional on Python 3.10
    typer.Option(metavar="CODES", help="Rule codes, prefixes or names, comma-separated."),
]


def lint(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            metavar="PATHS", help="Vault, folders or notes (default: the current folder)."
        ),
    ] = None,
    vault: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--vault",
            "-C",
            metavar="VAULT",
            help="The vault, as graph commands take it; PATHS are then read inside it.",
        ),
    ] = None,
    select: SelectorList = None,
    extend_select: SelectorList = None,
    ignore: SelectorList = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--output-format",
            envvar="VAULTCHECK_OUTPUT_FORMAT",
            metavar="FORMAT",
            autocompletion=complete_output_format,
            help="full, concise, grouped, json, json-lines, github, sarif, junit or gitlab.",
        ),
    ] = "full",
    output_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output-file", "-o", metavar="FILE", help="Write the report to this file."),
    ] = None,
    also_write: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--also-write",
            metavar="FORMAT:FILE",
            help="Also write the report in FORMAT to FILE, from the same run (repeatable).",
        ),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count problems by rule instead of listing them.")
    ] = False,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply excludes to notes named on the command line."),
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read and write no cache.")] = False,
    cache_dir: CacheDirOption = None,
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            callback=at_least(1),
            help="Parse on this many cores, 1 or more (default: all).",
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when problems are found.")
    ] = False,
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Lowest severity that exits 1: error, warning or info (default: warning).",
        ),
    ] = None,
    color: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--color/--no-color", help="Colour the full output (default: on a tty)."),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress display and no hints on stderr (problems and errors still).",
        ),
    ] = False,
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--config", metavar="FILE", help="Use this config file instead of the nearest one."
        ),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply (or show) unsafe fixes.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option("--exit-non-zero-on-fix", help="Exit 1 when anything was fixed."),
    ] = False,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report only problems this baseline file does not list.",
        ),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Ignore the config's baseline.")
    ] = False,
    write_baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--write-baseline", metavar="FILE", help="Record today's problems in this file; exit 0."
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", "-w", help="Lint again whenever a file changes, until Ctrl-C (exit 0)."
        ),
    ] = False,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="Only notes git sees changed (staged, else the working tree against HEAD) "
            "and notes whose links a removed or renamed file broke.",
        ),
    ] = False,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since", metavar="REV", help="--changed, against where HEAD left this git revision."
        ),
    ] = None,
) -> None:
    """Check notes and report every problem as path:line:col CODE message."""
    # What runs is shared with the plain reader that spares a lint Typer (quickargs.py):
    # the parameters, exactly as Typer gives them, are this function's locals at this point.
    raise typer.Exit(start_lint(cast(LintParams, locals())))
