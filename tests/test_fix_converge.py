"""Fixes that do not reach a fixed point are said on stderr, naming the rules and notes, and
the fixes applied until then are kept (ruff's "Failed to converge after N iterations").

No two of the project's rules are known to undo each other's fixes (the corpora and the
generated notes of test_fix_properties.py reach a fixed point, and a second ``--fix`` changes
nothing), so the message is tested the narrowest honest way: with the pass limit lowered to
one, on a note whose fixes need two passes (FM008 renames ``tag``; TAG006 then finds the
duplicate in ``tags``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import vaultcheck
from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.fixing import fixer

runner = CliRunner()

FILES = {"n.md": "---\ntag: [a, a]\n---\n", "m.md": "---\ntags: [b, b]\n---\n"}


def test_a_fix_that_needs_another_pass_is_said_and_the_rest_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fixer, "MAX_PASSES", 1)
    write_vault(tmp_path, FILES)
    args = ["lint", str(tmp_path), "--select", "FM008,TAG006", "--no-cache", "--fix"]
    result = runner.invoke(app, [*args, "--output-format", "concise"])
    assert result.stderr == (
        "vaultcheck: fixes failed to converge after 1 pass; still changing: TAG006 in "
        f"{tmp_path.as_posix()}/n.md. The fixes of those passes are kept; please report this.\n"
    )
    assert (tmp_path / "m.md").read_text() == "---\ntags: [b]\n---\n"
    assert (tmp_path / "n.md").read_text() == "---\ntags: [a, a]\n---\n"
    assert result.stdout == (
        f"{tmp_path.as_posix()}/n.md:2:11: TAG006 [*] Duplicate tag `a` (already on line 2)\n"
        "Found 3 problems (2 fixed, 1 remaining).\n"
    )
    assert result.exit_code == 1


def test_diff_says_so_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer, "MAX_PASSES", 1)
    write_vault(tmp_path, FILES)
    args = ["lint", str(tmp_path), "--select", "FM008,TAG006", "--no-cache", "--diff"]
    result = runner.invoke(app, args)
    assert result.stderr.splitlines() == [
        "vaultcheck: fixes failed to converge after 1 pass; still changing: TAG006 in "
        f"{tmp_path.as_posix()}/n.md. The fixes of those passes are kept; please report this.",
        "Would fix 2 problems in 2 notes.",
    ]
    assert result.exit_code == 1
    assert (tmp_path / "n.md").read_text() == FILES["n.md"]


def test_with_the_usual_limit_the_same_notes_converge_silently(tmp_path: Path) -> None:
    write_vault(tmp_path, FILES)
    args = ["lint", str(tmp_path), "--select", "FM008,TAG006", "--no-cache", "--fix"]
    result = runner.invoke(app, args)
    assert (result.stderr, result.exit_code) == ("", 0)
    assert (tmp_path / "n.md").read_text() == "---\ntags: [a]\n---\n"
    assert (tmp_path / "m.md").read_text() == "---\ntags: [b]\n---\n"


def test_the_api_says_so_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixer, "MAX_PASSES", 1)
    write_vault(tmp_path, FILES)
    result = vaultcheck.fix(tmp_path, select=["FM008", "TAG006"])
    assert result.unconverged == [("TAG006", "n.md")]
    assert result.changes == {
        "m.md": (FILES["m.md"], "---\ntags: [b]\n---\n"),
        "n.md": (FILES["n.md"], "---\ntags: [a, a]\n---\n"),
    }
    assert [(d.code, d.path, d.line, d.column) for d in result.remaining] == [
        ("TAG006", "n.md", 2, 11)
    ]
    monkeypatch.setattr(fixer, "MAX_PASSES", 10)
    assert vaultcheck.fix(tmp_path, select=["FM008", "TAG006"]).unconverged == []


def test_the_api_names_the_notes_it_could_not_write(tmp_path: Path) -> None:
    # (Tests run as root here, which may write a read-only file; a symbolic link is refused
    # for anyone: writing it would replace the link with a file.)
    vault = write_vault(tmp_path / "vault", FILES)
    (vault / "real.txt").write_text("---\ntags: [c, c]\n---\n")
    (vault / "link.md").symlink_to(vault / "real.txt")
    result = vaultcheck.fix(vault, select=["TAG006", "FM008"], write=True)
    assert result.not_written == [("link.md", "is a symbolic link; not written")]
    assert (vault / "real.txt").read_text() == "---\ntags: [c, c]\n---\n"
    assert (vault / "n.md").read_text() == "---\ntags: [a]\n---\n"
    # What remains is what is on disk: the link's duplicate, not written, is still there.
    assert [(d.code, d.path) for d in result.remaining] == [("TAG006", "link.md")]
    assert result.fixed == 3
