"""The hostile corpus (tests/hostile/generate.py): diagnostics or nothing, never a traceback,
in bounded time and memory. Run it alone with ``pytest -m hostile``."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import generate

pytestmark = pytest.mark.hostile

#: What one run over the corpus may use: 4 GiB of address space and five minutes.
MEMORY = 4 * 1024**3
SECONDS = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    generate.write(root)
    return root


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vaultcheck", *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limits,
        check=False,
    )


@pytest.fixture(scope="module")
def report(corpus: Path) -> list[dict[str, object]]:
    done = run("lint", str(corpus), "--select", "ALL", "--output-format", "json", "--no-cache")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1, done.stderr[-2000:]
    return list(json.loads(done.stdout))


def test_every_hostile_note_gets_its_diagnostics(report: list[dict[str, object]]) -> None:
    found: dict[str, set[object]] = {}
    for d in report:
        found.setdefault(str(d["path"]), set()).add(d["code"])
    missing = {path: codes - found.get(path, set()) for path, codes in generate.EXPECTED.items()}
    assert {p: c for p, c in missing.items() if c} == {}


def test_no_parser_failed(report: list[dict[str, object]]) -> None:
    assert [d for d in report if d["code"] == "VC004"] == []


def test_every_span_lies_inside_its_file(corpus: Path, report: list[dict[str, object]]) -> None:
    lines: dict[str, list[str]] = {}
    for d in report:
        path = str(d["path"])
        if path not in lines:
            text = (corpus / path).read_bytes().decode("utf-8", "replace")
            lines[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        rows = lines[path]
        line, end_line = int(d["line"]), int(d["end_line"])  # type: ignore[call-overload]
        assert 1 <= line <= end_line <= len(rows), d
        assert 1 <= int(d["column"]) <= len(rows[line - 1]) + 1, d  # type: ignore[call-overload]
        assert 1 <= int(d["end_column"]) <= len(rows[end_line - 1]) + 1, d  # type: ignore[call-overload]


def test_links_outside_the_vault_are_never_followed(
    corpus: Path, report: list[dict[str, object]]
) -> None:
    outside = [d for d in report if d["path"] == "markdown/escape-outside.md"]
    assert [d["message"] for d in outside if d["code"] == "LNK001"] == [
        "Broken link: `../../../../etc/passwd` points outside the vault",
        "Broken link: no note named `/etc/passwd`",
    ]
    assert not (corpus / "PWNED").exists() and not Path("PWNED").exists()


def test_fix_on_the_hostile_corpus_is_safe_and_idempotent(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    before = {p: p.read_bytes() for p in copy.rglob("*.md") if p.stat().st_size < 1024 * 1024}
    first = run("lint", str(copy), "--select", "ALL", "--fix", "--unsafe-fixes", "--no-cache")
    assert "Traceback" not in first.stderr, first.stderr[-2000:]
    second = run("lint", str(copy), "--select", "ALL", "--diff", "--unsafe-fixes", "--no-cache")
    assert second.returncode == 0 and second.stdout == "", second.stdout[:2000]
    # Notes that are not valid UTF-8 are never written.
    for name in ("bytes/invalid-utf8.md", "bytes/binary.md", "bytes/surrogate.md"):
        assert (copy / name).read_bytes() == before[copy / name]
