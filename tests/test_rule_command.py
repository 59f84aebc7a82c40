"""``vaultcheck rule``: rendered on a terminal, Markdown when piped (how docs/rules.md is made)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vaultcheck.cli.app import app
from vaultcheck.cli.commands.rule import run_rule

runner = CliRunner()


def _terminal(code: str | None, show_all: bool) -> str:
    out = io.StringIO()
    assert run_rule(code, show_all, out, terminal=True) == 0
    return re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # the text a reader sees


def test_rule_all_on_a_terminal_is_a_drawn_table_not_markdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = _terminal(None, True)
    assert "|---|" not in text and "](#" not in text and "\n## " not in text
    row = next(line for line in text.splitlines() if " LNK001 " in line)
    assert row.split() == ["LNK001", "broken-link", "error", "on", "unsafe"]
    assert "─" * 20 in text  # the table's rule under its header


def test_piped_output_stays_markdown() -> None:
    result = runner.invoke(app, ["rule", "--all"])
    assert result.exit_code == 0
    docs = Path(__file__).parents[1] / "docs" / "rules.md"
    assert result.stdout == docs.read_text(encoding="utf-8")
    single = _terminal("LNK001", False)
    assert single.splitlines()[0].strip().startswith("LNK001 broken-link")
    assert not single.startswith("#")
