"""Questions asked of the vault graph: stats, orphans, backlinks, paths, neighbourhoods.

Works on the networkx graph from :mod:`vaultcheck.vault.graph`, optionally narrowed by filters.
"Note graph" below means notes only, with an edge wherever a note links to another note.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import networkx as nx

from vaultcheck.core.errors import UsageError
from vaultcheck.engine.result import left_out
from vaultcheck.parse.linksyntax import split_wikilink
from vaultcheck.rules.tags import tag_key, tag_problem
from vaultcheck.vault.build import Vault, strip_md
from vaultcheck.vault.names import nfc
from vaultcheck.vault.resolve import exact_path, resolve_target


@dataclass(frozen=True)
class Filters:
    """``--include``/``--exclude`` (globs on vault paths) and ``--tag``, for graph commands."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def keeps(self, path: str, tags: tuple[str, ...]) -> bool:
        path = nfc(path)  # and each glob: a folder stored decomposed matches one typed composed
        if self.include and not any(fnmatch.fnmatch(path, nfc(g)) for g in self.include):
            return False
        if any(fnmatch.fnmatch(path, nfc(g)) for g in self.exclude):
            return False
        if self.tags:
            # As the rules compare tags (TAG002, TAG003): `--tag STRASSE` is not `#Straße`.
            have = {tag_key(t) for t in tags}
            wanted = {tag_key(t.lstrip("#")) for t in self.tags}
            # A nested tag counts for its parents: --tag area keeps #area/work.
            expanded = {
                "/".join(t.split("/")[: i + 1]) for t in have for i in range(t.count("/") + 1)
            }
            return bool(wanted & expanded)
        return True

    def describe(self) -> str:
        """The filters as they were written on the command line."""
        parts = [f"--include {g}" for g in self.include]
        parts += [f"--exclude {g}" for g in self.exclude]
        parts += [f"--tag {t}" for t in self.tags]
        return ", ".join(parts)


def filtered(graph: Any, filters: Filters) -> Any:
    """The notes the filters keep, and the attachments/unresolved targets they link to."""
    if filters == Filters():
        return graph
    notes = {
        n
        for n, d in graph.nodes(data=True)
        if d["kind"] == "note" and filters.keeps(n, d.get("tags", ()))
    }
    others = {v for n in notes for v in graph.successors(n) if graph.nodes[v]["kind"] != "note"}
    return graph.subgraph(notes | others).copy()


#: Node kinds that are notes: checked ones, and excluded ones that links reach.
NOTE_KINDS = ("note", "excluded")


def note_graph(graph: Any) -> Any:
    """A simple ``DiGraph`` of notes and note-to-note links (self-links dropped). Excluded
    notes are in it only when linked to (they are not read)."""
    simple = nx.DiGraph()
    simple.add_nodes_from(n for n, d in graph.nodes(data=True) if d["kind"] in NOTE_KINDS)
    for u, v in graph.edges():
        if u != v and v in simple:
            simple.add_edge(u, v)
    return simple


def _checked(graph: Any, notes: Any) -> list[str]:
    """The nodes of ``notes`` that are checked notes (not excluded ones)."""
    return [n for n in notes if graph.nodes[n]["kind"] == "note"]


def pagerank(graph: Any, damping: float = 0.85, tolerance: float = 1e-10) -> dict[str, float]:
    """PageRank by power iteration (networkx's own needs SciPy); dangling rank spreads evenly."""
    nodes = list(graph)
    if not nodes:
        return {}
    count = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / count)
    out_degree = {n: graph.out_degree(n) for n in nodes}
    for _ in range(200):
        dangling = damping * sum(rank[n] for n in nodes if out_degree[n] == 0) / count
        new = dict.fromkeys(nodes, (1.0 - damping) / count + dangling)
        for n in nodes:
            if out_degree[n]:
                share = damping * rank[n] / out_degree[n]
                for target in graph.successors(n):
                    new[target] += share
        if sum(abs(new[n] - rank[n]) for n in nodes) < tolerance * count:
            return new
        rank = new
    return rank


def orphans(graph: Any, templates: tuple[str, ...] = ()) -> list[str]:
    """Notes with no link to or from another note, as GR001 reports them: not the template
    notes under ``templates`` (which ``lint`` does not report on)."""
    notes = note_graph(graph)
    return sorted(
        n for n in _checked(graph, notes) if notes.degree(n) == 0 and not left_out(n, templates)
    )


def stats(
    graph: Any, vault: Vault, top: int = 10, templates: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Everything ``graph stats`` shows, as plain data (orphans as :func:`orphans` counts
    them)."""
    notes = note_graph(graph)
    kinds = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    guessed = sum(1 for *_, d in graph.edges(data=True) if d.get("decided") == "shortest path")
    components = list(nx.weakly_connected_components(notes))
    ranks = pagerank(notes)
    in_degree = sorted(notes.in_degree(), key=lambda nd: (-nd[1], nd[0]))[:top]
    by_rank = sorted(ranks.items(), key=lambda nr: (-nr[1], nr[0]))[:top]
    tag_use: Counter[str] = Counter()
    for _, d in graph.nodes(data=True):
        if d["kind"] == "note":
            # Only valid tags: `#123` or `tags: [a b]` are not tags to Obsidian (TAG001).
            tag_use.update(t for t in d.get("tags", ()) if tag_problem(t) is None)
    return {
        "notes": len(_checked(graph, notes)),
        "attachments": sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "attachment"),
        "links": dict(sorted(kinds.items())),
        "unresolved_targets": sum(
            1 for _, d in graph.nodes(data=True) if d["kind"] == "unresolved"
        ),
        "ambiguous_links": guessed,
        "orphans": len(orphans(graph, templates)),
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "density": round(nx.density(notes), 6) if notes.number_of_nodes() > 1 else 0.0,
        "hubs_by_backlinks": [{"note": n, "backlinks": k} for n, k in in_degree if k],
        "hubs_by_pagerank": [{"note": n, "pagerank": round(r, 6)} for n, r in by_rank],
        "tags": [
            {"tag": t, "notes": k}
            for t, k in sorted(tag_use.items(), key=lambda tk: (-tk[1], tk[0]))[:top]
        ],
    }


def find_note(vault: Vault, name: str) -> str:
    """A note named as a user would type a link: ``[[Note]]``, ``Note``, ``dir/Note``, alias.

    Raises :class:`UsageError` naming the candidates when the name is unknown or ambiguous.
    """
    text = name.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2]
    if PurePath(text).is_absolute():  # a file's path, as a shell completes it
        return _note_at(vault, Path(text), name)
    # A literal path or file name first: `# Spellcasting.md` cannot be written as a link.
    literal = exact_path(vault, text) or exact_path(vault, text + ".md")
    if literal is not None and literal in vault.notes:
        return literal
    target = split_wikilink(text).target
    if not target or not vault.notes:
        raise UsageError(f"no note named `{name}`")
    res = resolve_target(vault, "", target)
    if res.guessed:
        listed = ", ".join(sorted((res.target or "", *res.others)))
        raise UsageError(f"`{name}` matches several notes: {listed}; write the path to pick one")
    if res.target is not None and res.resolved and res.target in vault.notes:
        return res.target
    owners = vault.alias_owners(strip_md(target))
    if len(owners) == 1:
        return owners[0]
    if owners:
        raise UsageError(f"`{name}` is an alias of several notes: {', '.join(owners)}")
    from vaultcheck.rules.links import closest_note

    close = closest_note(vault, target)
    hint = f"; did you mean `{close}`?" if close else ""
    raise UsageError(f"no note named `{name}`{hint}")


def _note_at(vault: Vault, path: Path, name: str) -> str:
    """The note at the absolute ``path`` (a usage error when it is none of the vault's)."""
    root = vault.root.resolve()
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"`{name}` is outside the vault {root}") from None
    if rel not in vault.notes:
        raise UsageError(f"`{name}` is not a note of the vault {root}")
    return rel


def backlinks(graph: Any, path: str) -> list[tuple[str, int, str]]:
    """(source, line, kind) of every link into ``path``."""
    found = [
        (u, d["line"], d["kind"] + (" (guessed)" if d.get("decided") == "shortest path" else ""))
        for u, _, d in graph.in_edges(path, data=True)
        if u != path
    ]
    return sorted(found)


def links(graph: Any, path: str) -> list[tuple[str, int, str, str]]:
    """(target, line, kind, target kind) of every link out of ``path``."""
    found = [
        (v, d["line"], d["kind"], graph.nodes[v]["kind"])
        for _, v, d in graph.out_edges(path, data=True)
    ]
    return sorted(found, key=lambda row: (row[1], row[0]))


def shortest_path(graph: Any, start: str, end: str, undirected: bool) -> list[str] | None:
    """The shortest chain of note links from ``start`` to ``end`` (either way if ``undirected``)."""
    notes = note_graph(graph)
    view = notes.to_undirected(as_view=True) if undirected else notes
    try:
        return list(nx.shortest_path(view, start, end))
    except nx.NetworkXNoPath:
        return None


def neighbors(graph: Any, path: str, depth: int) -> list[tuple[str, int]]:
    """Notes within ``depth`` links of ``path`` (either direction), with their distance."""
    notes = note_graph(graph).to_undirected(as_view=True)
    reached = nx.single_source_shortest_path_length(notes, path, cutoff=depth)
    return sorted(((n, d) for n, d in reached.items() if n != path), key=lambda nd: (nd[1], nd[0]))


def local_graph(graph: Any, path: str, depth: int) -> Any:
    """The part of ``graph`` within ``depth`` links of ``path``, either direction, any node kind.

    Attachments and missing notes are nodes of the picture, so they count as steps: two notes
    embedding the same image are two links apart.
    """
    reached = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), path, depth)
    return graph.subgraph(reached).copy()
