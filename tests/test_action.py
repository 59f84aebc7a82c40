"""The GitHub Action's shell steps, run as GitHub runs them (bash, inputs in the environment)
in a temporary git repository: one lint run, the outputs it gives, the pull-request scope and
the cache key."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, write_vault
from vaultcheck import __version__

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = {step.get("name", step.get("uses")): step for step in ACTION["runs"]["steps"]}


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A notes repository: `main` has a note with a broken link, the branch adds another."""
    root = write_vault(
        tmp_path / "notes",
        {"A.md": "[[B]] and [[Old Gone]]\n", "My Notes/B.md": "[[A]]\n"},
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "checkout", "-qb", "feature")
    (root / "My Notes" / "B.md").write_text("[[A]] and [[New Gone]]\n", encoding="utf-8")
    _git(root, "commit", "-qam", "feature")
    return root


def _run_step(name: str, repo: Path, inputs: dict[str, str], tmp: Path) -> dict[str, Any]:
    """Run the action step ``name``'s script with its environment, as the runner would; a
    ``vaultcheck`` wrapper first on PATH counts the runs."""
    step = STEPS[name]
    # The console script installed beside this interpreter, whether or not its venv is
    # activated (another `vaultcheck` on PATH would be another install).
    real = shutil.which("vaultcheck", path=str(Path(sys.executable).parent))
    assert real is not None
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    runs_log = tmp / "runs.log"
    wrapper = bin_dir / "vaultcheck"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{runs_log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    output, summary = tmp / "output", tmp / "summary"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_SHA": _git(repo, "rev-parse", "HEAD"),
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(tmp),
    }
    # Each `${{ ... }}` of the step's env comes from the given inputs (empty when not given).
    for key in step.get("env", {}):
        env[key] = inputs.get(key, "")
    for path in (output, summary, runs_log):
        path.unlink(missing_ok=True)
    done = subprocess.run(
        ["bash", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    return {
        "code": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "output": output.read_text() if output.exists() else "",
        "summary": summary.read_text() if summary.exists() else "",
        "runs": runs_log.read_text().count("run") if runs_log.exists() else 0,
    }


LINT_INPUTS = {
    "VC_PATHS": ".",
    "VC_ARGS": "--select LNK",
    "VC_FORMAT": "github",
    "VC_SARIF": "out/vaultcheck.sarif",
    "VC_CHANGED": "true",
    "VC_CACHE": "true",
}


def _annotated(stdout: str) -> list[str]:
    return [line.split("::")[1] for line in stdout.splitlines() if line.startswith("::error")]


def test_push_lints_once_and_gives_every_output(repo: Path, tmp_path: Path) -> None:
    ran = _run_step("Lint", repo, LINT_INPUTS, tmp_path)
    assert ran["code"] == 1
    assert ran["runs"] == 1  # annotations, SARIF and summary from one run
    assert _annotated(ran["stdout"]) == [
        "error file=A.md,line=1,col=11,endLine=1,endColumn=23,title=vaultcheck (LNK001)",
        "error file=My Notes/B.md,line=1,col=11,endLine=1,endColumn=23,title=vaultcheck (LNK001)",
    ]
    assert ran["output"] == "exit-code=1\n"
    sarif = json.loads((repo / "out" / "vaultcheck.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["LNK001", "LNK001"]
    assert ran["summary"] == (
        "## vaultcheck\n\nChecked the whole vault.\n\n2 problems (2 errors).\n\n"
        "| count | rule | name |\n|---:|---|---|\n| 2 | LNK001 | broken-link |\n"
    )
    assert (repo / ".vaultcheck_cache").is_dir()  # what actions/cache keeps


def test_pull_request_annotates_only_what_it_introduces(repo: Path, tmp_path: Path) -> None:
    base = _git(repo, "rev-parse", "main")
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_BASE": base}, tmp_path)
    assert ran["code"] == 1 and ran["runs"] == 1
    assert _annotated(ran["stdout"]) == [
        "error file=My Notes/B.md,line=1,col=11,endLine=1,endColumn=23,title=vaultcheck (LNK001)"
    ]
    assert f"Checked the notes this pull request changes (since {base[:12]})" in ran["summary"]
    assert "1 problem (1 error)." in ran["summary"]
    # changed-only: false checks everything on a pull request too
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_BASE": base, "VC_CHANGED": "false"}, tmp_path)
    assert len(_annotated(ran["stdout"])) == 2


def test_a_base_commit_not_checked_out_means_the_whole_vault(repo: Path, tmp_path: Path) -> None:
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_BASE": "f" * 40}, tmp_path)
    assert ran["stdout"].startswith(
        "::warning title=vaultcheck::the pull request's base commit is not checked out"
    )
    assert len(_annotated(ran["stdout"])) == 2


def test_several_paths_one_per_line(repo: Path, tmp_path: Path) -> None:
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_PATHS": "My Notes/B.md\nA.md\n"}, tmp_path)
    assert ran["runs"] == 1 and len(_annotated(ran["stdout"])) == 2
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_PATHS": "My Notes\n"}, tmp_path)
    assert [a.split(",")[0] for a in _annotated(ran["stdout"])] == ["error file=My Notes/B.md"]


def test_a_usage_error_still_writes_a_summary(repo: Path, tmp_path: Path) -> None:
    ran = _run_step("Lint", repo, {**LINT_INPUTS, "VC_ARGS": "--select NOPE"}, tmp_path)
    assert ran["code"] == 2 and ran["output"] == "exit-code=2\n"
    assert "vaultcheck could not run (exit code 2)" in ran["summary"]


def test_cache_key_follows_version_and_config(repo: Path, tmp_path: Path) -> None:
    def key() -> dict[str, str]:
        ran = _run_step("Cache key", repo, {}, tmp_path)
        assert ran["code"] == 0, ran["stderr"]
        return dict(line.split("=", 1) for line in ran["output"].splitlines())

    first = key()
    assert first["prefix"].startswith(f"vaultcheck-Linux-{__version__}-")
    assert first["key"] == first["prefix"] + _git(repo, "rev-parse", "HEAD")
    (repo / ".vaultcheck.toml").write_text('ignore = ["GR001"]\n', encoding="utf-8")
    _git(repo, "add", ".vaultcheck.toml")
    assert key()["prefix"] != first["prefix"]
    cache = next(
        s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/cache")
    )
    assert cache["with"] == {
        "path": ".vaultcheck_cache",
        "key": "${{ steps.key.outputs.key }}",
        "restore-keys": "${{ steps.key.outputs.prefix }}",
    }


def test_readme_workflow_has_what_upload_sarif_needs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```yaml\n")[1:]]
    [workflow] = [yaml.safe_load(b) for b in blocks if "upload-sarif" in b]
    assert workflow["permissions"] == {
        "actions": "read",
        "contents": "read",
        "security-events": "write",
    }
    steps = workflow["jobs"]["vaultcheck"]["steps"]
    assert steps[0]["with"] == {"fetch-depth": 0}  # --since needs the base commit
    assert set(steps[1]["with"]) <= set(ACTION["inputs"])
