"""Reference lists as the seed note keeps them: found, read, and its slips reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, as_rows, diagnostics, write_vault
from vaultcheck.cli.app import app

SEED = REPO.parent / "shared" / "seed" / "000_f7bcaed15f396f21.txt"
runner = CliRunner()


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("the seed note is not beside the checkout")
    return SEED.read_text(encoding="utf-8")


def test_the_seed_reference_list_is_read_and_is_clean(tmp_path: Path, seed_text: str) -> None:
    (tmp_path / "Power_Dynamics.md").write_text(seed_text, encoding="utf-8")
    assert diagnostics(tmp_path, ["CIT003", "CIT004"]) == []
    # `init` sees the seed's "Citations & Sources" list and turns the checks on.
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert "  - CIT003, CIT004 on: 1 note keeps a reference list (`## References`, ...)" in (
        result.stdout.splitlines()
    )


def test_slips_in_the_seed_reference_list_are_found(tmp_path: Path, seed_text: str) -> None:
    slipped = seed_text.replace("(1959)", "(2959)").replace("Foucault, M. (1978).", "Foucault, M.")
    last_entry = seed_text[seed_text.rindex("\n- ") + 1 :]  # Martín-Baró (1994), two lines
    slipped += last_entry.replace("Writings", "writings")  # listed again, one letter apart
    (tmp_path / "Power_Dynamics.md").write_text(slipped, encoding="utf-8")
    assert as_rows(diagnostics(tmp_path, ["CIT003", "CIT004"])) == [
        ("CIT003", "Power_Dynamics.md", 143, 3, "Malformed reference: the year 2959 is impossible"),
        (
            "CIT003",
            "Power_Dynamics.md",
            145,
            3,
            "Malformed reference: no year in parentheses, as in `Author, A. (2003). Title.`",
        ),
        ("CIT004", "Power_Dynamics.md", 149, 3, "Duplicate reference (same as line 147)"),
    ]


def test_require_for_tags_compares_tags_as_the_rules_do(tmp_path: Path) -> None:
    """CIT001's `require-for-tags` folds case by lower case, as TAG002 and `graph --tag`:
    `Straße` names `#STRAẞE`, not `#strasse`."""
    config = '[citations]\nrequire-for-tags = ["Straße"]\n'
    files = {".vaultcheck.toml": config, "a.md": "#STRAẞE\n", "b.md": "#strasse\n"}
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", "CIT001", "--no-cache", "--output-format", "json"]
    result = CliRunner().invoke(app, args)
    assert [(d["path"], d["message"]) for d in json.loads(result.stdout)] == [
        ("a.md", "Missing `citation`: notes tagged `#straße` must cite a source"),
        ("a.md", "Missing `source`: notes tagged `#straße` must cite a source"),
    ]
