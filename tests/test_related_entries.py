"""Related entries read through the link index's answers (a target's resolution when it does
not depend on the linking note) equal entries resolved one by one, keys included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corpus, write_vault
from vaultcheck.rules.shared.related import entry_key, related_entries
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex

REPO = Path(__file__).resolve().parents[1]


def _assert_entries_agree(vault: Vault, key: str = "related") -> int:
    index = LinkIndex(vault)
    checked = 0
    for note in vault:
        alone = related_entries(note, vault, key)  # each entry resolved on its own
        shared = related_entries(note, vault, key, True, index.resolve, index.answers)
        assert shared == alone, note.path
        assert [e.key for e in shared] == [entry_key(e.resolution, e.target) for e in shared]
        checked += len(alone)
    return checked


def test_entries_through_the_answers_equal_entries_resolved_alone(tmp_path: Path) -> None:
    # Entries naming: a note by name (answered), a name shared by two notes (chosen per
    # folder, not answered), an alias (unresolved as a name), nothing, a relative path,
    # a quoted wikilink, and a name that links elsewhere also write.
    files = {
        "a/Self.md": "---\nrelated: [Other, Dup, Nick, Gone, ./Other, '[[Other]]']\n---\n[[Other]]\n",
        "a/Other.md": "---\naliases: [Nick]\nrelated:\n  - Self\n  - Dup\n  - Other.md\n---\n",
        "a/Dup.md": "---\nrelated: Dup\n---\n[[Dup]]\n",
        "b/Dup.md": "---\nrelated: [Dup, Self, '']\n---\n",
        "Root.md": "---\nrelated: [Dup, b/Dup, Gone, 3]\n---\n[[Gone]]\n",
    }
    root = write_vault(tmp_path / "vault", dict(files))
    assert _assert_entries_agree(load_vault(root)) == 15  # the empty and the number are not


def test_entries_agree_on_a_generated_vault(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(generated), "--notes", "300"],
        check=True,
        capture_output=True,
    )
    assert _assert_entries_agree(load_vault(generated)) > 600


@pytest.mark.corpus
def test_entries_agree_on_a_corpus() -> None:
    # No corpus keeps a `related` list; kepano's `categories` (wikilinks) and `tags` stand
    # in as lists of names.
    vault = load_vault(corpus("kepano__kepano-obsidian"))
    assert _assert_entries_agree(vault, "categories") + _assert_entries_agree(vault, "tags") > 50
