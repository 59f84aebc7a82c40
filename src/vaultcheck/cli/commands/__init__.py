"""One module per CLI command; each exposes a function that returns an exit code."""

from __future__ import annotations

from collections.abc import Callable

import typer

from vaultcheck.core.errors import NothingFound, VaultcheckError


def exit_with(run: Callable[[], int]) -> None:
    """Run a command; a usage or config error is one line on stderr and exit code 2, an empty
    answer one line on stderr and exit code 1."""
    try:
        code = run()
    except NothingFound as err:
        typer.echo(f"vaultcheck: {err}", err=True)
        raise typer.Exit(1) from None
    except VaultcheckError as err:
        typer.echo(f"vaultcheck: error: {err}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)
