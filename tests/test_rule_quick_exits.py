"""Shortcuts some rules take before walking a note: each must give what the walk gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, write_vault
from vaultcheck.engine.run import lint
from vaultcheck.rules import links
from vaultcheck.rules.selection import select_rules


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
