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


def test_findings_sharing_one_list_are_fixed_in_one_pass(tmp_path: Path) -> None:
    # Twelve notes list `hub`, which lists none of them and links none under its heading.
    # Each REL004 fix appended one name at the end of hub's list, so they waited for each
    # other a pass apiece (and REL005 followed each a pass later): more than the pass limit.
    # Now REL004's findings about hub share one edit adding all twelve, REL005's the lines
    # linking them, and the fixer applies a shared edit once, counting every finding fixed.
    names = [f"n{i:02}" for i in range(1, 13)]
    files = {f"{n}.md": "---\nrelated: [hub]\n---\n## Related\n- [[hub]]\n" for n in names}
    files["hub.md"] = "---\nrelated: []\n---\n## Related\n"
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", "REL004,REL005", "--no-cache"]
    result = runner.invoke(app, [*args, "--fix", "--unsafe-fixes"])
    assert (result.stderr, result.stdout, result.exit_code) == (
        "",
        "Found 24 problems (24 fixed, 0 remaining).\n",
        0,
    )
    links = "".join(f"- [[{n}]]\n" for n in names)
    assert (tmp_path / "hub.md").read_text() == (
        f"---\nrelated: [{', '.join(names)}]\n---\n## Related\n{links}"
    )
    assert (tmp_path / "n01.md").read_text() == files["n01.md"]


def test_a_shared_fix_is_offered_on_each_finding(tmp_path: Path) -> None:
    files = {
        "a.md": "---\nrelated: [hub]\n---\n",
        "b.md": "---\nrelated: [hub]\n---\n",
        "hub.md": "---\nrelated: []\n---\n",
    }
    write_vault(tmp_path, files)
    found = vaultcheck.lint(tmp_path, select=["REL004"])
    assert [(d.path, d.line, d.column, d.message) for d in found] == [
        ("a.md", 2, 11, "`hub.md` does not list this note in its `related` in return"),
        ("b.md", 2, 11, "`hub.md` does not list this note in its `related` in return"),
    ]
    assert [d.fix for d in found] == [found[0].fix, found[0].fix]
    assert found[0].fix is not None
    assert found[0].fix.message == "Add `a`, `b` to `hub.md`"
    assert [(e.path, e.start, e.end, e.replacement) for e in found[0].fix.edits] == [
        ("hub.md", 14, 14, "a, b")
    ]
