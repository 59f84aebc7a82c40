"""Notes that should probably be linked: link prediction on the note graph, plus shared tags.

The score of a candidate ``v`` for a note ``u`` is the Adamic-Adar index over their shared
neighbours (each shared neighbour ``w`` adds ``1 / log(degree(w))``, so a link through a small,
specific note counts more than one through a hub), plus, for each shared tag ``t``,
``1 / log(2 + uses(t))`` (rare tags say more), plus a folder term: when a share ``s`` of
``u``'s links go into folder ``F``, every unlinked note in ``F`` gains ``FOLDER_WEIGHT * s``
(a list note linking most of ``Spells/`` probably wants the rest). Notes already linked either
way are skipped. Candidates come from neighbours of neighbours, a tag index and a folder
index, never all pairs; tags and folders on more than :data:`MAX_GROUP` notes are too broad.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from vaultcheck.core.diagnostics import counted
from vaultcheck.graph.queries import note_graph

MAX_GROUP = 1000
FOLDER_WEIGHT = 0.5


@dataclass(frozen=True)
class Suggestion:
    """``target`` for ``source``, with the score and the evidence behind it."""

    source: str
    target: str
    score: float
    shared_neighbors: tuple[str, ...] = ()
    shared_tags: tuple[str, ...] = ()
    #: (folder, links of the source into it, all its links), when the candidate is there.
    folder: tuple[str, int, int] | None = None

    def why(self, name: Any = None) -> str:
        """A short reason: the shared neighbours and tags."""
        show = name or (lambda p: p)
        parts = []
        if self.shared_neighbors:
            listed = ", ".join(f"[[{show(n)}]]" for n in self.shared_neighbors[:3])
            more = len(self.shared_neighbors) - 3
            parts.append(f"both link with {listed}" + (f" and {more} more" if more > 0 else ""))
        if self.shared_tags:
            parts.append("both tagged " + ", ".join(f"#{t}" for t in self.shared_tags[:3]))
        if self.folder is not None:
            folder, count, total = self.folder
            where = f"in {folder}/" if folder else "at the vault root"
            parts.append(f"{where}, like {count} of its {counted(total, 'linked note')}")
        return "; ".join(parts)


@dataclass
class Predictor:
    """Scores over one graph: undirected note neighbourhoods and a tag index."""

    graph: Any
    neighbors: dict[str, set[str]] = field(init=False)
    tags: dict[str, set[str]] = field(init=False)
    by_tag: dict[str, set[str]] = field(init=False)
    by_folder: dict[str, set[str]] = field(init=False)

    def __post_init__(self) -> None:
        notes = note_graph(self.graph).to_undirected()
        self.neighbors = {n: set(notes.neighbors(n)) for n in notes}
        self.tags = {
            n: {t.casefold() for t in self.graph.nodes[n].get("tags", ())} for n in self.neighbors
        }
        self.by_tag = defaultdict(set)
        self.by_folder = defaultdict(set)
        for n, tags in self.tags.items():
            for t in tags:
                self.by_tag[t].add(n)
            self.by_folder[self._folder(n)].add(n)

    def _folder(self, note: str) -> str:
        return str(self.graph.nodes[note].get("folder", ""))

    def for_note(self, source: str, limit: int = 10) -> list[Suggestion]:
        """The best ``limit`` suggestions for ``source``."""
        mine = self.neighbors.get(source, set())
        scores: dict[str, float] = defaultdict(float)
        via: dict[str, list[str]] = defaultdict(list)
        for w in mine:
            weight = 1.0 / math.log(max(len(self.neighbors[w]), 2))
            for v in self.neighbors[w]:
                if v != source and v not in mine:
                    scores[v] += weight
                    via[v].append(w)
        shared: dict[str, list[str]] = defaultdict(list)
        for t in self.tags.get(source, ()):
            users = self.by_tag[t]
            if len(users) > MAX_GROUP:
                continue
            weight = 1.0 / math.log(2 + len(users))
            for v in users:
                if v != source and v not in mine:
                    scores[v] += weight
                    shared[v].append(t)
        in_folder: dict[str, tuple[str, int, int]] = {}
        if mine:
            folders: dict[str, int] = defaultdict(int)
            for w in mine:
                folders[self._folder(w)] += 1
            for folder, count in folders.items():
                members = self.by_folder[folder]
                if count < 2 or len(members) > MAX_GROUP:
                    continue  # one link says nothing about a folder
                weight = FOLDER_WEIGHT * count / len(mine)
                for v in members:
                    if v != source and v not in mine:
                        scores[v] += weight
                        in_folder[v] = (folder, count, len(mine))
        best = sorted(scores.items(), key=lambda vs: (-vs[1], vs[0]))[:limit]
        return [
            Suggestion(
                source,
                v,
                round(s, 4),
                tuple(sorted(via[v])),
                tuple(sorted(shared[v])),
                in_folder.get(v),
            )
            for v, s in best
        ]

    def overall(self, limit: int = 20) -> list[Suggestion]:
        """The best pairs across the vault (each pair once)."""
        seen: set[frozenset[str]] = set()
        found: list[Suggestion] = []
        for source in sorted(self.neighbors):
            for s in self.for_note(source, limit):
                pair = frozenset((s.source, s.target))
                if pair not in seen:
                    seen.add(pair)
                    found.append(s)
        return sorted(found, key=lambda s: (-s.score, s.source, s.target))[:limit]


def evaluate(graph: Any, share: float = 0.1, seed: int = 1, top: int = 10) -> tuple[int, int]:
    """Hide ``share`` of the note-to-note links at random and count how many come back in the
    top ``top`` suggestions of their source: (found, hidden)."""
    notes = note_graph(graph)
    unique: dict[frozenset[str], tuple[str, str]] = {}
    for u, v in sorted(notes.edges()):
        unique.setdefault(frozenset((u, v)), (u, v))
    pairs = list(unique.values())
    hidden = random.Random(seed).sample(pairs, max(1, int(len(pairs) * share))) if pairs else []
    reduced = graph.copy()
    gone = {frozenset(p) for p in hidden}
    drop = [(u, v, k) for u, v, k in reduced.edges(keys=True) if frozenset((u, v)) in gone]
    reduced.remove_edges_from(drop)
    predictor = Predictor(reduced)
    found = 0
    for u, v in hidden:  # the hidden link's source must get its target back
        if v in {s.target for s in predictor.for_note(u, top)}:
            found += 1
    return found, len(hidden)
