"""The command line: Typer parses arguments and calls a function that returns an exit code.

Every command line but a plain lint (which :mod:`vaultcheck.cli.entry` runs without Typer)
comes here, so this imports only Typer: each command imports what it runs when it runs (a
lint never loads the graph code, ``--help`` loads no command).
"""

# No `from __future__ import annotations`: Typer reads the annotations of every command on
# each run, and evaluating them from strings cost 5 ms of a 0.15 s lint.

import gc

# What the imports below make lives to the end of the run (Typer, click, our commands): the
# cyclic collector walked it 29 times while it loaded, 4 ms of a 0.14 s lint of one note.
# Paused meanwhile, then frozen out of later walks.
_collecting = gc.isenabled()
gc.disable()
try:
    from pathlib import Path
    from typing import Annotated

    import typer
    import typer.main
    from typer import _click as click

    from vaultcheck import __version__
    from vaultcheck.cli.commands import exit_with
    from vaultcheck.cli.entry import main as main  # the entry point, as it always was here
    from vaultcheck.cli.graph_options import VaultOption
    from vaultcheck.cli.lint_command import lint
    from vaultcheck.cli.params import (
        CacheDirOption,
        PlainUsageCommand,
        PlainValuesGroup,
        complete_rule_code,
    )
    from vaultcheck.core.errors import UsageError
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


class _Commands(PlainValuesGroup):
    """The top-level commands, with ``graph`` and its ten subcommands built only when it is
    asked for (Typer builds every declared command on each run: 8 ms of a lint's 0.15 s)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), "graph"]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "graph":
            from vaultcheck.cli.graph_app import graph_app

            return typer.main.get_command(graph_app)
        return super().get_command(ctx, name)


app = typer.Typer(
    name="vaultcheck",
    help="Lint an Obsidian vault and query its knowledge graph.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_Commands,
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


app.command(cls=PlainUsageCommand)(lint)  # first in the help, as the command most runs use


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
    from vaultcheck.cli.commands.rule import run_rule  # rich's Markdown loads only here

    exit_with(lambda: run_rule(code, show_all))


@app.command(cls=PlainUsageCommand)
def clean(
    path: Annotated[
        Path | None, typer.Argument(metavar="VAULT", help="The vault (default: here).")
    ] = None,
    cache_dir: CacheDirOption = None,
    vault: VaultOption = None,
) -> None:
    """Remove the vault's cache."""
    from vaultcheck.vault.cache import Cache
    from vaultcheck.vault.scan import find_vault_root

    def run() -> int:
        given = _one_vault(path, vault)
        if given is not None and not given.exists():  # a typo: not "no cache" and exit 0
            raise UsageError(f"no such file or directory: {given}")
        root = find_vault_root(given or Path.cwd())
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
    vault: VaultOption = None,
) -> None:
    """Write a .vaultcheck.toml fitted to the vault, and explain each setting."""
    from vaultcheck.cli.commands.init import run_init  # it runs the rules: loads them all

    exit_with(lambda: run_init(_one_vault(path, vault), force))


def _one_vault(path: Path | None, vault: Path | None) -> Path | None:
    """The vault given as an argument or with ``-C``/``--vault`` (every command takes the
    option; these also take the argument); both at once must agree."""
    if path is not None and vault is not None and path.resolve() != vault.resolve():
        raise UsageError(f"two vaults given ({path} and {vault}); give one")
    return path or vault


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
    vault: VaultOption = None,
) -> None:
    """Move or rename a note or attachment and rewrite every link to it, as Obsidian does.
    With ``-C VAULT``, relative paths are read inside that vault, as ``git -C`` reads them."""
    from vaultcheck.cli.commands.mv import run_mv  # the parser and the fixer load only here

    exit_with(lambda: run_mv(old, new, diff, vault))


@app.command()
def server() -> None:
    """Run the language server (LSP, over stdin and stdout) for editors; see docs/editors.md."""
    from vaultcheck.server.lsp import serve  # pygls loads only when the server runs

    serve()
