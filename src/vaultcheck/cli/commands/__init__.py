"""One module per CLI command; each exposes a function that returns an exit code."""

from __future__ import annotations

from collections.abc import Callable

from vaultcheck.core.errors import NothingFound, VaultcheckError


def exit_code(run: Callable[[], int]) -> int:
    """Run a command and return its exit code; a usage or config error is one line on
    stderr and exit code 2, an empty answer one line on stderr and exit code 1."""
    try:
        return run()
    except NothingFound as err:
        _say(f"vaultcheck: {err}")
        return 1
    except VaultcheckError as err:
        _say(f"vaultcheck: error: {err}")
        return 2


def exit_with(run: Callable[[], int]) -> None:
    """Run a command under Typer and exit with its code (see :func:`exit_code`)."""
    import typer

    raise typer.Exit(exit_code(run))


def _say(message: str) -> None:
    # Written as Typer writes (click's echo: ANSI escapes in a file name dropped when stderr
    # is no terminal...). Imported here: a plain `lint` runs without Typer (quickargs.py),
    # and loads it only to say what went wrong.
    import typer

    typer.echo(message, err=True)
