"""The command line as a user runs it: output, exit codes, errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck import __version__
from vaultcheck.cli.app import app
from vaultcheck.rules import REGISTRY

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    "Good.md": "---\ntitle: Good\n---\n# Good\n\nSee [[Other]].\n",
    "Other.md": "Back to [[Good]] and [[Gone]].\n",
    "sub/Third.md": "[[Missing Too]] and [[Good]]\n",
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "v", FILES)


def test_concise_output_and_exit_code(vault: Path) -> None:
    result = runner.invoke(app, ["lint", str(vault), "--output-format", "concise"])
    assert result.exit_code == 1
    prefix = vault.as_posix() + "/"
    assert result.stdout.splitlines() == [
        f"{prefix}Other.md:1:22: LNK001 Broken link: no note named `Gone`",
        f"{prefix}sub/Third.md:1:1: LNK001 Broken link: no note named `Missing Too`",
        "Found 2 problems (2 errors).",
    ]


def test_clean_vault_exits_zero(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "All checks passed!"


def test_json_has_exactly_the_documented_fields(vault: Path) -> None:
    result = runner.invoke(app, ["lint", str(vault), "--output-format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0] == {
        "code": "LNK001",
        "name": "broken-link",
        "severity": "error",
        "message": "Broken link: no note named `Gone`",
        "path": "Other.md",
        "line": 1,
        "column": 22,
        "end_line": 1,
        "end_column": 30,
        "fix": None,
    }


def test_full_output_shows_the_line_and_a_marker(vault: Path) -> None:
    result = runner.invoke(app, ["lint", str(vault), "--no-color"])
    lines = result.stdout.splitlines()
    at = lines.index("  1:22  error  LNK001  Broken link: no note named `Gone`  broken-link")
    assert lines[at - 1] == f"{vault.as_posix()}/Other.md"
    assert lines[at + 1] == "    1 | Back to [[Good]] and [[Gone]]."
    assert lines[at + 2] == "      |                      ^^^^^^^^"
    assert lines[-1] == "Found 2 problems (2 errors)."


def test_only_the_named_files_are_reported(vault: Path) -> None:
    result = runner.invoke(
        app, ["lint", str(vault / "sub" / "Third.md"), "--output-format", "json"]
    )
    assert [(d["path"], d["message"]) for d in json.loads(result.stdout)] == [
        ("sub/Third.md", "Broken link: no note named `Missing Too`")
    ]


def test_select_ignore_and_exit_zero(vault: Path) -> None:
    assert runner.invoke(app, ["lint", str(vault), "--ignore", "LNK001"]).exit_code == 0
    assert runner.invoke(app, ["lint", str(vault), "--select", "FM,TXT"]).exit_code == 0
    assert runner.invoke(app, ["lint", str(vault), "--exit-zero"]).exit_code == 0
    result = runner.invoke(app, ["lint", str(vault), "--select", "broken-link", "-o"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "NOPE1"], "vaultcheck: error: unknown rule selector `NOPE1`"),
        (["--output-format", "xml"], "vaultcheck: error: unknown output format `xml`"),
    ],
)
def test_bad_usage_exits_2_with_one_line_on_stderr(
    vault: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["lint", str(vault), *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"vaultcheck: error: no such file or directory: {tmp_path / 'nope'}\n"


def test_rule_docs() -> None:
    result = runner.invoke(app, ["rule", "LNK001"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# LNK001 broken-link\n\nSeverity: error; on by default")
    assert "Why:" in result.stdout
    assert runner.invoke(app, ["rule", "XX999"]).exit_code == 2
    assert runner.invoke(app, ["rule", "--all"]).stdout.count("\n## ") == len(REGISTRY)


def test_a_report_in_any_script_survives_a_legacy_output_encoding(tmp_path: Path) -> None:
    """A pipe on Windows gets cp1252 (the ANSI code page): the first Thai or emoji file name
    ended the run with "internal error: UnicodeEncodeError" halfway through the report.
    A pipe now gets UTF-8; an encoding the user asks for keeps JSON-style escapes."""
    root = write_vault(tmp_path / "v", {"ภาษา 🚀.md": "[[ไม่มี]]\n"})
    lint = ["lint", str(root), "--no-cache", "--select", "LNK001", "--output-format"]
    windows_pipe = (
        "import io, sys; sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding='cp1252');"
        "from vaultcheck.cli.app import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", windows_pipe, *lint, "concise"], capture_output=True, check=False
    )
    assert (done.returncode, done.stderr) == (1, b"")
    assert done.stdout.decode("utf-8").splitlines()[0] == (
        f"{root}/ภาษา 🚀.md:1:1: LNK001 Broken link: no note named `ไม่มี`"
    )
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for output_format, expected in (
        ("concise", f"{root}/\\u0e20\\u0e32\\u0e29\\u0e32 \\ud83d\\ude80.md:1:1: LNK001"),
        ("json", None),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "vaultcheck", *lint, output_format],
            capture_output=True,
            check=False,
            env=env,
        )
        assert (done.returncode, done.stderr) == (1, b"")
        text = done.stdout.decode("cp1252")
        if expected is None:
            assert json.loads(text)[0]["path"] == "ภาษา 🚀.md"
        else:
            assert text.startswith(expected)


def test_python_dash_m_and_version(vault: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vaultcheck", "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert (done.returncode, done.stdout) == (0, f"vaultcheck {__version__}\n")
    done = subprocess.run(
        [sys.executable, "-m", "vaultcheck", "lint", str(vault), "--output-format", "concise"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.endswith("Found 2 problems (2 errors).\n")


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    from tests.conftest import REPO
    from vaultcheck.cli.commands.rule import all_rules_doc

    current = (REPO / "docs" / "rules.md").read_text("utf-8")
    assert current == all_rules_doc(), "stale: run `vaultcheck rule --all > docs/rules.md`"


def test_gitignored_notes_are_not_read(tmp_path: Path) -> None:
    write_vault(tmp_path, {".gitignore": "drafts/\n", "a.md": "[[x]]\n", "drafts/b.md": "[[y]]\n"})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = runner.invoke(
        app, ["lint", str(tmp_path), "--select", "LNK001", "--output-format", "json"]
    )
    assert [d["path"] for d in json.loads(result.stdout)] == ["a.md"]
    (tmp_path / ".vaultcheck.toml").write_text("respect-gitignore = false\n")
    result = runner.invoke(
        app, ["lint", str(tmp_path), "--select", "LNK001", "--output-format", "json"]
    )
    assert [d["path"] for d in json.loads(result.stdout)] == ["a.md", "drafts/b.md"]


def test_bad_input_gets_a_diagnostic_each_and_no_traceback(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            "invalid-yaml.md": "---\ntitle: a: b\n---\n",
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00",
            "latin1.md": b"caf\xe9\n",
            "empty.md": b"",
            "only-frontmatter.md": "---\ntitle: x\n---",
        },
    )
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "json"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    codes = {(d["path"], d["code"]) for d in json.loads(result.stdout)}
    assert ("invalid-yaml.md", "FM001") in codes
    assert ("binary.md", "TXT002") in codes
    assert ("latin1.md", "TXT002") in codes
    assert ("empty.md", "GR001") in codes
    assert ("only-frontmatter.md", "GR001") in codes


def test_also_write_renders_the_same_run_in_more_formats(vault: Path, tmp_path: Path) -> None:
    sarif, lines = tmp_path / "out" / "r.sarif", tmp_path / "r.jsonl"
    result = runner.invoke(
        app,
        [
            *("lint", str(vault), "--output-format", "concise", "--color"),
            *("--also-write", f"sarif:{sarif}", "--also-write", f"json-lines:{lines}"),
        ],
    )
    assert result.exit_code == 1
    assert result.stdout.endswith("Found 2 problems (2 errors).\n")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["LNK001", "LNK001"]
    rows = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert [(r["path"], r["line"], r["column"]) for r in rows] == [
        ("Other.md", 1, 22),
        ("sub/Third.md", 1, 1),
    ]
    assert "\x1b[" not in lines.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sarif", "--also-write wants FORMAT:FILE, not `sarif`"),
        ("sarif:", "--also-write wants FORMAT:FILE, not `sarif:`"),
        (
            "xml:r.xml",
            "unknown --also-write format `xml` (valid: full, concise, grouped, "
            "json, json-lines, github, sarif, junit, gitlab)",
        ),
    ],
)
def test_also_write_mistakes(vault: Path, spec: str, message: str) -> None:
    result = runner.invoke(app, ["lint", str(vault), "--also-write", spec])
    assert result.exit_code == 2
    assert result.stderr == f"vaultcheck: error: {message}\n"
