"""``--diff`` of notes whose lines end in a lone CR (classic Mac files): each file's diff
ends with a newline, so the next file's header starts a line and ``patch`` applies it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()


def test_diff_of_a_cr_only_note_is_a_patch(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "Target.md": b"# Intro\n",
        "a-cr.md": b"[[Targt]]\r\r[[Target]]\r",
        "b-lf.md": b"---\ntags: [x, x]\n---\n[[Target]]\n",
    }
    one, two = write_vault(tmp_path / "one", files), write_vault(tmp_path / "two", files)
    args = ["--select", "LNK001,TAG006", "--unsafe-fixes", "--no-cache"]
    diff = runner.invoke(app, ["lint", str(one), "--diff", *args])
    assert diff.exit_code == 1
    # The CR-only note is one line without a final newline, as git shows it.
    assert diff.stdout_bytes.startswith(
        b"--- a/a-cr.md\n+++ b/a-cr.md\n@@ -1 +1 @@\n"
        b"-[[Targt]]\r\r[[Target]]\r\n\\ No newline at end of file\n"
        b"+[[Target]]\r\r[[Target]]\r\n\\ No newline at end of file\n"
        b"--- a/b-lf.md\n"
    )
    subprocess.run(["patch", "-p1", "-s", "-d", str(one)], input=diff.stdout_bytes, check=True)
    runner.invoke(app, ["lint", str(two), "--fix", *args])
    assert (two / "a-cr.md").read_bytes() == b"[[Target]]\r\r[[Target]]\r"
    for path in files:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path
