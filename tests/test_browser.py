"""The HTML export in a real browser, and the Mermaid export parsed by Mermaid itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import browser
from tests.conftest import EXAMPLE_VAULT, REPO, corpus
from vaultcheck.cli.app import app

pytestmark = pytest.mark.browser
runner = CliRunner()
ARTIFACTS = REPO / "test-artifacts"


def export(vault: Path, fmt: str, target: Path) -> None:
    result = runner.invoke(
        app, ["graph", "export", "-f", fmt, "-o", str(target), "--vault", str(vault)]
    )
    assert result.exit_code == 0, result.stderr


def test_dnd_graph_draws_every_node_without_console_errors(tmp_path: Path) -> None:
    vault = corpus("OldManUmby__DND.SRD.Wiki")
    page = tmp_path / "dnd.html"
    export(vault, "html", page)
    expected = len(re.findall(r'"path":', page.read_text("utf-8")))
    assert expected == 1030  # 1,028 notes, 1 attachment, 1 missing target
    dom, console = browser.run(page, tmp_path / "profile", "--dump-dom")
    assert console == []
    assert 'data-ready="true"' in dom
    drawn = re.search(r'data-drawn="(\d+)"', dom)
    assert drawn is not None and int(drawn.group(1)) == expected
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dnd-graph.png"
    browser.run(page, tmp_path / "profile2", f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000


def test_mermaid_export_parses_with_mermaid(tmp_path: Path) -> None:
    browser.need(
        "mermaid (npm install --prefix .cache/npm mermaid@11)", browser.MERMAID_JS.is_file()
    )
    source = tmp_path / "vault.mmd"
    export(EXAMPLE_VAULT, "mermaid", source)
    page = tmp_path / "parse.html"
    page.write_text(
        "<!doctype html><html><body><pre id=out>pending</pre>"
        f'<script src="{browser.MERMAID_JS.as_uri()}"></script>'
        "<script>const out = document.getElementById('out');"
        f"mermaid.parse({json.dumps(source.read_text('utf-8'))})"
        ".then(r => { out.textContent = 'parsed ' + r.diagramType; })"
        ".catch(e => { out.textContent = 'error ' + e.message; });</script></body></html>",
        encoding="utf-8",
    )
    dom, console = browser.run(page, tmp_path / "profile", "--dump-dom", budget_ms=10000)
    assert "parsed flowchart" in dom, dom[-500:]
    assert console == []


def test_console_errors_are_caught(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<script>console.error('boom'); undefinedFunction();</script>", encoding="utf-8"
    )
    _, console = browser.run(page, tmp_path / "profile", "--dump-dom", budget_ms=2000)
    assert any("boom" in line for line in console)
    assert any("undefinedFunction" in line for line in console)
