"""``vaultcheck lint --watch`` as a user runs it: a real process, real file events, Ctrl-C."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import watchfiles
from typer.testing import CliRunner

from tests.conftest import REPO, write_vault
from vaultcheck.cli.app import app
from vaultcheck.cli.commands.watch import VaultFilter

# The console script installed beside this interpreter, whether or not its venv is activated.
VAULTCHECK = shutil.which("vaultcheck", path=str(Path(sys.executable).parent))
WATCHING = "watching for changes (Ctrl-C to stop)"


class Watch:
    """A running ``lint --watch`` whose output goes to files, read while it runs."""

    def __init__(self, vault: Path, logs: Path, *args: str) -> None:
        assert VAULTCHECK is not None
        self.out, self.err = logs / "out.txt", logs / "err.txt"
        # A shell starts a background job with SIGINT ignored, and a child keeps that (Python
        # then installs no KeyboardInterrupt): the watcher gets SIGINT as from a terminal,
        # however this test was started.
        ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            with self.out.open("w") as out, self.err.open("w") as err:
                command = [VAULTCHECK, "lint", str(vault), "--watch", "--output-format", "concise"]
                self.process = subprocess.Popen(
                    [*command, *args],
                    stdout=out,
                    stderr=err,
                )
        finally:
            if ignored:
                signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def wait_for(self, done: Callable[[], bool], timeout: float = 10) -> float:
        """Seconds until ``done()``; fails after ``timeout``."""
        start = time.monotonic()
        while not done():
            assert self.process.poll() is None, self.stderr()
            assert time.monotonic() - start < timeout, (self.stdout(), self.stderr())
            time.sleep(0.02)
        return time.monotonic() - start

    def runs(self) -> int:
        return self.stderr().count(WATCHING)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, Watch]]:
    vault = write_vault(tmp_path / "v", {"A.md": "[[B]]\n", "B.md": "[[A]]\n"})
    watch = Watch(vault, tmp_path)
    try:
        watch.wait_for(lambda: watch.runs() == 1, timeout=30)
        yield vault, watch
    finally:
        if watch.process.poll() is None:
            watch.process.kill()
            watch.process.wait()


def test_a_new_broken_link_shows_then_ctrl_c_stops_cleanly(
    watching: tuple[Path, Watch],
) -> None:
    vault, watch = watching
    assert watch.stdout() == "All checks passed!\n"
    (vault / "B.md").write_text("[[A]] and [[Nowhere]]\n", encoding="utf-8")
    expected = (
        "B.md:1:11: LNK001 Broken link: no note named `Nowhere`\nFound 1 problem (1 error).\n"
    )
    watch.wait_for(lambda: watch.stdout().endswith(expected) and watch.runs() == 2)
    assert "] B.md changed\n" in watch.stderr()
    # fixing it shows a clean report again
    (vault / "Nowhere.md").write_text("[[B]]\n", encoding="utf-8")
    watch.wait_for(lambda: watch.stdout().endswith("All checks passed!\n"))
    watch.process.send_signal(signal.SIGINT)
    assert watch.process.wait(timeout=10) == 0
    assert watch.stderr().endswith("vaultcheck: stopped watching\n")
    assert "Traceback" not in watch.stderr()


def test_config_changes_are_picked_up_and_sigterm_stops(watching: tuple[Path, Watch]) -> None:
    vault, watch = watching
    (vault / ".vaultcheck.toml").write_text('select = ["NOPE"]\n', encoding="utf-8")
    watch.wait_for(lambda: "unknown rule code `NOPE`" in watch.stderr())  # says so, goes on
    (vault / ".vaultcheck.toml").write_text('[frontmatter]\nrequired = ["title"]\n')
    watch.wait_for(lambda: "A.md:1:1: FM004" in watch.stdout())
    watch.process.send_signal(signal.SIGTERM)
    assert watch.process.wait(timeout=10) == 0


def test_a_report_written_into_the_vault_does_not_loop(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "v", {"A.md": "[[Gone]]\n"})
    watch = Watch(vault, vault)  # its own output files are in the vault
    try:
        watch.wait_for(lambda: watch.runs() == 1, timeout=30)
        (vault / "A.md").write_text("[[Gone]] [[Gone too]]\n", encoding="utf-8")
        watch.wait_for(lambda: "Gone too" in watch.stdout())
        time.sleep(1.5)  # writing the report changed out.txt and err.txt: no new run
        assert watch.runs() == 2
    finally:
        watch.process.kill()
        watch.process.wait()


def test_what_can_change_the_report(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / ".vaultcheck.toml").write_text('[citations]\nbibliography = ["refs.bib"]\n')
    (root / "refs.bib").write_text("")
    relevant = VaultFilter(root, [root / ".vaultcheck_cache", root / "report.md"])
    relevant.refresh(root / ".vaultcheck.toml")
    modified, added = watchfiles.Change.modified, watchfiles.Change.added
    cases = [
        (modified, "Notes/A.md", True),
        (modified, "files/report.txt", False),  # content of a non-note: no rule reads it
        (added, "files/report.txt", True),  # a link to it may now resolve
        (modified, "refs.bib", True),  # the config names it
        (modified, ".vaultcheck.toml", True),
        (modified, "sub/.gitignore", True),
        (modified, ".obsidian/types.json", True),
        (modified, ".obsidian/templates.json", True),  # template notes are not reported on
        (modified, ".obsidian/plugins/templater-obsidian/data.json", True),
        (modified, "pyproject.toml", True),  # may have gained a [tool.vaultcheck] table
        (modified, "vaultcheck.toml", True),
        (modified, "sub/pyproject.toml", False),  # not where the config is looked for
        (modified, ".obsidian/workspace.json", False),  # Obsidian writes it on every click
        (added, ".trash/A.md", False),
        (added, ".vaultcheck_cache/x/y.pickle", False),
        (modified, "A.md.swp", False),
        (modified, "report.md", False),  # -o report.md: the watch's own output
    ]
    assert [relevant(change, str(root / path)) for change, path, _ in cases] == [
        want for _, _, want in cases
    ]


def test_watch_refuses_fix() -> None:
    result = CliRunner().invoke(app, ["lint", "--watch", "--fix"])
    assert result.exit_code == 2
    assert result.stderr == "vaultcheck: error: --watch cannot be combined with --fix\n"


def test_the_documented_vscode_problem_matcher_reads_concise_lines(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = [json.loads(part.split("```", 1)[0]) for part in doc.split("```json\n")[1:]]
    [tasks] = [block for block in blocks if "tasks" in block]  # the watch task, not LSP settings
    matcher = tasks["tasks"][0]["problemMatcher"]
    pattern = re.compile(matcher["pattern"]["regexp"])
    vault = write_vault(tmp_path / "v", {"A.md": "---\ntags: [a]\ntag: b\n---\n[[Gone]]\n"})
    result = CliRunner().invoke(app, ["lint", str(vault), "--output-format", "concise"])
    lines = result.stdout.splitlines()[:-1]  # the summary line is not a problem
    assert len(lines) >= 2 and any("[*]" in line for line in lines)
    for line in lines:
        found = pattern.match(line)
        assert found is not None, line
        path, row, col, code, message = found.groups()
        assert (Path(path).name, code) in {("A.md", c) for c in ("LNK001", "FM008", "GR001")}
        assert int(row) >= 1 and int(col) >= 1 and "[*]" not in message
