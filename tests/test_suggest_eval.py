"""The suggestion evaluation: links really hidden (text and graph), the baseline, the claim."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import corpus, write_vault
from vaultcheck.graph.suggesteval import evaluate, linked_pairs, most_linked, without_links
from vaultcheck.graph.suggestindex import NoteFacts
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.graph import build_graph
from vaultcheck.vault.linkindex import LinkIndex


def test_hidden_links_leave_the_text_and_the_graph(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {"A.md": "See [[B]] and [[C|sea]].\n", "B.md": "- [[A#Top]]\n", "C.md": "[[B]]\n"},
    )
    vault = load_vault(tmp_path)
    index = LinkIndex(vault)
    pairs = linked_pairs(vault, index)
    assert pairs == {
        frozenset(("A.md", "B.md")): {("A.md", "B.md"), ("B.md", "A.md")},
        frozenset(("A.md", "C.md")): {("A.md", "C.md")},
        frozenset(("B.md", "C.md")): {("C.md", "B.md")},
    }
    reduced = without_links(vault, index, {frozenset(("A.md", "B.md"))})
    assert reduced.notes["A.md"].text == "See  and [[C|sea]].\n"
    assert reduced.notes["B.md"].text == "- \n"
    assert reduced.notes["C.md"] == vault.notes["C.md"]
    graph = build_graph(reduced, LinkIndex(reduced))
    assert sorted((u, v) for u, v in graph.edges()) == [("A.md", "C.md"), ("C.md", "B.md")]


def test_the_baseline_is_the_most_linked_notes_not_yet_linked(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            "Hub.md": "",
            "Second.md": "",
            "a.md": "[[Hub]] [[Second]]",
            "b.md": "[[Hub]] [[Second]]",
            "c.md": "[[Hub]]",
        },
    )
    vault = load_vault(tmp_path)
    facts = NoteFacts(build_graph(vault, LinkIndex(vault)), vault)
    assert most_linked(facts, "c.md", 2) == ["Second.md", "a.md"]


def test_on_foam_docs_suggestions_beat_the_baseline() -> None:
    vault = load_vault(corpus("foambubble__foam_docs"))
    scores, hidden = evaluate(vault, 0.1, seed=1, ks=(10,))
    assert hidden >= 17
    ours, baseline = scores["vaultcheck"], scores["most-linked"]
    assert 0.0 <= baseline.recall[10] < ours.recall[10] <= 1.0
    assert 0.0 <= baseline.precision[10] < ours.precision[10] <= 1.0
