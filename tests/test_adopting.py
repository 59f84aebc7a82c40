"""docs/adopting.md, end to end: a vault with a past adopts the hook with a baseline, in a real
git repository with pre-commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write_vault

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOOK = (
    "repos:\n"
    "  - repo: local\n"
    "    hooks:\n"
    "      - id: vaultcheck\n"
    "        name: vaultcheck\n"
    "        entry: vaultcheck lint --output-format concise\n"
    "        language: system\n"
    "        types: [markdown]\n"
    "        require_serial: true\n"
)


def _run(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, env=env, check=False)


def test_a_baseline_lets_the_hook_in_on_day_one_and_still_refuses_new_problems(
    tmp_path: Path,
) -> None:
    repo = write_vault(
        tmp_path / "notes",
        {
            "Home.md": "# Home\n\nSee [[Idea]] and [[Old plan]].\n",
            "Idea.md": "---\ntags: [x, x]\n---\n[[Home]] and [[Someday]]\n",
        },
    )
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(tmp_path),
    }
    (repo / ".pre-commit-config.yaml").write_text(HOOK)
    assert _run(repo, env, "git", "init", "-q").returncode == 0
    assert _run(repo, env, sys.executable, "-m", "pre_commit", "install").returncode == 0

    # Day one, as the page says: record the baseline, name it in the config, commit.
    written = _run(repo, env, "vaultcheck", "lint", "--write-baseline", "vaultcheck-baseline.json")
    assert written.returncode == 0, written.stderr
    (repo / ".vaultcheck.toml").write_text('baseline = "vaultcheck-baseline.json"\n')
    _run(repo, env, "git", "add", ".")
    first = _run(repo, env, "git", "commit", "-q", "-m", "adopt vaultcheck")
    assert first.returncode == 0, first.stdout + first.stderr
    assert _run(repo, env, "git", "ls-files").stdout.splitlines() == [
        ".pre-commit-config.yaml",
        ".vaultcheck.toml",
        "Home.md",
        "Idea.md",
        "vaultcheck-baseline.json",
    ]

    # An edit above the known problems keeps them known.
    (repo / "Idea.md").write_text(
        "---\ntitle: Idea\ntags: [x, x]\n---\nNew line.\n[[Home]] and [[Someday]]\n"
    )
    _run(repo, env, "git", "add", "Idea.md")
    edited = _run(repo, env, "git", "commit", "-q", "-m", "edit")
    assert edited.returncode == 0, edited.stdout + edited.stderr

    # A new broken link is refused, and only it is reported.
    (repo / "Home.md").write_text("# Home\n\nSee [[Idea]] and [[Old plan]].\n[[Nowhere]]\n")
    _run(repo, env, "git", "add", "Home.md")
    refused = _run(repo, env, "git", "commit", "-q", "-m", "new link")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "Home.md:4:1: LNK001 Broken link: no note named `Nowhere`" in output
    assert "Old plan" not in output

    # Ratchet down: fix a known problem; the hook says the entry is stale until the baseline
    # is rewritten, and the rewrite shows in the commit as a line removed.
    (repo / "Home.md").write_text("# Home\n\nSee [[Idea]].\n")
    _run(repo, env, "git", "add", "Home.md")
    stale = _run(repo, env, "git", "commit", "-q", "-m", "fix")
    assert stale.returncode != 0
    assert (
        'Home.md:1:1: VC006 Stale baseline entry: LNK001 "Broken link: no note named `Old plan`" '
        "no longer occurs; rewrite the baseline with --write-baseline"
    ) in stale.stdout + stale.stderr
    _run(repo, env, "vaultcheck", "lint", "--write-baseline", "vaultcheck-baseline.json")
    _run(repo, env, "git", "add", ".")
    diff = _run(repo, env, "git", "diff", "--cached", "--", "vaultcheck-baseline.json").stdout
    assert [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == [
        '-    "Home.md": {',
        '-      "LNK001": {',
        '-        "Broken link: no note named `Old plan`": 1',
        "-      }",
        "-    },",
    ]
    fixed = _run(repo, env, "git", "commit", "-q", "-m", "fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def _manifest_hook_as_local(hook_id: str) -> str:
    """The manifest's hook, run from this environment with `repo: local`."""
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == hook_id)
    hook = {**hook, "language": "system", "entry": hook["entry"] + " --output-format concise"}
    hook.pop("minimum_pre_commit_version", None)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})


def test_the_default_hook_refuses_a_deletion_or_rename_that_breaks_links(tmp_path: Path) -> None:
    repo = write_vault(
        tmp_path / "notes",
        {
            "Spells/Fireball.md": "# Fireball\n[[Home]]\n",
            "Home.md": "See [[Fireball]].\n",
            "Wizard.md": "Casts [[Spells/Fireball]].\n[[Home]]\n",
        },
    )
    env = {
        **os.environ,
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(tmp_path),
    }
    (repo / ".pre-commit-config.yaml").write_text(_manifest_hook_as_local("vaultcheck"))
    assert _run(repo, env, "git", "init", "-q").returncode == 0
    assert _run(repo, env, sys.executable, "-m", "pre_commit", "install").returncode == 0
    _run(repo, env, "git", "add", ".")
    first = _run(repo, env, "git", "commit", "-q", "-m", "start")
    assert first.returncode == 0, first.stdout + first.stderr

    # No note is staged, yet the hook runs and names the links the deletion breaks.
    _run(repo, env, "git", "rm", "-q", "Spells/Fireball.md")
    refused = _run(repo, env, "git", "commit", "-q", "-m", "drop fireball")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "Home.md:1:5: LNK001 Broken link: no note named `Fireball`" in output
    assert "Wizard.md:1:7: LNK001 Broken link: no note named `Spells/Fireball`" in output

    _run(repo, env, "git", "reset", "-q", "--hard")
    # An untracked draft with a broken link does not block a commit that does not hold it.
    (repo / "Draft.md").write_text("[[Not yet written]]\n")
    amended = _run(repo, env, "git", "commit", "-q", "--amend", "-m", "start again")
    assert amended.returncode == 0, amended.stdout + amended.stderr
    _run(repo, env, "git", "mv", "Spells/Fireball.md", "Spells/Fire Ball.md")
    renamed = _run(repo, env, "git", "commit", "-q", "-m", "rename")
    assert renamed.returncode != 0
    # git paired the names, so the message says so and the fix is safe.
    assert (
        "Home.md:1:5: LNK001 [*] Broken link: no note named `Fireball`; "
        "`Spells/Fireball.md` was renamed to `Spells/Fire Ball.md`"
    ) in (renamed.stdout + renamed.stderr)
    fixed = _run(repo, env, sys.executable, "-m", "vaultcheck", "lint", "--changed", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (repo / "Home.md").read_text().startswith("See [[Fire Ball]]")
    _run(repo, env, "git", "add", "-u")  # the fixed notes; the draft stays untracked
    committed = _run(repo, env, "git", "commit", "-q", "-m", "rename")
    assert committed.returncode == 0, committed.stdout + committed.stderr
