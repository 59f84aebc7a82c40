"""The progress display: drawn on stderr when the CLI runs on a terminal and a run takes
long, never into a pipe, and never changing a byte of the report."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import tty
from pathlib import Path

import pytest

from tests.test_cache import _generated_vault

#: A vault big enough for every stage to report many steps. How long a run takes depends on
#: the machine (a cold lint of it went from 2.5 s to well under one once the parser's scanners
#: landed), so the tests that need the display drawn set its threshold to 0 (``after``); that
#: it waits a second is tested on its own (``test_a_short_run_draws_nothing``).
NOTES = 2000

#: What rich draws: the stage labels and its bar characters.
DRAWN = ("Parsing", "━")


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generated_vault(tmp_path_factory.mktemp("progress") / "vault", NOTES)


class _Terminal:
    """A pseudo-terminal whose output is collected as it comes, as a terminal shows it (raw:
    no newline translation, so what was written arrives byte for byte)."""

    def __init__(self) -> None:
        self.leader, self.follower = os.openpty()
        tty.setraw(self.follower)
        self.chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        with contextlib.suppress(OSError):  # EIO once the last writer is gone
            while chunk := os.read(self.leader, 65536):
                self.chunks.append(chunk)

    def close(self) -> bytes:
        os.close(self.follower)
        self._reader.join(timeout=30)
        os.close(self.leader)
        return b"".join(self.chunks)


def _run(
    args: list[str], stdout_tty: bool, stderr_tty: bool, after: float | None = None
) -> tuple[bytes, bytes]:
    """The real CLI's stdout and stderr, each a terminal or a pipe; ``after``: the display's
    threshold in seconds, if not the CLI's own."""
    terminals = {name: _Terminal() for name, on in (("out", stdout_tty), ("err", stderr_tty)) if on}
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    start = ["-m", "vaultcheck"]
    if after is not None:
        start = [
            "-c",
            f"from vaultcheck.cli import app, progress; progress.AFTER = {after}; app.main()",
        ]
    process = subprocess.run(
        [sys.executable, *start, *args, "--no-color"],
        stdout=terminals["out"].follower if stdout_tty else subprocess.PIPE,
        stderr=terminals["err"].follower if stderr_tty else subprocess.PIPE,
        env=env,
        check=False,
        timeout=300,
    )
    assert process.returncode == 1
    out = terminals["out"].close() if stdout_tty else process.stdout
    err = terminals["err"].close() if stderr_tty else process.stderr
    return out, err


def test_progress_appears_on_a_terminal_and_the_report_is_the_same(big_vault: Path) -> None:
    args = ["lint", str(big_vault), "--no-cache", "-j", "1", "--select", "ALL"]
    args += ["--output-format", "concise"]
    shown_out, shown_err = _run(args, stdout_tty=True, stderr_tty=True, after=0.0)
    piped_out, piped_err = _run(args, stdout_tty=False, stderr_tty=False)
    text = shown_err.decode("utf-8")
    assert all(drawn in text for drawn in DRAWN), text[:500]
    assert "Checking" in text and f"/{NOTES}" in text  # notes checked, of all of them
    assert text.endswith("\x1b[1A\x1b[2K" * 3)  # the three bars erased at the end: transient
    assert piped_err == b""
    assert shown_out == piped_out and piped_out.count(b"\n") > 1000


def test_no_progress_when_the_report_is_piped_or_quiet_or_for_tools(big_vault: Path) -> None:
    base = ["lint", str(big_vault), "--no-cache", "-j", "1"]
    piped = _run(
        [*base, "--output-format", "concise"], stdout_tty=False, stderr_tty=True, after=0.0
    )
    assert piped[1] == b""  # the report goes into a pipe: an unattended run
    _, err = _run([*base, "--quiet"], stdout_tty=True, stderr_tty=True, after=0.0)
    assert err == b""
    _, err = _run([*base, "--output-format", "json"], stdout_tty=True, stderr_tty=True, after=0.0)
    assert err == b""


def test_a_short_run_draws_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("[[Missing]]\n", "utf-8")
    out, err = _run(["lint", str(tmp_path), "--no-cache"], stdout_tty=True, stderr_tty=True)
    assert err == b"" and b"Missing" in out


def test_quiet_also_drops_the_first_runs_hint(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("[[Missing]]\n", "utf-8")
    _, err = _run(["lint", str(tmp_path), "--quiet"], stdout_tty=False, stderr_tty=True)
    assert err == b""
    (tmp_path / ".vaultcheck_cache").rename(tmp_path / "old")  # cold again
    _, err = _run(["lint", str(tmp_path)], stdout_tty=False, stderr_tty=True)
    assert err.startswith(b"vaultcheck: parsing every note once")
