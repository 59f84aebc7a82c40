"""A run that checks nothing says so: exit 0 for an empty folder, exit 2 for a mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()
NOTHING = "No notes to check: nothing was checked (notes are `.md` files)."


def test_an_empty_folder_says_nothing_was_checked(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["lint", str(tmp_path / "empty"), "--no-cache"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, NOTHING + "\n", "")
    # A folder of attachments only, asked about inside a vault with notes.
    write_vault(tmp_path / "v", {"a.md": "x\n", "img/p.png": b"\x89PNG"})
    result = runner.invoke(app, ["lint", str(tmp_path / "v" / "img"), "--output-format", "concise"])
    assert (result.exit_code, result.stdout) == (0, NOTHING + "\n")


def test_machine_formats_stay_parseable_and_warn_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == f"vaultcheck: warning: {NOTHING}\n"


def test_a_vault_with_notes_still_passes(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--no-cache"])
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignore", "ALL"], "no rules selected, so nothing would be checked"),
        (["--select", ""], "no rules selected, so nothing would be checked"),
        (["--select", "LNK001", "--ignore", "LNK"], "no rules selected"),
    ],
)
def test_selecting_no_rule_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    write_vault(tmp_path, {"a.md": "[[gone]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"vaultcheck: error: {message}")


def test_naming_a_file_that_is_not_a_note_is_a_usage_error(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "x\n", "notes.txt": "[[gone]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"vaultcheck: error: not a note: {tmp_path / 'notes.txt'} "
        "(vaultcheck checks Markdown notes, `.md`)\n"
    )
