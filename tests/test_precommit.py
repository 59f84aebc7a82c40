"""The pre-commit hooks: the manifest is valid, and a commit with a broken link is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write_vault

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_manifest_is_valid() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-manifest",
            str(REPO / ".pre-commit-hooks.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )


def _environment(tmp_path: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # where this environment's `vaultcheck` lives
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(tmp_path),
    }


def _install_hook(repo: Path, env: dict[str, str]) -> None:
    """The hook as the manifest defines it, run from this checkout with `repo: local`."""
    (repo / ".pre-commit-config.yaml").write_text(
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
    assert _git(repo, "init", "-q", env=env).returncode == 0
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr


def test_commit_with_a_broken_link_is_refused_then_accepted(tmp_path: Path) -> None:
    repo = write_vault(
        tmp_path / "notes", {"Home.md": "# Home\n\nSee [[Idea]].\n", "Idea.md": "[[Home]]\n"}
    )
    env = _environment(tmp_path)
    _install_hook(repo, env)
    _git(repo, "add", ".", env=env)
    assert _git(repo, "commit", "-q", "-m", "start", env=env).returncode == 0

    (repo / "Draft.md").write_text("Links to [[Nowhere]] and [[Home]].\n")
    _git(repo, "add", "Draft.md", env=env)
    refused = _git(repo, "commit", "-q", "-m", "draft", env=env)
    assert refused.returncode != 0
    assert (
        "Draft.md:1:10: LNK001 Broken link: no note named `Nowhere`"
        in refused.stdout + refused.stderr
    )

    (repo / "Draft.md").write_text("Links to [[Idea]] and [[Home]].\n")
    _git(repo, "add", "Draft.md", env=env)
    accepted = _git(repo, "commit", "-q", "-m", "draft", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def _plain_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository of notes in two folders, with no `.obsidian/` and no config."""
    repo = tmp_path / "repo"
    for rel, text in {
        "Classes/Wizard.md": "See [[Fireball]] and [[Rules/Resting]].\n",
        "Spells/Fireball.md": "Cast by a [[Wizard]].\n",
        "Rules/Resting.md": "[[Wizard]]\n",
    }.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    env = _environment(tmp_path)
    _install_hook(repo, env)
    _git(repo, "add", ".", env=env)
    assert _git(repo, "commit", "-q", "-m", "start", env=env).returncode == 0
    return repo, env


def test_commit_of_notes_in_two_folders_of_a_repo_without_obsidian(tmp_path: Path) -> None:
    repo, env = _plain_repo(tmp_path)
    (repo / "Classes/Cleric.md").write_text("[[Fireball]] [[Resting]] [[Nowhere]]\n")
    (repo / "Spells/Bless.md").write_text("Cast by a [[Cleric]].\n")
    _git(repo, "add", ".", env=env)
    refused = _git(repo, "commit", "-q", "-m", "two folders", env=env)
    shown = refused.stdout + refused.stderr
    assert refused.returncode != 0
    # Cross-folder links resolve; the vault is the repository, not the staged notes' folder.
    assert "Classes/Cleric.md:1:26: LNK001 Broken link: no note named `Nowhere`" in shown
    assert "different vaults" not in shown
    assert shown.count("LNK001") == 1
    (repo / "Classes/Cleric.md").write_text("[[Fireball]] [[Resting]]\n")
    _git(repo, "add", ".", env=env)
    # Committed from a subfolder: the same vault.
    accepted = _git(repo / "Spells", "commit", "-q", "-m", "two folders", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    # No cache folder among the notes: it sits at the top of the work tree.
    assert not list(repo.glob("*/.vaultcheck_cache"))


def test_lint_from_a_subfolder_of_a_repo_without_obsidian(tmp_path: Path) -> None:
    repo, env = _plain_repo(tmp_path)
    (repo / "Classes/Cleric.md").write_text("[[Fireball]] [[Nowhere]]\n")
    done = subprocess.run(
        ["vaultcheck", "lint", "Cleric.md", "--output-format", "concise"],
        cwd=repo / "Classes",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    # The vault is the repository; the path is shown relative to where the command ran.
    assert lines == [
        "Cleric.md:1:14: LNK001 Broken link: no note named `Nowhere`",
        "Found 1 problem (1 error).",
    ]
    assert not (repo / "Classes" / ".vaultcheck_cache").exists()
    assert (repo / ".vaultcheck_cache").is_dir()


def test_action_passes_inputs_through_the_environment() -> None:
    import yaml

    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "args", "output-format", "version", "sarif-file"}
    for step in action["runs"]["steps"]:
        # `${{ inputs.* }}` pasted into a script is a shell-injection hole; env is not.
        assert "${{ inputs" not in step.get("run", ""), step.get("name")
