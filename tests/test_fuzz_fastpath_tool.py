"""``bench/fuzz_fastpath.py``, the offline differential fuzzer, still runs and still finds
what it is for: a planted misplacement is found, and reduced to the few characters that
show it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import EXAMPLE_VAULT, REPO
from vaultcheck.parse import oneline
from vaultcheck.parse.text import LineIndex


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fuzz_fastpath", REPO / "bench" / "fuzz_fastpath.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_run_over_the_example_vault_finds_nothing(tmp_path: Path) -> None:
    tool = _tool()
    args = ["--examples", "40", "--corpus", str(EXAMPLE_VAULT), "--out", str(tmp_path)]
    assert tool.main(args) == 0
    assert tool.main([*args, "--mode", "yaml"]) == 0


def test_a_planted_misplacement_is_found_and_reduced(monkeypatch: pytest.MonkeyPatch) -> None:
    tool = _tool()
    placed = oneline.origin

    def one_column_off(
        source: str, content: str, first: int, mode: str, index: LineIndex
    ) -> tuple[int, int, int]:
        column, base, limit = placed(source, content, first, mode, index)
        return (column + 1, base + 1, limit) if "\t" in source else (column, base, limit)

    monkeypatch.setattr(oneline, "origin", one_column_off)
    # In a list item: a whole line's text is placed without origin() (scan_and_place's
    # shortcut), so the planted error must sit where origin() still places the text.
    text = "# Title\n\nsome words\n\n- see\t[[Link]] and #tag\n\nmore\n"
    assert tool.note_differs(text)
    # Reduced to a last line (placed by origin()); a tag needs white space before it.
    assert tool.reduce(text, tool.note_differs) == "e\t#t"
