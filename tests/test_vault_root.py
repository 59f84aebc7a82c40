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


def test_mv_with_a_vault_edits_only_that_vault(home: Path) -> None:
    (home / "other" / "also.md").write_text("[[a]]\n", encoding="utf-8")
    # Without -C, the note named from the home folder makes the home folder its vault.
    result = runner.invoke(app, ["mv", "--diff", "notes/a.md", "notes/z.md"])
    assert result.stdout.endswith("rewrite 3 links in 3 notes\n")
    # With -C, the paths are read inside `notes`, and `other/` is not touched.
    result = runner.invoke(app, ["mv", "-C", "notes", "a.md", "z.md"])
    assert (result.exit_code, result.stdout) == (
        0,
        "Moved a.md to z.md; rewrote 2 links in 2 notes\n",
    )
    assert (home / "notes" / "b.md").read_text(encoding="utf-8") == "[[z]]\n"
    assert (home / "notes" / "sub" / "c.md").read_text(encoding="utf-8") == "[[z]] [[b]]\n"
    assert (home / "other" / "also.md").read_text(encoding="utf-8") == "[[a]]\n"


def test_clean_and_init_take_the_vault_option(home: Path) -> None:
    result = runner.invoke(app, ["init", "-C", "notes"])
    assert result.exit_code == 0
    assert (home / "notes" / ".vaultcheck.toml").is_file()
    assert not (home / ".vaultcheck.toml").exists()
    runner.invoke(app, ["lint", "notes", "--output-format", "concise"])  # leaves a cache
    assert (home / "notes" / ".vaultcheck_cache").is_dir()
    result = runner.invoke(app, ["clean", "--vault", "notes"])
    assert (result.exit_code, result.stdout) == (
        0,
        f"Removed {home / 'notes' / '.vaultcheck_cache'}\n",
    )
    result = runner.invoke(app, ["clean", "notes", "-C", "other"])
    assert (result.exit_code, result.stderr) == (
        2,
        "vaultcheck: error: two vaults given (notes and other); give one\n",
    )


def test_clean_of_a_folder_that_does_not_exist_is_a_usage_error(home: Path) -> None:
    # A typo'd vault is not "No cache at ..." and exit 0: lint and graph say it the same way.
    for args in (["clean", "nots"], ["clean", "-C", "nots"]):
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            "vaultcheck: error: no such file or directory: nots\n",
        )
    assert not (home / "nots").exists()
