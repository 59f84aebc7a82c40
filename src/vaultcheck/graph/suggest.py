"""Notes that should probably be linked, each with the evidence for that pair.

For a note ``u`` and a candidate ``v`` (a note not linked with ``u`` either way), the score
is the sum of what the pair has, each kind weighted (see :data:`WEIGHTS`):

- ``mentions``: ``u``'s text names ``v`` or an alias without linking it (an unlinked mention);
- ``mentioned_by``: ``v``'s text names ``u``;
- ``co_cited``: notes linking to both (each ``w`` adds ``1 / out-links(w)``: a short list
  that names both says more than an index naming everything);
- ``co_linking``: notes both link to (each ``x`` adds ``1 / backlinks(x)``);
- ``tags``: each shared tag ``t`` adds ``1 / log(2 + uses(t))`` (rare tags say more);
- ``properties``: each shared ``key: value`` adds ``1 / log(2 + notes with it)``;
- ``text``: the cosine of their TF-IDF descriptions (:mod:`vaultcheck.graph.textsim`);
- ``folder``: when a share ``s`` of ``u``'s linked notes sit in ``v``'s folder, ``s``;
- ``peers``: the share of ``u``'s peers (notes sharing a tag, a property or a property
  value with it, in groups of at most :data:`MAX_GROUP`) that link to ``v``, when two or
  more do (album notes link to ``[[Albums]]``).

Candidates come from these same indexes, never from all pairs: a rough score is spread
through every small enough group the note is in, and the full evidence is worked out for
the best few only. Notes, tags and values shared by more than :data:`MAX_GROUP` notes are
too broad to propose candidates (they still count as evidence for a pair found otherwise).
Ties are broken by the number of kinds of evidence, then by the strongest single one, and
only then by path.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from vaultcheck.core.diagnostics import counted
from vaultcheck.graph.suggestindex import NoteFacts
from vaultcheck.graph.textsim import TextIndex
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.mentions import find_mentions

MAX_GROUP = 50

WEIGHTS = {
    "mentions": 1.0,
    "mentioned_by": 0.5,
    "co_cited": 1.0,
    "co_linking": 1.0,
    "tags": 0.5,
    "properties": 0.5,
    "text": 1.0,
    "folder": 0.5,
    "peers": 2.0,
}
#: Peers' links count when at least this many peers link the candidate.
MIN_PEERS = 2


@dataclass(frozen=True)
class Evidence:
    """One kind of reason for a pair: its share of the score and what it rests on."""

    kind: str
    weight: float
    #: The notes, tags, ``key: value`` pairs or words it rests on, strongest first.
    items: tuple[str, ...] = ()
    #: Mentions: how many times; folder: links of the source into it, of all its links.
    count: int = 0
    total: int = 0


@dataclass(frozen=True)
class Suggestion:
    """``target`` for ``source``, with the score and the evidence behind it."""

    source: str
    target: str
    score: float
    evidence: tuple[Evidence, ...]

    def why(self, name: Any = None) -> str:
        """The evidence in words, strongest first."""
        show = name or (lambda p: p)
        return "; ".join(_describe(e, show, self) for e in self.evidence)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "score": self.score,
            "evidence": [
                {"kind": e.kind, "weight": round(e.weight, 4), "items": list(e.items)}
                | ({"count": e.count} if e.kind in ("mentions", "mentioned_by") else {})
                | ({"count": e.count, "total": e.total} if e.kind in ("folder", "peers") else {})
                for e in self.evidence
            ],
        }


def _listed(items: tuple[str, ...], show: Any, shown: int = 3) -> str:
    words = [show(i) for i in items[:shown]]
    more = len(items) - shown
    return ", ".join(words) + (f" and {more} more" if more > 0 else "")


def _describe(e: Evidence, show: Any, pair: Suggestion) -> str:

    def link(path: str) -> str:
        return f"[[{show(path)}]]"

    times = "once" if e.count == 1 else f"{e.count} times"  # (counted() would say "1 time")
    if e.kind == "mentions":
        return f"names {link(pair.target)} {times} without a link"
    if e.kind == "mentioned_by":
        return f"{link(pair.target)} names it {times}"
    if e.kind == "co_cited":
        return f"both linked from {_listed(e.items, link)}"
    if e.kind == "co_linking":
        return f"both link to {_listed(e.items, link)}"
    if e.kind == "tags":
        return "both tagged " + _listed(e.items, lambda t: f"#{t}")
    if e.kind == "properties":
        return "both have " + _listed(e.items, lambda kv: f"`{kv}`")
    if e.kind == "peers":
        listed = _listed(e.items, link)
        sharing = f"{counted(e.total, 'note')} sharing its tags or properties"
        return f"linked from {e.count} of the {sharing} ({listed})"
    if e.kind == "text":
        return f"similar text ({e.weight:.2f}: {_listed(e.items, str, 4)})"
    folder = e.items[0]
    where = f"in {folder}/" if folder else "at the vault root"
    return f"{where}, like {e.count} of its {counted(e.total, 'linked note')}"


class Predictor:
    """Link suggestions over one vault and its (filtered) graph."""

    def __init__(
        self, graph: Any, vault: Vault, links: LinkIndex, cache: Cache | None = None
    ) -> None:
        self.facts = NoteFacts(graph, vault)
        notes = self.facts.notes
        self.mentions: dict[str, Counter[str]] = defaultdict(Counter)
        for m in find_mentions(vault, links, cache=cache):
            if m.source in notes and m.target in notes:
                self.mentions[m.source][m.target] += 1
        self.mentioned_by: dict[str, Counter[str]] = defaultdict(Counter)
        for source, named in self.mentions.items():
            for target, count in named.items():
                self.mentioned_by[target][source] += count
        self.text = TextIndex({p: self.facts.body(p) for p in notes})

    def _rough(
        self, source: str, limit: int
    ) -> tuple[list[tuple[float, str]], dict[str, list[str]], int]:
        """The best ``limit`` candidates by a rough score: every kind of evidence except the
        groups too broad to walk, so never more than the full score. Also the peers' links
        and the number of peers, which the full evidence reuses."""
        facts = self.facts
        rough = facts.rough_scores(source, MAX_GROUP, WEIGHTS)
        for target, count in self.mentions.get(source, {}).items():
            rough[target] += self._mention_weight(target, count)
        for target, count in self.mentioned_by.get(source, {}).items():
            rough[target] += self._mention_weight(source, count, "mentioned_by")
        for target, (cosine, terms) in self.text.similar(source).items():
            if _telling(cosine, terms):
                rough[target] += WEIGHTS["text"] * cosine
        peer_links, peers = facts.peer_links(source, MAX_GROUP)
        peer_links = {t: p for t, p in peer_links.items() if len(p) >= MIN_PEERS}
        for target, peers_linking in peer_links.items():
            rough[target] += WEIGHTS["peers"] * len(peers_linking) / peers
        for target in facts.linked(source) | {source}:
            rough.pop(target, None)
        ranked = heapq.nsmallest(limit, ((-w, t) for t, w in rough.items()))
        return [(-w, t) for w, t in ranked], peer_links, peers

    def _suggestion(
        self, source: str, target: str, peer_links: dict[str, list[str]], peers: int
    ) -> Suggestion | None:
        evidence = self._evidence(source, target)
        if target in peer_links:
            linking = tuple(peer_links[target])
            weight = WEIGHTS["peers"] * len(linking) / peers
            evidence = (*evidence, Evidence("peers", weight, linking, len(linking), peers))
            evidence = tuple(sorted(evidence, key=lambda e: -e.weight))
        if not evidence:
            return None
        return Suggestion(source, target, round(sum(e.weight for e in evidence), 4), evidence)

    def for_note(self, source: str, limit: int = 10) -> list[Suggestion]:
        """The best ``limit`` suggestions for ``source``, strongest first."""
        # Broad groups can lift a pair above its rough score: look a little further.
        ranked, peer_links, peers = self._rough(source, limit + 10)
        found = [self._suggestion(source, t, peer_links, peers) for _, t in ranked]
        return sorted((s for s in found if s is not None), key=rank)[:limit]

    def _mention_weight(self, named: str, count: int, kind: str = "mentions") -> float:
        """More mentions count more, slowly; a name everybody writes counts less."""
        return WEIGHTS[kind] * (1 + math.log(count) / 4) * self._specific(named)

    def _evidence(self, u: str, v: str) -> tuple[Evidence, ...]:
        facts, found = self.facts, []
        named = self.mentions.get(u, Counter())[v]
        if named:
            found.append(Evidence("mentions", self._mention_weight(v, named), count=named))
        by = self.mentioned_by.get(u, Counter())[v]
        if by:
            found.append(
                Evidence("mentioned_by", self._mention_weight(u, by, "mentioned_by"), count=by)
            )
        for kind, shared in (
            ("co_cited", facts.co_cited(u, v)),
            ("co_linking", facts.co_linking(u, v)),
            ("tags", facts.shared_tags(u, v)),
            ("properties", facts.shared_properties(u, v)),
        ):
            if shared:
                weight = WEIGHTS[kind] * sum(w for _, w in shared)
                found.append(Evidence(kind, weight, tuple(i for i, _ in shared)))
        text = self.text.similar(u).get(v)
        if text is not None and _telling(*text):
            found.append(Evidence("text", WEIGHTS["text"] * text[0], text[1]))
        folder = facts.folder_share(u, v)
        if folder is not None:
            name, count, total = folder
            weight = WEIGHTS["folder"] * count / total
            found.append(Evidence("folder", weight, (name,), count, total))
        return tuple(sorted(found, key=lambda e: -e.weight))

    def _specific(self, path: str) -> float:
        """1 for a name few notes use, less for one everybody writes (`Armor`, `Light`)."""
        return 2.0 / math.log2(4 + len(self.mentioned_by.get(path, ())))

    def overall(self, limit: int = 20) -> list[Suggestion]:
        """The best pairs across the vault (each pair once): rough scores for every note,
        the full evidence for the best pairs only."""
        best: dict[frozenset[str], tuple[float, str, str]] = {}
        context = {}
        for source in sorted(self.facts.notes):
            ranked, peer_links, peers = self._rough(source, limit)
            context[source] = (peer_links, peers)
            for rough, target in ranked:
                pair = frozenset((source, target))
                if pair not in best or rough > best[pair][0]:
                    best[pair] = (rough, source, target)
        shortlist = sorted(best.values(), key=lambda r: (-r[0], r[1], r[2]))[: 3 * limit + 10]
        found = [self._suggestion(u, v, *context[u]) for _, u, v in shortlist]
        return sorted((s for s in found if s is not None), key=rank)[:limit]


def _telling(cosine: float, terms: tuple[str, ...]) -> bool:
    """Whether text similarity is worth stating: one shared word is chance."""
    return cosine >= 0.05 and len(terms) >= 2


def rank(s: Suggestion) -> tuple[Any, ...]:
    # Ties go to the pair with more kinds of evidence, then the stronger single piece.
    return (-s.score, -len(s.evidence), -s.evidence[0].weight, s.source, s.target)
