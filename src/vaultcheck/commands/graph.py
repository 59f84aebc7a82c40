"""``vaultcheck graph ...``: ask the vault graph questions, get suggestions, export it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from vaultcheck import export, graphview
from vaultcheck.cache import Cache
from vaultcheck.config import load_config
from vaultcheck.diagnostics import counted
from vaultcheck.errors import UsageError
from vaultcheck.graph import build_graph
from vaultcheck.graphview import Filters
from vaultcheck.linkindex import LinkIndex
from vaultcheck.parallel import default_jobs
from vaultcheck.scan import find_vault_root
from vaultcheck.suggest import Predictor, evaluate
from vaultcheck.vault import Vault, load_vault


@dataclass
class Loaded:
    """A vault and its (filtered) graph."""

    vault: Vault
    graph: Any


def load(vault_path: Path | None, filters: Filters) -> Loaded:
    """Read the vault as ``lint`` does (config excludes, .gitignore) and build its graph."""
    start = vault_path or Path.cwd()
    if not start.exists():
        raise UsageError(f"no such file or directory: {start}")
    root = find_vault_root(start)
    config = load_config(root)
    vault = load_vault(
        root,
        tuple(config.exclude),
        config.respect_gitignore,
        cache=Cache.for_vault(root),
        jobs=default_jobs(),
    )
    graph = build_graph(vault, LinkIndex(vault))
    return Loaded(vault, graphview.filtered(graph, filters))


def _console(out: TextIO) -> Console:
    return Console(file=out, width=100, highlight=False, soft_wrap=True, no_color=True)


def _bar(value: float, largest: float, width: int = 20) -> str:
    return "█" * max(1, round(width * value / largest)) if largest else ""


def run_stats(loaded: Loaded, as_json: bool, top: int, out: TextIO) -> int:
    data = graphview.stats(loaded.graph, loaded.vault, top)
    if as_json:
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    console = _console(out)
    summary = Table(title="Vault", show_header=False, title_justify="left")
    for key in (
        "notes",
        "attachments",
        "unresolved_targets",
        "ambiguous_links",
        "orphans",
        "components",
        "largest_component",
        "density",
    ):
        summary.add_row(key.replace("_", " "), str(data[key]))
    console.print(summary)
    for title, rows, label, value in (
        (
            "Links by kind",
            [{"kind": k, "count": v} for k, v in data["links"].items()],
            "kind",
            "count",
        ),
        ("Hubs by backlinks", data["hubs_by_backlinks"], "note", "backlinks"),
        ("Hubs by PageRank", data["hubs_by_pagerank"], "note", "pagerank"),
        ("Tags by use", data["tags"], "tag", "notes"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(label)
        table.add_column(value, justify="right")
        table.add_column("")
        largest = max((r[value] for r in rows), default=0)
        for r in rows:
            table.add_row(str(r[label]), str(r[value]), _bar(r[value], largest))
        console.print(table)
    return 0


def run_orphans(loaded: Loaded, out: TextIO) -> int:
    for path in graphview.orphans(loaded.graph):
        out.write(path + "\n")
    return 0


def run_backlinks(loaded: Loaded, note: str, out: TextIO) -> int:
    path = graphview.find_note(loaded.vault, note)
    for source, line, kind in graphview.backlinks(loaded.graph, path):
        out.write(f"{source}:{line}: {kind}\n")
    return 0


def run_links(loaded: Loaded, note: str, out: TextIO) -> int:
    path = graphview.find_note(loaded.vault, note)
    for target, line, kind, target_kind in graphview.links(loaded.graph, path):
        missing = " (missing)" if target_kind == "unresolved" else ""
        out.write(f"{path}:{line}: {kind} -> {target}{missing}\n")
    return 0


def run_path(loaded: Loaded, start: str, end: str, undirected: bool, out: TextIO) -> int:
    a, b = graphview.find_note(loaded.vault, start), graphview.find_note(loaded.vault, end)
    found = graphview.shortest_path(loaded.graph, a, b, undirected)
    if found is None:
        hint = "" if undirected else " (try --undirected to follow links both ways)"
        out.write(f"No path from {a} to {b}{hint}\n")
        return 1
    out.write(" -> ".join(found) + "\n")
    return 0


def run_neighbors(loaded: Loaded, note: str, depth: int, out: TextIO) -> int:
    path = graphview.find_note(loaded.vault, note)
    for neighbor, distance in graphview.neighbors(loaded.graph, path, depth):
        out.write(f"{distance}  {neighbor}\n")
    return 0


def run_suggest(
    loaded: Loaded,
    note: str | None,
    limit: int,
    evaluate_share: float | None,
    seed: int,
    out: TextIO,
) -> int:
    if evaluate_share is not None:
        found, hidden = evaluate(loaded.graph, evaluate_share, seed, limit)
        rate = found / hidden if hidden else 0.0
        out.write(
            f"Hid {hidden} of the note links (share {evaluate_share}, seed {seed}); "
            f"{found} came back in the top {limit}: hit rate {rate:.1%}\n"
        )
        return 0
    predictor = Predictor(loaded.graph)
    name: Callable[[str], str] = lambda p: loaded.vault.notes[p].name  # noqa: E731
    if note is not None:
        path = graphview.find_note(loaded.vault, note)
        suggestions = predictor.for_note(path, limit)
    else:
        suggestions = predictor.overall(limit)
    for s in suggestions:
        out.write(f"{s.score:.3f}  {s.source} -> {s.target}: {s.why(name)}\n")
    return 0


def run_export(
    loaded: Loaded,
    output_format: str,
    target: Path | None,
    color_by: str,
    focus: str | None = None,
    depth: int = 1,
) -> int:
    if output_format not in export.FORMATS:
        raise UsageError(
            f"unknown export format `{output_format}` (valid: {', '.join(export.FORMATS)})"
        )
    if target is None:
        raise UsageError("name the file to write with -o FILE")
    if color_by not in ("folder", "tag"):
        raise UsageError("--color-by is folder or tag")
    graph = loaded.graph
    centre = None
    if focus is not None:
        # A local graph: only what lies within `depth` links of the note.
        centre = graphview.find_note(loaded.vault, focus)
        if centre not in graph:
            raise UsageError(f"`{centre}` is left out by --include, --exclude or --tag")
        graph = graphview.local_graph(graph, centre, depth)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if output_format == "html":
            from vaultcheck.htmlgraph import to_html

            title = f"{loaded.vault.root.name} — vaultcheck graph"
            if centre is not None:
                title = f"{loaded.vault.notes[centre].name} (depth {depth}) — {title}"
            target.write_text(to_html(graph, title, color_by, centre, depth), encoding="utf-8")
        else:
            export.write(graph, output_format, target)
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
    sys.stderr.write(
        f"Wrote {target}: {counted(graph.number_of_nodes(), 'node')}, "
        f"{counted(graph.number_of_edges(), 'edge')}\n"
    )
    return 0
