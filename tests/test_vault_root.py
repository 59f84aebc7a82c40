"""Which folder is the vault when nothing marks one (no `.obsidian/`, no config, no git):
a folder the user names is the vault itself, never the larger folder the command runs in;
notes named one by one stay one vault with the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vaultcheck.cli.app import app
from vaultcheck.vault.scan import find_vault_root

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder holding an unmarked notes folder and, beside it, other Markdown."""
    root = tmp_path / "home"
    files = {
        "notes/a.md": "[[b]] [[elsewhere]]\n",
        "notes/b.md": "[[a]]\n",
        "notes/sub/c.md": "[[a]] [[b]]\n",
        "other/elsewhere.md": "[[nowhere]]\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _lint(*args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["lint", "--no-cache", "--select", "LNK001", "--output-format", "concise", *args]
    )
    return result.exit_code, result.stdout


def test_a_folder_named_from_above_is_the_vault(home: Path) -> None:
    # Not the home folder: `other/` is not read, so `[[elsewhere]]` leads nowhere.
    assert _lint("notes") == (
        1,
        "notes/a.md:1:7: LNK001 Broken link: no note named `elsewhere`\nFound 1 problem (1 error).\n",
    )
    assert find_vault_root(Path("notes")) == home / "notes"


def test_notes_named_one_by_one_are_read_with_the_current_folder(home: Path) -> None:
    # As pre-commit names them: the vault is the folder the command runs in.
    assert _lint("notes/a.md", "other/elsewhere.md") == (
        1,
        "other/elsewhere.md:1:1: LNK001 Broken link: no note named `nowhere`\n"
        "Found 1 problem (1 error).\n",
    )


def test_the_current_folder_is_the_vault_when_nothing_is_named(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(home / "notes")
    assert _lint() == (
        1,
        "a.md:1:7: LNK001 Broken link: no note named `elsewhere`\nFound 1 problem (1 error).\n",
    )
    # A note's own folder, found for it (as `mv` does), is not a named folder.
    assert find_vault_root(home / "notes" / "sub", named=False) == home / "notes"
