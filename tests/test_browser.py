"""The Mermaid export parsed by Mermaid itself (the HTML picture: test_graph_html.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import browser
from tests.conftest import EXAMPLE_VAULT, REPO
from vaultcheck.cli.app import app

pytestmark = pytest.mark.browser
runner = CliRunner()
ARTIFACTS = REPO / "test-artifacts"


def export(vault: Path, fmt: str, target: Path) -> None:
    result = runner.invoke(
        app, ["graph", "export", "-f", fmt, "-o", str(target), "--vault", str(vault)]
    )
    assert result.exit_code == 0, result.stderr


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
