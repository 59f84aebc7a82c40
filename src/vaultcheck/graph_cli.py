"""``vaultcheck graph ...``: the command-line side of the graph commands (thin, like cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from vaultcheck.cliparams import PlainUsageCommand, at_least, between
from vaultcheck.commands import exit_with

graph_app = typer.Typer(
    help="Ask the vault graph questions, get link suggestions, export or draw it.",
    no_args_is_help=True,
)

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


def _loaded(
    vault: Path | None, include: list[str] | None, exclude: list[str] | None, tag: list[str] | None
) -> Any:
    from vaultcheck.graphview import Filters

    filters = Filters(tuple(include or ()), tuple(exclude or ()), tuple(tag or ()))
    return _graph_commands().load(vault, filters)


def _graph_commands() -> Any:
    # networkx and the graph code load only for graph commands: `lint` starts faster.
    from vaultcheck.commands import graph as graph_commands

    return graph_commands


@graph_app.command("stats", cls=PlainUsageCommand)
def graph_stats(
    vault: VaultOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    top: Annotated[
        int,
        typer.Option(
            "--top", metavar="N", callback=at_least(1), help="Rows in each top list (1 or more)."
        ),
    ] = 10,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Counts, components, density, hubs by backlinks and PageRank, tags by use."""
    exit_with(
        lambda: _graph_commands().run_stats(
            _loaded(vault, include, exclude, tag), as_json, top, sys.stdout
        )
    )


@graph_app.command("orphans", cls=PlainUsageCommand)
def graph_orphans(
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Notes with no links to or from other notes."""
    exit_with(
        lambda: _graph_commands().run_orphans(_loaded(vault, include, exclude, tag), sys.stdout)
    )


_AS_LINKED = "A note as you would link it: Note, dir/Note, [[Note]] or an alias."
NoteArgument = Annotated[str, typer.Argument(metavar="NOTE", help=_AS_LINKED)]


@graph_app.command("backlinks", cls=PlainUsageCommand)
def graph_backlinks(
    note: NoteArgument,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Every link into NOTE, with the line it is on."""
    exit_with(
        lambda: _graph_commands().run_backlinks(
            _loaded(vault, include, exclude, tag), note, sys.stdout
        )
    )


@graph_app.command("links", cls=PlainUsageCommand)
def graph_links(
    note: NoteArgument,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Every link out of NOTE, with its line and kind."""
    exit_with(
        lambda: _graph_commands().run_links(_loaded(vault, include, exclude, tag), note, sys.stdout)
    )


@graph_app.command("path", cls=PlainUsageCommand)
def graph_path(
    start: Annotated[str, typer.Argument(metavar="START", help=_AS_LINKED)],
    end: Annotated[str, typer.Argument(metavar="END", help=_AS_LINKED)],
    undirected: Annotated[
        bool, typer.Option("--undirected", help="Follow links both ways.")
    ] = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """The shortest chain of links from START to END (exit 1 when there is none)."""
    exit_with(
        lambda: _graph_commands().run_path(
            _loaded(vault, include, exclude, tag), start, end, undirected, sys.stdout
        )
    )


@graph_app.command("neighbors", cls=PlainUsageCommand)
def graph_neighbors(
    note: NoteArgument,
    depth: Annotated[
        int,
        typer.Option(
            "--depth", metavar="N", callback=at_least(1), help="How many links away (1 or more)."
        ),
    ] = 1,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Notes within DEPTH links of NOTE, either direction, nearest first."""
    exit_with(
        lambda: _graph_commands().run_neighbors(
            _loaded(vault, include, exclude, tag), note, depth, sys.stdout
        )
    )


@graph_app.command("suggest", cls=PlainUsageCommand)
def graph_suggest(
    note: Annotated[
        str | None,
        typer.Argument(metavar="NOTE", help="Suggest for this note (default: the whole vault)."),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", metavar="N", callback=at_least(1), help="How many suggestions (1 or more)."
        ),
    ] = 10,
    evaluate_share: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--evaluate",
            metavar="SHARE",
            callback=between(0.01, 0.9),
            help="Hide this share of links (0.01 to 0.9) and measure the hit rate.",
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Random seed for --evaluate.")
    ] = 1,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Notes that should probably be linked, and why (shared neighbours and tags)."""
    exit_with(
        lambda: _graph_commands().run_suggest(
            _loaded(vault, include, exclude, tag), note, limit, evaluate_share, seed, sys.stdout
        )
    )


@graph_app.command("export", cls=PlainUsageCommand)
def graph_export(
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="graphml, gexf, json, dot, mermaid or html."
        ),
    ] = "html",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="The file to write.")
    ] = None,
    color_by: Annotated[
        str, typer.Option("--color-by", metavar="KEY", help="html: folder or tag.")
    ] = "folder",
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
) -> None:
    """Write the graph for other tools, or as a self-contained HTML picture."""
    exit_with(
        lambda: _graph_commands().run_export(
            _loaded(vault, include, exclude, tag), output_format, output, color_by
        )
    )
