"""The options every ``vaultcheck graph`` command takes (which vault, which notes, the cache,
JSON output), and the vault they load."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

VaultOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--vault",
        "-C",
        metavar="VAULT",
        help="The vault (default: the one containing this folder).",
    ),
]
IncludeOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--include", metavar="GLOB", help="Only notes whose path matches this glob (repeatable)."
    ),
]
ExcludeOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Leave out notes whose path matches this glob (repeatable).",
    ),
]
TagOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Only notes with this tag, or a tag nested under it (repeatable).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Read and write no cache.")]
CacheDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Where the cache lives (default: the vault's .vaultcheck_cache, used only if "
        "lint made it).",
    ),
]


def loaded(
    vault: Path | None,
    include: list[str] | None,
    exclude: list[str] | None,
    tag: list[str] | None,
    no_cache: bool = False,
    cache_dir: Path | None = None,
) -> Any:
    """The vault the options name, loaded, with the notes they select."""
    from vaultcheck.graph.queries import Filters

    commands = graph_commands()
    filters = Filters(tuple(include or ()), tuple(exclude or ()), tuple(tag or ()))
    return commands.load(vault, filters, commands.CacheChoice(no_cache, cache_dir))


def graph_commands() -> Any:
    # networkx and the graph code load only for graph commands: `lint` starts faster.
    from vaultcheck.cli.commands import graph as graph_commands

    return graph_commands
