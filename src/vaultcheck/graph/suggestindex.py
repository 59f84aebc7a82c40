"""What link suggestions compare between two notes: their links both ways, valid tags,
frontmatter values and folders, indexed so that candidates come from shared groups."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from vaultcheck.rules.tags import tag_problem
from vaultcheck.vault.build import Vault, fold

#: Properties that name the note, its dates or its links: shared values there say nothing
#: about what two notes are about (and links are the graph's evidence already).
SKIPPED_KEYS = frozenset(
    {"title", "aliases", "alias", "tags", "tag", "cssclasses", "cssclass", "created", "modified"}
    | {"date", "updated", "related", "up", "publish", "permalink", "id", "uid"}
)
#: A folder proposes its notes when a note links at least this many, and this share, there.
FOLDER_MIN_LINKS = 2
FOLDER_MIN_SHARE = 0.25
FOLDER_GROUP = 1000


def _values(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [
        fold(v.strip())
        for v in items
        if isinstance(v, str) and v.strip() and len(v) <= 80 and "[[" not in v
    ]


class NoteFacts:
    """Per note: the notes it links to and from, tags, ``key: value`` pairs, folder."""

    def __init__(self, graph: Any, vault: Vault) -> None:
        self.vault = vault
        self.notes = {n for n, d in graph.nodes(data=True) if d["kind"] == "note"}
        self.out: dict[str, set[str]] = {n: set() for n in self.notes}
        self.into: dict[str, set[str]] = {n: set() for n in self.notes}
        for u, v in graph.edges():
            if u != v and v in self.notes:
                self.out[u].add(v)
                self.into[v].add(u)
        self.tags: dict[str, set[str]] = {}
        self.properties: dict[str, set[str]] = {}
        self.by_tag: dict[str, set[str]] = defaultdict(set)
        self.by_property: dict[str, set[str]] = defaultdict(set)
        self.by_folder: dict[str, set[str]] = defaultdict(set)
        self._folder_counts: dict[str, Counter[str]] = {}
        for path in self.notes:
            note = vault.notes[path]
            self.tags[path] = {fold(t.name) for t in note.tags if tag_problem(t.name) is None}
            pairs: set[str] = set()
            if note.frontmatter is not None:
                for entry in note.frontmatter.entries:
                    if fold(entry.key) not in SKIPPED_KEYS:
                        pairs.add(entry.key)  # having the key says what kind of note it is
                        pairs.update(f"{entry.key}: {v}" for v in _values(entry.value))
            self.properties[path] = pairs
            for t in self.tags[path]:
                self.by_tag[t].add(path)
            for p in pairs:
                self.by_property[p].add(path)
            self.by_folder[note.folder].add(path)

    def body(self, path: str) -> str:
        """The note's text after its frontmatter."""
        note = self.vault.notes[path]
        start = note.frontmatter.span.end if note.frontmatter is not None else 0
        return note.text[start:]

    def linked(self, path: str) -> set[str]:
        return self.out[path] | self.into[path]

    def rough_scores(
        self, u: str, max_group: int, weights: dict[str, float]
    ) -> defaultdict[str, float]:
        """Each note sharing a small enough group with ``u`` (a citing note, a cited note, a
        tag, a property value, a folder it links into a lot), with the score those groups
        give it: cheap, by walking the groups, so that the full evidence is worked out only
        for the best few."""
        scores: defaultdict[str, float] = defaultdict(float)

        def spread(group: set[str], weight: float) -> None:
            for v in group:
                scores[v] += weight

        for w in self.into[u]:
            if len(self.out[w]) <= max_group:
                spread(self.out[w], weights["co_cited"] / len(self.out[w]))
        for x in self.out[u]:
            if len(self.into[x]) <= max_group:
                spread(self.into[x], weights["co_linking"] / len(self.into[x]))
        for t in self.tags[u]:
            if len(self.by_tag[t]) <= max_group:
                spread(self.by_tag[t], weights["tags"] / math.log(2 + len(self.by_tag[t])))
        for p in self.properties[u]:
            group = self.by_property[p]
            if ": " in p and len(group) <= max_group:
                spread(group, weights["properties"] / math.log(2 + len(group)))
        for folder in {self.vault.notes[x].folder for x in self.out[u]}:
            links = self._folder_links(u, folder)
            members = self.by_folder[folder]
            if links is not None and len(members) <= FOLDER_GROUP:
                spread(members, weights["folder"] * links[0] / links[1])
        return scores

    def peer_links(self, u: str, max_group: int) -> tuple[dict[str, list[str]], int]:
        """Notes linked from ``u``'s peers (notes sharing a small tag or property group with
        it): target -> the peers linking it; and how many peers there are."""
        peers: set[str] = set()
        for group in (
            *(self.by_tag[t] for t in self.tags[u]),
            *(self.by_property[p] for p in self.properties[u]),
        ):
            if len(group) <= max_group:
                peers |= group
        peers.discard(u)
        linked: dict[str, list[str]] = defaultdict(list)
        for peer in sorted(peers):
            for target in self.out[peer]:
                linked[target].append(peer)
        return linked, len(peers)

    def co_cited(self, u: str, v: str) -> list[tuple[str, float]]:
        """Notes linking to both, each with ``1 / its out-links``, strongest first."""
        return _strongest((w, 1.0 / len(self.out[w])) for w in self.into[u] & self.into[v])

    def co_linking(self, u: str, v: str) -> list[tuple[str, float]]:
        """Notes both link to, each with ``1 / its backlinks``, strongest first."""
        return _strongest((x, 1.0 / len(self.into[x])) for x in self.out[u] & self.out[v])

    def shared_tags(self, u: str, v: str) -> list[tuple[str, float]]:
        return _strongest(
            (t, 1.0 / math.log(2 + len(self.by_tag[t]))) for t in self.tags[u] & self.tags[v]
        )

    def shared_properties(self, u: str, v: str) -> list[tuple[str, float]]:
        """Shared ``key: value`` pairs (a shared key alone only makes the notes peers)."""
        common = {p for p in self.properties[u] & self.properties[v] if ": " in p}
        return _strongest((p, 1.0 / math.log(2 + len(self.by_property[p]))) for p in common)

    def _folder_links(self, u: str, folder: str) -> tuple[int, int] | None:
        counts = self._folder_counts.get(u)
        if counts is None:
            counts = self._folder_counts[u] = Counter(
                self.vault.notes[x].folder for x in self.out[u]
            )
        total, count = len(self.out[u]), counts[folder]
        if count >= FOLDER_MIN_LINKS and count >= FOLDER_MIN_SHARE * total:
            return count, total
        return None

    def folder_share(self, u: str, v: str) -> tuple[str, int, int] | None:
        """(folder, links of ``u`` into it, all its links) when ``v`` is in a folder ``u``
        links into a lot."""
        folder = self.vault.notes[v].folder
        links = self._folder_links(u, folder)
        return None if links is None else (folder, *links)


def _strongest(pairs: Any) -> list[tuple[str, float]]:
    return sorted(pairs, key=lambda iw: (-iw[1], iw[0]))
