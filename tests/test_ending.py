"""The console script ends a one-shot lint without freeing the vault (``cli/ending.py``),
and loses nothing by it: the whole report (to a pipe or a file), the exit code, ``atexit``
functions, a closed pipe's behaviour. Each run is a real process; a function given to
``threading``'s own exit hook (which Python calls as it shuts down, before the ``atexit``
functions) says when the interpreter shut down as usual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_vault

_SCRIPT = """\
import atexit, os, sys, threading
pid = os.getpid()  # not the parse worker's, which shuts threading down too
threading._register_atexit(lambda: os.getpid() == pid and os.write(2, b"finalized as usual\\n"))
atexit.register(lambda: open({marker!r}, "w").write("atexit ran"))
sys.argv[0] = "vaultcheck"
from vaultcheck.cli.entry import {start}
{start}()
"""

_FREED = "finalized as usual\n"

#: Standard streams buffered, as they are but where PYTHONUNBUFFERED is set (this machine).
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _command(start: str, marker: Path) -> list[str]:
    return [sys.executable, "-c", _SCRIPT.format(marker=str(marker), start=start)]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """Enough notes for a parse worker (300 or more), and a report larger than a pipe holds."""
    files = {f"n{i:03}.md": "[[missing]] [[gone]]\n" * 5 for i in range(320)}
    return write_vault(tmp_path / "v", files)


def _run(start: str, args: list[str], tmp_path: Path) -> tuple[int, str, str, str]:
    marker = tmp_path / f"marker-{start}"
    marker.unlink(missing_ok=True)
    command = [*_command(start, marker), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=_ENV)
    ran = marker.read_text() if marker.exists() else ""
    return done.returncode, done.stdout, done.stderr, ran


@pytest.mark.parametrize("extra", [[], ["--exit-zero"], ["--output-format", "json"]])
def test_a_lint_ends_at_once_and_says_everything(
    tmp_path: Path, vault: Path, extra: list[str]
) -> None:
    args = ["lint", str(vault), "--no-cache", *extra]
    code, out, err, ran = _run("console", args, tmp_path)
    usual = _run("main", args, tmp_path)  # called as a program would: the usual ending
    assert usual[2] == _FREED and usual[3] == "atexit ran"
    assert (code, out, ran) == (usual[0], usual[1], "atexit ran")
    assert err == ""  # not freed: the process ended at once
    assert code == (0 if extra == ["--exit-zero"] else 1)
    assert len(out) > 65536  # more than a pipe holds: written while the reader reads


def test_a_report_to_a_file_is_whole(tmp_path: Path, vault: Path) -> None:
    reports = []
    for start in ("console", "main"):
        path = tmp_path / f"{start}.txt"
        with path.open("wb") as stdout:
            command = _command(start, tmp_path / "marker")
            args = ["lint", str(vault), "--no-cache", "--output-format", "concise"]
            done = subprocess.run([*command, *args], stdout=stdout, check=False, env=_ENV)
        reports.append((done.returncode, path.read_bytes()))
    assert reports[0] == reports[1]
    assert reports[0][1].count(b"\n") == 320 * 11 + 1  # two per line, an orphan per note, a summary


def test_a_closed_pipe_ends_the_run_as_before(tmp_path: Path, vault: Path) -> None:
    """``vaultcheck lint | head -c 10``: exit code 1 and nothing on stderr, either way."""
    outcomes = []
    for start in ("console", "main"):
        process = subprocess.Popen(
            [*_command(start, tmp_path / "marker"), "lint", str(vault), "--no-cache"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_ENV,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        error = process.stderr.read()
        outcomes.append((process.wait(), error))
    assert outcomes == [(1, b""), (1, _FREED.encode())]


@pytest.mark.parametrize(
    "args",
    [["rule", "LNK001"], ["lint", "--select", "NOPE"], ["graph", "stats", "-C", "{vault}"]],
)
def test_other_runs_end_as_usual(tmp_path: Path, vault: Path, args: list[str]) -> None:
    """Commands that keep nothing, and a lint that fails before it reads anything."""
    args = [arg.format(vault=vault) for arg in args]
    code, out, err, ran = _run("console", args, tmp_path)
    assert (code, out, err, ran) == _run("main", args, tmp_path)
    assert err.endswith(_FREED) and ran == "atexit ran"


def test_a_fix_ends_at_once_and_writes_everything(tmp_path: Path) -> None:
    files = {f"n{i:03}.md": "---\ntags: [x, x]\n---\n[[n000.md]]\n" for i in range(320)}
    outcomes = []
    for start in ("console", "main"):
        root = write_vault(tmp_path / start / "v", files)
        code, out, err, ran = _run(start, ["lint", str(root), "--no-cache", "--fix"], tmp_path)
        written = {p.name: p.read_bytes() for p in sorted(root.glob("*.md"))}
        outcomes.append((code, out, ran, written))
        assert err == ("" if start == "console" else _FREED)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][3]["n001.md"] == b"---\ntags: [x]\n---\n[[n000.md]]\n"
