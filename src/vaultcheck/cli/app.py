"""The command line: Typer parses arguments and calls a function that returns an exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from vaultcheck import __version__
from vaultcheck.cli.commands import exit_with
from vaultcheck.cli.commands.init import run_init
from vaultcheck.cli.commands.lint import LintOptions, run_lint
from vaultcheck.cli.commands.mv import run_mv
from vaultcheck.cli.commands.rule import run_rule
from vaultcheck.cli.params import (
    PlainUsageCommand,
    at_least,
    color_default,
    complete_output_format,
    complete_rule_code,
)
from vaultcheck.parse.parallel import default_jobs
from vaultcheck.rules.selection import split_selectors
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.scan import find_vault_root

app = typer.Typer(
    name="vaultcheck",
    help="Lint an Obsidian vault and query its knowledge graph.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vaultcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Lint an Obsidian vault and query its knowledge graph."""


CacheDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Where the cache lives (default: .vaultcheck_cache in the vault).",
    ),
]

SelectorList = Annotated[
    Optional[list[str]],  # noqa: UP045 - Typer needs Optional on Python 3.10
    typer.Option(metavar="CODES", help="Rule codes, prefixes or names, comma-separated."),
]


@app.command(cls=PlainUsageCommand)
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
    if vault is not None:  # like `git -C`: relative paths are inside the vault
        paths = [p if p.is_absolute() else vault / p for p in paths or ()] or [vault]
    options = LintOptions(
        paths=paths or [],
        select=split_selectors(select),
        extend_select=split_selectors(extend_select) or [],
        ignore=split_selectors(ignore) or [],
        output_format=output_format,
        exit_zero=exit_zero,
        fail_on=fail_on,
        color=color_default() if color is None else color,
        config=config,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        exit_non_zero_on_fix=exit_non_zero_on_fix,
        output_file=output_file,
        statistics=statistics,
        force_exclude=force_exclude,
        cache=not no_cache,
        cache_dir=cache_dir,
        jobs=jobs or default_jobs(),
        baseline=baseline,
        no_baseline=no_baseline,
        write_baseline=write_baseline,
        changed=changed,
        since=since,
        also_write=also_write or [],
    )
    if watch:
        from vaultcheck.cli.commands.watch import run_watch  # watchfiles loads only for --watch

        exit_with(lambda: run_watch(options))
    exit_with(lambda: run_lint(options))


@app.command(cls=PlainUsageCommand)
def rule(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE", help="A rule code or name.", autocompletion=complete_rule_code
        ),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Document every rule.")] = False,
) -> None:
    """Explain a rule: what it checks, why, an example, and whether it fixes."""
    exit_with(lambda: run_rule(code, show_all))


@app.command(cls=PlainUsageCommand)
def clean(
    path: Annotated[
        Path | None, typer.Argument(metavar="VAULT", help="The vault (default: here).")
    ] = None,
    cache_dir: CacheDirOption = None,
) -> None:
    """Remove the vault's cache."""

    def run() -> int:
        root = find_vault_root(path or Path.cwd())
        cache = Cache.for_vault(root, cache_dir)
        removed = cache.clean()
        typer.echo(f"Removed {cache.directory}" if removed else f"No cache at {cache.directory}")
        return 0

    exit_with(run)


@app.command(cls=PlainUsageCommand)
def init(
    path: Annotated[
        Path | None, typer.Argument(metavar="VAULT", help="The vault (default: here).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing config.")] = False,
) -> None:
    """Write a .vaultcheck.toml fitted to the vault, and explain each setting."""
    exit_with(lambda: run_init(path, force))


@app.command("config-schema", cls=PlainUsageCommand)
def config_schema() -> None:
    """Print the JSON Schema of the config file, for TOML editors (see docs/editors.md)."""
    from vaultcheck.core.configschema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command(cls=PlainUsageCommand)
def mv(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The note or attachment to move.")],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="Its new path (inside the same vault).")
    ],
    diff: Annotated[
        bool, typer.Option("--diff", help="Show the edits and the move; change nothing.")
    ] = False,
) -> None:
    """Move or rename a note or attachment and rewrite every link to it, as Obsidian does."""
    exit_with(lambda: run_mv(old, new, diff))


@app.command()
def server() -> None:
    """Run the language server (LSP, over stdin and stdout) for editors; see docs/editors.md."""
    from vaultcheck.server.lsp import serve  # pygls loads only when the server runs

    serve()


def _register_graph() -> None:
    from vaultcheck.cli.graph_app import graph_app

    app.add_typer(graph_app, name="graph")


_register_graph()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("vaultcheck: interrupted\n")
        sys.exit(130)
    except Exception as err:  # a failure of the whole run: one line, exit 2, no traceback
        if os.environ.get("VAULTCHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"vaultcheck: internal error: {type(err).__name__}: {err} "
            "(set VAULTCHECK_DEBUG=1 for the traceback, and please report it)\n"
        )
        sys.exit(2)
