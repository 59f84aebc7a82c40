"""The Mermaid export parsed by Mermaid itself (the HTML picture: test_graph_html.py)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import browser
from tests.conftest import EXAMPLE_VAULT, REPO, write_vault
from tests.test_graph_export import TRICKY_TITLES
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


#: Mermaid leaves entity codes in the SVG it returns as placeholders (`ﬂ°°35¶ß` for `#35;`,
#: `ﬂ°quot¶ß` for `#quot;`), which it decodes when it puts the SVG in a page.
_PLACEHOLDER = re.compile(r"ﬂ°(°?)(\w+)¶ß")


def _shown(label: str) -> str:
    """The text a label's HTML shows, a line break as `\\n`."""

    def decode(found: re.Match[str]) -> str:
        numeric, code = found.groups()
        return chr(int(code)) if numeric else html.unescape(f"&{code};")

    return _PLACEHOLDER.sub(decode, html.unescape(label.replace("<br>", "\n")))


def test_mermaid_draws_every_line_and_character_of_a_label(tmp_path: Path) -> None:
    browser.need(
        "mermaid (npm install --prefix .cache/npm mermaid@11)", browser.MERMAID_JS.is_file()
    )
    vault = write_vault(tmp_path / "vault", TRICKY_TITLES)
    source = tmp_path / "vault.mmd"
    export(vault, "mermaid", source)
    page = tmp_path / "render.html"
    page.write_text(
        "<!doctype html><html><body><pre id=out>pending</pre>"
        f'<script src="{browser.MERMAID_JS.as_uri()}"></script>'
        "<script>const out = document.getElementById('out');"
        "mermaid.initialize({startOnLoad: false});"
        f"mermaid.render('chart', {json.dumps(source.read_text('utf-8'))})"
        ".then(r => { const d = document.createElement('div'); d.innerHTML = r.svg;"
        " out.textContent = JSON.stringify([...d.querySelectorAll('g.node p')]"
        ".map(p => p.innerHTML)); })"
        ".catch(e => { out.textContent = 'error ' + e.message; });</script></body></html>",
        encoding="utf-8",
    )
    dom, console = browser.run(page, tmp_path / "profile", "--dump-dom", budget_ms=15000)
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-500:]
    labels = [_shown(label) for label in json.loads(html.unescape(found.group(1)))]
    # Each title as written (the block scalar's last line break aside); before, the `%%` line
    # and the directive were gone: "Plan\nend" and "x  y".
    assert labels == [
        "Line one\nLine two",
        "Block\nC#quot; & <b>",
        "Plan\n%% hidden\nend",
        "x %%{init: {'theme': 'dark'}}%% y",
        "new\nline",
    ]
    assert console == []
