"""The seed note (../shared/seed) alone in a vault: exactly the report issue 3 asks for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, as_rows, diagnostics

SEED = REPO.parent / "shared" / "seed" / "000_f7bcaed15f396f21.txt"
NAMES = [
    "Intersectional_Feminist_Psychology",
    "Conflict_Repair_Template",
    "Boundary_Models",
    "Nonviolent_Communication_NVC",
]


@pytest.fixture
def seed_vault(tmp_path: Path) -> Path:
    if not SEED.is_file():
        pytest.skip("the seed note is not beside the checkout")
    shutil.copyfile(SEED, tmp_path / "Power_Dynamics.md")
    return tmp_path


def test_seed_report(seed_vault: Path) -> None:
    rows = as_rows(diagnostics(seed_vault, ["ALL"]))
    path = "Power_Dynamics.md"
    mojibake = [
        (2, 8, "‚öñÔ∏è", "⚖️"),
        (27, 5, "\uf8ffüß©", "🧩"),
        (50, 5, "\uf8ffüåø", "🌿"),
        (83, 5, "\uf8ffüß†", "🧠"),
        (101, 5, "\uf8ffüíû", "💞"),
        (120, 5, "\uf8ffüõ†Ô∏è", "🛠️"),
        (134, 5, "\uf8ffüîó", "🔗"),
        (141, 5, "\uf8ffüìö", "📚"),
        (147, 7, "√≠n-Bar√≥", "ín-Baró"),
    ]
    expected = [("GR001", path, 1, 1, "Orphan note: no links to or from other notes")]
    expected += [
        (
            "TXT001",
            path,
            line,
            col,
            f"Mojibake: `{bad}` should read `{good}` (UTF-8 decoded as Mac Roman)",
        )
        for line, col, bad, good in mojibake
    ]
    expected += [
        ("REL001", path, 14 + i, 5, f"Related note `{name}` (in `related`) does not exist")
        for i, name in enumerate(NAMES)
    ]
    expected += [
        ("LNK001", path, 136 + i, 3, f"Broken link: no note named `{name}`")
        for i, name in enumerate(NAMES)
    ]
    assert sorted(rows) == sorted(expected)


def test_seed_mojibake_fixes_restore_the_intended_characters(seed_vault: Path) -> None:
    text = (seed_vault / "Power_Dynamics.md").read_text("utf-8")
    found = diagnostics(seed_vault, ["TXT001"])
    edits = sorted((e for d in found if d.fix for e in d.fix.edits), key=lambda e: e.start)
    repaired = text
    for edit in reversed(edits):
        repaired = repaired[: edit.start] + edit.replacement + repaired[edit.end :]
    assert "title: ⚖️ Power Dynamics" in repaired
    assert "### 🧩 Definition and Core Themes" in repaired
    assert "Martín-Baró, I. (1994)" in repaired
    assert sum(a != b for a, b in zip(text.splitlines(), repaired.splitlines(), strict=True)) == 9


def test_seed_fix_restores_nine_lines_and_nothing_else(seed_vault: Path) -> None:
    from typer.testing import CliRunner

    from vaultcheck.cli.app import app

    original = (seed_vault / "Power_Dynamics.md").read_bytes()
    garbled_to_intended = {
        "‚öñÔ∏è": "⚖️",
        "\uf8ffüß©": "🧩",
        "\uf8ffüåø": "🌿",
        "\uf8ffüß†": "🧠",
        "\uf8ffüíû": "💞",
        "\uf8ffüõ†Ô∏è": "🛠️",
        "\uf8ffüîó": "🔗",
        "\uf8ffüìö": "📚",
        "Mart√≠n-Bar√≥": "Martín-Baró",
    }
    expected = original
    for garbled, intended in garbled_to_intended.items():
        assert expected.count(garbled.encode()) == 1
        expected = expected.replace(garbled.encode(), intended.encode())
    result = CliRunner().invoke(
        app, ["lint", str(seed_vault), "--fix", "--output-format", "concise"]
    )
    assert result.stdout.splitlines()[-1] == "Found 18 problems (9 fixed, 9 remaining)."
    assert (seed_vault / "Power_Dynamics.md").read_bytes() == expected
