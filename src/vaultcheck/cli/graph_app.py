"""``vaultcheck graph ...``: the command-line side of the graph commands (thin, like cli.py)."""

# No `from __future__ import annotations`: Typer reads every command's annotations, faster
# as objects than as strings (see app.py).

import sys
from typing import Annotated, Optional

import typer

from vaultcheck.cli.commands import exit_with
from vaultcheck.cli.graph_options import (
    CacheDirOption,
    ExcludeOption,
    IncludeOption,
    JsonOption,
    NoCacheOption,
    TagOption,
    VaultOption,
    graph_commands,
    loaded,
)
from vaultcheck.cli.params import PlainUsageCommand, PlainValuesGroup, at_least

graph_app = typer.Typer(
    help="Ask the vault graph questions, get link suggestions, export or draw it. "
    "Exit 0 with an answer, 1 when the answer is empty (said on stderr), 2 on bad usage.",
    no_args_is_help=True,
    cls=PlainValuesGroup,
    # Built on its own when `graph` is asked for (see app.py), so it repeats the settings a
    # sub-app would take from the top one.
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@graph_app.command("stats", cls=PlainUsageCommand)
def graph_stats(
    vault: VaultOption = None,
    as_json: JsonOption = False,
    top: Annotated[
        int,
        typer.Option(
            "--top", metavar="N", callback=at_least(1), help="Rows in each top list (1 or more)."
        ),
    ] = 10,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Counts, components, density, hubs by backlinks and PageRank, tags by use."""
    exit_with(
        lambda: graph_commands().run_stats(
            loaded(vault, include, exclude, tag, no_cache, cache_dir), as_json, top, sys.stdout
        )
    )


@graph_app.command("orphans", cls=PlainUsageCommand)
def graph_orphans(
    vault: VaultOption = None,
    as_json: JsonOption = False,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Notes with no links to or from other notes."""
    exit_with(
        lambda: graph_commands().run_orphans(
            loaded(vault, include, exclude, tag, no_cache, cache_dir), as_json, sys.stdout
        )
    )


_AS_LINKED = "A note as you would link it: Note, dir/Note, [[Note]] or an alias."
NoteArgument = Annotated[str, typer.Argument(metavar="NOTE", help=_AS_LINKED)]


@graph_app.command("backlinks", cls=PlainUsageCommand)
def graph_backlinks(
    note: NoteArgument,
    as_json: JsonOption = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Every link into NOTE: path:line:column, the property holding it, the line around it."""
    exit_with(
        lambda: graph_commands().run_backlinks(
            loaded(vault, include, exclude, tag, no_cache, cache_dir), note, as_json, sys.stdout
        )
    )


@graph_app.command("links", cls=PlainUsageCommand)
def graph_links(
    note: NoteArgument,
    as_json: JsonOption = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Every link out of NOTE: line:column, kind, target ((missing) when it does not exist)."""
    exit_with(
        lambda: graph_commands().run_links(
            loaded(vault, include, exclude, tag, no_cache, cache_dir), note, as_json, sys.stdout
        )
    )


@graph_app.command("path", cls=PlainUsageCommand)
def graph_path(
    start: Annotated[str, typer.Argument(metavar="START", help=_AS_LINKED)],
    end: Annotated[str, typer.Argument(metavar="END", help=_AS_LINKED)],
    undirected: Annotated[
        bool, typer.Option("--undirected", help="Follow links both ways.")
    ] = False,
    as_json: JsonOption = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """The shortest chain of links from START to END (exit 1 when there is none)."""
    exit_with(
        lambda: graph_commands().run_path(
            loaded(vault, include, exclude, tag, no_cache, cache_dir),
            start,
            end,
            undirected,
            as_json,
            sys.stdout,
        )
    )


@graph_app.command("neighbors", cls=PlainUsageCommand)
def graph_neighbors(
    note: NoteArgument,
    as_json: JsonOption = False,
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
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Notes within DEPTH links of NOTE, either direction, nearest first."""
    exit_with(
        lambda: graph_commands().run_neighbors(
            loaded(vault, include, exclude, tag, no_cache, cache_dir),
            note,
            depth,
            as_json,
            sys.stdout,
        )
    )


@graph_app.command("mentions", cls=PlainUsageCommand)
def graph_mentions(
    note: NoteArgument,
    as_json: JsonOption = False,
    fix: Annotated[bool, typer.Option("--fix", help="Turn every mention into a link.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show --fix as a unified diff; write nothing.")
    ] = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Notes that name NOTE (or an alias) in their text without linking it."""
    from vaultcheck.cli.commands.mentions import run_mentions

    exit_with(
        lambda: run_mentions(
            loaded(vault, include, exclude, tag, no_cache, cache_dir),
            note,
            as_json,
            fix,
            diff,
            sys.stdout,
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
    as_json: JsonOption = False,
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Notes that should probably be linked, and the evidence for each pair."""
    exit_with(
        lambda: graph_commands().run_suggest(
            loaded(vault, include, exclude, tag, no_cache, cache_dir),
            note,
            limit,
            as_json,
            sys.stdout,
        )
    )


@graph_app.command("export", cls=PlainUsageCommand)
def graph_export(
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (its extension names the format), - for stdout.",
        ),
    ] = None,
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="graphml, gexf, json, dot, mermaid or html (default: from -o's extension).",
        ),
    ] = None,
    focus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--focus", metavar="NOTE", help="Only this note's local graph (html opens on it)."
        ),
    ] = None,
    depth: Annotated[
        int,
        typer.Option(
            "--depth",
            metavar="N",
            callback=at_least(1),
            help="With --focus: how many links away (1 or more).",
        ),
    ] = 1,
    color_by: Annotated[
        str, typer.Option("--color-by", metavar="KEY", help="html: folder or tag.")
    ] = "folder",
    vault: VaultOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    tag: TagOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Write the graph for other tools, or as a self-contained HTML picture."""
    from vaultcheck.cli.commands import graph_export as export_command

    exit_with(
        lambda: export_command.run_export(
            loaded(vault, include, exclude, tag, no_cache, cache_dir),
            output_format,
            output,
            color_by,
            focus,
            depth,
        )
    )
