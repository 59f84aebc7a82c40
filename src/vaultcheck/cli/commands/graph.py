"""``vaultcheck graph ...``: ask the vault graph questions, get suggestions, export it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from vaultcheck.core.config import load_config
from vaultcheck.core.errors import NothingFound, UsageError
from vaultcheck.engine.result import template_folders
from vaultcheck.graph import queries as graphview
from vaultcheck.graph.links import LinkRecord, links_in, links_out
from vaultcheck.graph.queries import Filters
from vaultcheck.graph.suggest import Predictor
from vaultcheck.parse.parallel import default_jobs
from vaultcheck.report import quote_path
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.graph import build_graph
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.scan import find_vault_root


@dataclass
class Loaded:
    """A vault, its links resolved, and its graph narrowed by the filters."""

    vault: Vault
    graph: Any
    links: LinkIndex
    #: Where derived data (unlinked mentions) may be kept, as the cache options decided.
    cache: Cache | None = None
    #: The folders of template notes that ``lint`` does not report on (so neither are they
    #: orphans here); none when the config checks templates.
    templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class CacheChoice:
    """``--no-cache`` and ``--cache-dir``, as every graph command takes them."""

    no_cache: bool = False
    directory: Path | None = None

    def cache(self, root: Path) -> Cache | None:
        """The cache to read parsed notes from.

        A question about the vault must not leave files in it unasked: the default folder
        is used only when it already exists (``lint`` made it, and keeping it current is
        then welcome); ``--cache-dir`` is used, and made, as asked.
        """
        if self.no_cache:
            return None
        if self.directory is not None:
            return Cache.for_vault(root, self.directory)
        default = Cache.for_vault(root)
        return default if default.directory.is_dir() else None


def load(vault_path: Path | None, filters: Filters, cache: CacheChoice | None = None) -> Loaded:
    """Read the vault as ``lint`` does (config excludes, .gitignore) and build its graph.

    Raises :class:`NothingFound` when the filters keep no note."""
    start = vault_path or Path.cwd()
    if not start.exists():
        raise UsageError(f"no such file or directory: {start}")
    root = find_vault_root(start)
    config = load_config(root)
    chosen = (cache or CacheChoice()).cache(root)
    vault = load_vault(
        root,
        tuple(config.exclude),
        config.respect_gitignore,
        cache=chosen,
        jobs=default_jobs(),
    )
    index = LinkIndex(vault)
    graph = graphview.filtered(build_graph(vault, index), filters)
    if filters != Filters() and not any(d["kind"] == "note" for _, d in graph.nodes(data=True)):
        raise NothingFound(f"no note matches the filters ({filters.describe()})")
    return Loaded(vault, graph, index, chosen, template_folders(root, config))


def find_note(loaded: Loaded, name: str) -> str:
    """The note named ``name`` (see :func:`graphview.find_note`), kept by the filters."""
    path = graphview.find_note(loaded.vault, name)
    if path not in loaded.graph:  # the arguments contradict each other: a usage error
        raise UsageError(f"`{path}` is left out by --include, --exclude or --tag")
    return path


def emit(
    rows: list[dict[str, Any]], lines: list[str], as_json: bool, empty: str, out: TextIO
) -> int:
    """Print the answer as text lines or a JSON list; an empty one also says ``empty`` on
    stderr and exits 1."""
    if as_json:
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.writelines(line + "\n" for line in lines)
    if not rows:
        raise NothingFound(empty)
    return 0


def _console(out: TextIO) -> Console:
    return Console(file=out, width=100, highlight=False, soft_wrap=True, no_color=True)


def _bar(value: float, largest: float, width: int = 20) -> str:
    return "█" * max(1, round(width * value / largest)) if largest else ""


def run_stats(loaded: Loaded, as_json: bool, top: int, out: TextIO) -> int:
    data = graphview.stats(loaded.graph, loaded.vault, top, loaded.templates)
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
        if not rows:  # an empty table's frame reads as a drawing error
            console.print(f"{title}: none")
            continue
        table = Table(title=title, title_justify="left")
        table.add_column(label)
        table.add_column(value, justify="right")
        table.add_column("")
        largest = max((r[value] for r in rows), default=0)
        for r in rows:
            table.add_row(str(r[label]), str(r[value]), _bar(r[value], largest))
        console.print(table)
    return 0


def run_orphans(loaded: Loaded, as_json: bool, out: TextIO) -> int:
    found = graphview.orphans(loaded.graph, loaded.templates)
    rows = [{"path": path} for path in found]
    lines = [quote_path(path) for path in found]
    empty = "no orphans: every note links or is linked"
    return emit(rows, lines, as_json, _or_no_notes(loaded, empty), out)


def _or_no_notes(loaded: Loaded, empty: str) -> str:
    """``empty``, or what an empty vault's answer is really for (a new vault, a folder of
    attachments: "every note links" would be wrong)."""
    if any(d["kind"] == "note" for _, d in loaded.graph.nodes(data=True)):
        return empty
    return f"{empty.split(':')[0]}: no notes in {loaded.vault.root} (notes are `.md` files)"


def _where(record: LinkRecord) -> str:
    kind = record.kind
    if record.property is not None:
        kind += f" property `{record.property}`"
    if record.guessed:
        kind += " (guessed)"
    return f"{quote_path(record.source)}:{record.line}:{record.column}: {kind}"


def run_backlinks(loaded: Loaded, note: str, as_json: bool, out: TextIO) -> int:
    path = find_note(loaded, note)
    found = links_in(loaded.graph, loaded.links, path)
    lines = [f"{_where(r)}: {r.context}" for r in found]
    return emit([r.as_json() for r in found], lines, as_json, f"no links into {path}", out)


def run_links(loaded: Loaded, note: str, as_json: bool, out: TextIO) -> int:
    path = find_note(loaded, note)
    found = links_out(loaded.graph, loaded.links, loaded.vault.notes[path])
    lines = [
        f"{_where(r)} -> {quote_path(r.target)}"
        + (" (missing)" if r.target_kind == "unresolved" else "")
        for r in found
    ]
    return emit([r.as_json() for r in found], lines, as_json, f"no links out of {path}", out)


def run_path(
    loaded: Loaded, start: str, end: str, undirected: bool, as_json: bool, out: TextIO
) -> int:
    a, b = find_note(loaded, start), find_note(loaded, end)
    found = graphview.shortest_path(loaded.graph, a, b, undirected) or []
    hint = "" if undirected else " (try --undirected to follow links both ways)"
    rows = [{"path": p, "step": i} for i, p in enumerate(found)]
    lines = [" -> ".join(quote_path(p) for p in found)] if found else []
    return emit(rows, lines, as_json, f"no path from {a} to {b}{hint}", out)


def run_neighbors(loaded: Loaded, note: str, depth: int, as_json: bool, out: TextIO) -> int:
    path = find_note(loaded, note)
    found = graphview.neighbors(loaded.graph, path, depth)
    rows = [{"path": n, "distance": d} for n, d in found]
    lines = [f"{d}  {quote_path(n)}" for n, d in found]
    links = "link" if depth == 1 else "links"
    return emit(rows, lines, as_json, f"no notes within {depth} {links} of {path}", out)


def run_suggest(
    loaded: Loaded,
    note: str | None,
    limit: int,
    as_json: bool,
    out: TextIO,
) -> int:
    predictor = Predictor(loaded.graph, loaded.vault, loaded.links, loaded.cache)
    name: Callable[[str], str] = lambda p: loaded.vault.notes[p].name  # noqa: E731
    if note is not None:
        path = find_note(loaded, note)
        suggestions = predictor.for_note(path, limit)
        empty = (
            f"nothing to suggest for {path}: no unlinked note shares links, mentions, tags, "
            "properties, words or a folder with it"
        )
    else:
        suggestions = predictor.overall(limit)
        empty = _or_no_notes(loaded, "nothing to suggest: no two unlinked notes share anything")
    lines = [
        f"{s.score:.3f}  {quote_path(s.source)} -> {quote_path(s.target)}: {s.why(name)}"
        for s in suggestions
    ]
    return emit([s.as_json() for s in suggestions], lines, as_json, empty, out)
