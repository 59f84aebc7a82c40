"""Shortcuts some rules take before walking a note: each must give what the walk gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, write_vault
from vaultcheck.engine.run import lint
from vaultcheck.rules import links
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex


def test_a_hash_escaped_in_a_quoted_tag_is_still_reported(tmp_path: Path) -> None:
    # TAG004 skips a frontmatter without `#` only when it has no backslash either: YAML's
    # double quotes can write `#` as `\x23`.
    root = write_vault(tmp_path / "v", {"a.md": '---\ntags: ["\\x23topic", b]\n---\nx\n'})
    assert as_rows(lint(root, select_rules(["TAG004"])).diagnostics) == [
        (
            "TAG004",
            "a.md",
            2,
            8,
            "Frontmatter tag `#topic` should be written without `#`: `topic`",
        )
    ]


def test_the_links_on_lines_are_found_in_any_order(tmp_path: Path) -> None:
    # Bisection when the links come in text order (as the parser gives them); a walk when
    # they do not: both give the links starting on the lines asked for, in list order.
    text = "[[A]] [[B]]\n\n[[C]]\n[[D]] [[E]]\n\n[[F]]\n"
    root = write_vault(tmp_path / "v", {"n.md": text, "A.md": "", "F.md": ""})
    vault = load_vault(root)
    note = vault.notes["n.md"]
    shuffled = note._replace(links=(*note.links[3:], *note.links[:3]))
    for first, last in [(1, 1), (2, 4), (3, 3), (4, 6), (7, 9), (1, 6), (5, 5)]:
        for each in (note, shuffled):
            index = LinkIndex(vault)
            expected = [
                (link, res) for link, res in index.of(each) if first <= link.span.line <= last
            ]
            assert list(index.on_lines(each, first, last)) == expected
    found = LinkIndex(vault).on_lines(note, 3, 4)
    assert [link.target for link, _ in found] == ["C", "D", "E"]


def test_did_you_mean_indexed_up_front_gives_the_same_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With many broken names LNK001 indexes the note names before its first lookup, instead
    # of scanning every name for the first lookups: the same suggestions either way.
    files = {f"Topic {word} {i}.md": "x\n" for i in range(30) for word in ("alpha", "beta")}
    files["index.md"] = " ".join(f"[[Topic alpa {i}]] [[Topic bet {i}]]" for i in range(30))
    root = write_vault(tmp_path / "v", files)
    found = as_rows(lint(root, select_rules(["LNK001"])).diagnostics)
    assert len(found) == 60 and sum("did you mean" in row[4] for row in found) == 60
    monkeypatch.setattr(links, "EARLY_INDEX", 10**6)
    assert as_rows(lint(root, select_rules(["LNK001"])).diagnostics) == found
