"""How good the suggestions are: hide real links, ask for suggestions, count what comes back.

A random share of the linked note pairs is hidden: every link between the two notes, either
way, is cut out of the notes' text (its words too, so the text does not give the answer
away), the notes are parsed again and the vault and graph rebuilt. For each note that lost
a link, the top ``k`` suggestions are compared with the notes it lost:

- precision@k: hidden links found / (k x notes asked), a short list counting as misses;
- recall@k: hidden links found / hidden links.

The same is done for a baseline that suggests the most-linked notes the note is not yet
linked with, so that the numbers mean something.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from vaultcheck.core.diagnostics import Edit
from vaultcheck.fixing.fixcheck import apply_edits
from vaultcheck.graph.suggest import Predictor
from vaultcheck.graph.suggestindex import NoteFacts
from vaultcheck.parse.note import parse_safely
from vaultcheck.vault.build import Vault
from vaultcheck.vault.graph import build_graph
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status


@dataclass(frozen=True)
class Scores:
    """Precision and recall at each ``k``, for one method and one seed."""

    precision: dict[int, float]
    recall: dict[int, float]


def linked_pairs(vault: Vault, index: LinkIndex) -> dict[frozenset[str], set[tuple[str, str]]]:
    """Each pair of distinct notes linked either way, with the directions it is linked in."""
    pairs: dict[frozenset[str], set[tuple[str, str]]] = defaultdict(set)
    for note in vault:
        for _, res in index.of(note):
            target = res.target
            if res.status is Status.RESOLVED and target in vault.notes and target != note.path:
                assert target is not None
                pairs[frozenset((note.path, target))].add((note.path, target))
    return pairs


def without_links(vault: Vault, index: LinkIndex, hidden: set[frozenset[str]]) -> Vault:
    """The vault with every link of the ``hidden`` pairs cut out of the notes' text."""
    edits: dict[str, list[Edit]] = defaultdict(list)
    for note in vault:
        for link, res in index.of(note):
            if res.status is Status.RESOLVED and frozenset((note.path, res.target)) in hidden:
                edits[note.path].append(Edit(link.span.start, link.span.end, ""))
    notes = dict(vault.notes)
    for path, cuts in edits.items():
        text = apply_edits(notes[path].text, cuts)
        notes[path] = parse_safely(text.encode("utf-8"), path)
    return Vault(root=vault.root, notes=notes, attachments=vault.attachments)


def most_linked(facts: NoteFacts, source: str, k: int) -> list[str]:
    """The baseline: the ``k`` notes with most backlinks not linked with ``source``."""
    linked = facts.linked(source) | {source}
    ranked = sorted(facts.notes, key=lambda n: (-len(facts.into[n]), n))
    return [n for n in ranked if n not in linked][:k]


def evaluate(
    vault: Vault, share: float, seed: int, ks: tuple[int, ...] = (5, 10)
) -> tuple[dict[str, Scores], int]:
    """Scores of ``vaultcheck`` and ``most-linked`` for one random hiding, and how many
    links were hidden (none, and no scores, when no two notes are linked)."""
    index = LinkIndex(vault)
    pairs = linked_pairs(vault, index)
    ordered = sorted(pairs, key=lambda p: sorted(p))
    if not ordered:
        return {}, 0  # no two notes linked: nothing to hide, nothing to measure
    chosen = random.Random(seed).sample(ordered, max(1, int(len(ordered) * share)))
    reduced = without_links(vault, index, set(chosen))
    reduced_index = LinkIndex(reduced)
    graph = build_graph(reduced, reduced_index)
    predictor = Predictor(graph, reduced, reduced_index)
    lost: dict[str, set[str]] = defaultdict(set)
    for pair in chosen:
        for source, target in pairs[pair]:
            lost[source].add(target)
    hidden = sum(len(t) for t in lost.values())
    top = max(ks)
    lists: dict[str, dict[str, list[str]]] = {"vaultcheck": {}, "most-linked": {}}
    for source in sorted(lost):
        lists["vaultcheck"][source] = [s.target for s in predictor.for_note(source, top)]
        lists["most-linked"][source] = most_linked(predictor.facts, source, top)
    results = {}
    for method, found in lists.items():
        precision, recall = {}, {}
        for k in ks:
            hits = sum(len(set(found[s][:k]) & lost[s]) for s in lost)
            precision[k] = hits / (k * len(lost)) if lost else 0.0
            recall[k] = hits / hidden if hidden else 0.0
        results[method] = Scores(precision, recall)
    return results, hidden


def summary(runs: list[dict[str, Scores]], method: str, k: int) -> dict[str, Any]:
    """Mean and spread (smallest, largest) of precision@k and recall@k over seeds."""
    precision = [r[method].precision[k] for r in runs]
    recall = [r[method].recall[k] for r in runs]
    return {
        "precision": (sum(precision) / len(runs), min(precision), max(precision)),
        "recall": (sum(recall) / len(runs), min(recall), max(recall)),
    }
