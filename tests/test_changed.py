"""``lint --changed [--since REF]`` in real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.report import NOTHING_CHECKED

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
runner = CliRunner()

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed vault: a spell note linked by name and by path, an embedded map, and a
    note with an old broken link."""
    root = write_vault(
        tmp_path / "vault",
        {
            "Spells/Fireball.md": "# Fireball\n[[Home]]\n",
            "Home.md": "See [[Fireball]] and ![[map.png]]\n",
            "Wizard.md": "Casts [[Spells/Fireball]].\n[[Home]]\n",
            "map.png": b"\x89PNG",
            "Old.md": "[[Home]] and [[Nope]]\n",
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def changed(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(
        app, ["lint", str(root), "--changed", "--output-format", "concise", *args]
    )
    lines = [line.replace(f"{root}/", "") for line in result.stdout.splitlines()]
    return result.exit_code, lines, result.stderr


def test_nothing_changed_checks_nothing(repo: Path) -> None:
    assert changed(repo) == (
        0,
        [NOTHING_CHECKED],
        "vaultcheck: no notes changed in the working tree\n",
    )


def test_the_working_tree_against_head_with_untracked_notes(repo: Path) -> None:
    (repo / "Home.md").write_text("See [[Fireball]] and ![[map.png]]\n[[Typo]]\n")
    (repo / "New.md").write_text("[[Home]] [[Also missing]]\n")
    assert changed(repo)[:2] == (
        1,
        [
            "Home.md:2:1: LNK001 Broken link: no note named `Typo`",
            "New.md:1:10: LNK001 Broken link: no note named `Also missing`",
            "Found 2 problems (2 errors).",
        ],
    )


def test_a_staged_deletion_reports_the_links_it_broke(repo: Path) -> None:
    git(repo, "rm", "-q", "Spells/Fireball.md", "map.png")
    (repo / "Old.md").write_text("[[Home]] and [[Nope]] and [[Unstaged]]\n")  # not staged
    assert changed(repo)[:2] == (
        1,
        [
            "Home.md:1:5: LNK001 Broken link: no note named `Fireball`",
            "Home.md:1:22: LNK005 Missing attachment: no file named `map.png`",
            "Wizard.md:1:7: LNK001 Broken link: no note named `Spells/Fireball`",
            "Found 3 problems (3 errors).",
        ],
    )


def test_a_rename_reports_the_links_to_the_old_name(repo: Path) -> None:
    git(repo, "mv", "Spells/Fireball.md", "Spells/Fire Ball.md")
    assert changed(repo)[1] == [
        # git paired the old path with the new one: the fix is safe (tests/test_renames.py).
        "Home.md:1:5: LNK001 [*] Broken link: no note named `Fireball`; "
        "`Spells/Fireball.md` was renamed to `Spells/Fire Ball.md`",
        "Wizard.md:1:7: LNK001 [*] Broken link: no note named `Spells/Fireball`; "
        "`Spells/Fireball.md` was renamed to `Spells/Fire Ball.md`",
        "Found 2 problems (2 errors).",
    ]
    # Narrowed by a path on the command line.
    assert changed(repo / "Wizard.md")[1][-1] == "Found 1 problem (1 error)."


def test_since_a_branch_lists_what_a_pull_request_introduces(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "rm", "-q", "map.png")
    git(repo, "commit", "-q", "-m", "drop the map")
    (repo / "Wizard.md").write_text("Casts [[Spells/Fireball]].\n[[Home]] [[Draft]]\n")
    git(repo, "commit", "-q", "-am", "draft link")
    git(repo, "checkout", "-q", "main")
    (repo / "Old.md").write_text("[[Home]]\n")  # main moves on: not the pull request's
    git(repo, "commit", "-q", "-am", "fix on main")
    git(repo, "checkout", "-q", "feature")
    assert changed(repo, "--since", "main")[:2] == (
        1,
        [
            "Home.md:1:22: LNK005 Missing attachment: no file named `map.png`",
            "Wizard.md:2:10: LNK001 Broken link: no note named `Draft`",
            "Found 2 problems (2 errors).",
        ],
    )


def test_outside_git_or_with_a_bad_revision_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    code, lines, stderr = changed(repo, "--since", "no-such-branch")
    assert (code, lines) == (2, [])
    assert stderr.startswith("vaultcheck: error: git merge-base failed: ")
    assert len(stderr.splitlines()) == 1
    plain = write_vault(tmp_path / "plain", {"a.md": "x\n"})
    code, lines, stderr = changed(plain)
    assert (code, lines) == (2, [])
    assert stderr.startswith("vaultcheck: error: git rev-parse failed: ")


def test_fix_and_diff_touch_only_the_changed_notes(repo: Path) -> None:
    (repo / "Old.md").write_text("---\ntags: ['#old']\n---\n[[Home]]\n")
    git(repo, "commit", "-q", "-am", "an old fixable problem")
    (repo / "Home.md").write_text("---\ntags: ['#home']\n---\nSee [[Fireball]] and ![[map.png]]\n")
    diff = runner.invoke(app, ["lint", str(repo), "--changed", "--diff"])
    assert "+++ b/Home.md" in diff.stdout and "Old.md" not in diff.stdout
    assert diff.stderr.startswith("Would fix 1 problem in 1 ")
    runner.invoke(app, ["lint", str(repo), "--changed", "--fix"])
    assert (repo / "Home.md").read_text().startswith("---\ntags: ['home']\n")
    assert (repo / "Old.md").read_text() == "---\ntags: ['#old']\n---\n[[Home]]\n"
