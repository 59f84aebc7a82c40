"""``--fail-on`` and ``fail-on``: which severities make ``vaultcheck lint`` exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()


def _exit(root: Path, *args: str) -> int:
    return runner.invoke(app, ["lint", str(root), "--no-cache", *args]).exit_code


@pytest.mark.parametrize(
    ("select", "fail_on", "expected"),
    [
        ("LNK001", None, 1),
        ("LNK003", None, 1),  # a warning fails by default, as any ruff finding does
        ("GR004", None, 0),  # info never fails by default
        ("LNK001", "error", 1),
        ("LNK003", "error", 0),
        ("LNK003", "warning", 1),
        ("GR004", "warning", 0),
        ("GR004", "info", 1),
    ],
)
def test_fail_on_sets_the_lowest_failing_severity(
    tmp_path: Path, select: str, fail_on: str | None, expected: int
) -> None:
    root = write_vault(tmp_path, {"a.md": "[[Gone]] [[b#Nowhere]]\n", "b.md": "# B\n"})
    result = runner.invoke(
        app,
        ["lint", str(root), "--no-cache", "--select", select, "--output-format", "concise"]
        + (["--fail-on", fail_on] if fail_on else []),
    )
    assert result.stdout.strip().splitlines()[-1].startswith("Found 1 problem")
    assert result.exit_code == expected


def test_fail_on_in_the_config_and_the_command_line_winning(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path,
        {"a.md": "[[b#Nowhere]]\n", "b.md": "# B\n", ".vaultcheck.toml": 'fail-on = "error"\n'},
    )
    assert _exit(root, "--select", "LNK003") == 0
    assert _exit(root, "--select", "LNK003", "--fail-on", "warning") == 1


def test_a_bad_fail_on_is_a_usage_error(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "x\n"})
    result = runner.invoke(app, ["lint", str(root), "--fail-on", "warn"])
    assert result.exit_code == 2
    assert result.stderr == (
        "vaultcheck: error: unknown --fail-on `warn` (valid: error, warning, info)\n"
    )
    write_vault(tmp_path, {".vaultcheck.toml": 'fail-on = "never"\n'})
    result = runner.invoke(app, ["lint", str(root)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"vaultcheck: error: {root / '.vaultcheck.toml'}: "
        "`fail-on` must be one of error, warning, info, not `never`\n"
    )
