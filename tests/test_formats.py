"""Every output format on the example vault, against golden files; SARIF against its schema.

Set VAULTCHECK_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then
read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, write_vault
from vaultcheck.cli.app import app
from vaultcheck.cli.commands.lint import LintOptions, run_lint
from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Span
from vaultcheck.report import ReportContext, full, github

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ["full", "concise", "grouped", "json", "json-lines", "github", "sarif", "junit", "gitlab"]
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
runner = CliRunner()


def render(output_format: str, monkeypatch: pytest.MonkeyPatch, **options: object) -> str:
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    run_lint(
        LintOptions(paths=[Path("examples/vault")], output_format=output_format, **options),
        out,
    )
    return out.getvalue()


@pytest.mark.parametrize("output_format", FORMATS)
def test_golden(output_format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = render(output_format, monkeypatch)
    golden = GOLDEN / f"example-vault.{output_format}.txt"
    if os.environ.get("VAULTCHECK_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_statistics_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    text = render("concise", monkeypatch, statistics=True)
    golden = GOLDEN / "example-vault.statistics.txt"
    if os.environ.get("VAULTCHECK_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_sarif_is_valid_against_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("the SARIF schema is not beside the checkout")
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    log = json.loads(render("sarif", monkeypatch, unsafe_fixes=True))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == 46
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in results})
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_github_escaping() -> None:
    span = Span(0, 1, 3, 2, 3, 9)
    d = Diagnostic(
        "LNK001", "broken-link", Severity.ERROR, "100% done\r\nnext: a, b", "a:b,c.md", span
    )
    ctx = ReportContext(display_path=lambda p: "dir/" + p, line_text=lambda p, n: "")
    out = io.StringIO()
    github.render([d], out, ctx)
    assert out.getvalue() == (
        "::error file=dir/a%3Ab%2Cc.md,line=3,col=2,endLine=3,endColumn=9,"
        "title=vaultcheck (LNK001)::LNK001 100%25 done%0D%0Anext: a, b\n"
    )


def test_output_file_and_environment_variable(tmp_path: Path) -> None:
    write_vault(tmp_path / "v", {"a.md": "[[x]]\n", "b.md": "[[a]]\n"})
    target = tmp_path / "reports" / "out.json"
    result = runner.invoke(
        app,
        ["lint", str(tmp_path / "v"), "-o", str(target)],
        env={"VAULTCHECK_OUTPUT_FORMAT": "json"},
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [d["code"] for d in json.loads(target.read_text())] == ["LNK001"]


def test_statistics_as_json(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[x]] [[y]]\n", "b.md": "[[a]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--statistics", "--output-format", "json"])
    assert json.loads(result.stdout) == [
        {"code": "LNK001", "name": "broken-link", "count": 2, "fixable": False}
    ]


def test_one_named_file_reports_only_it_but_resolves_against_the_vault(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {"a.md": "[[only-elsewhere]] [[missing]]\n", "sub/only-elsewhere.md": "[[broken]]\n"},
    )
    result = runner.invoke(app, ["lint", str(tmp_path / "a.md"), "--output-format", "json"])
    assert [(d["path"], d["message"]) for d in json.loads(result.stdout)] == [
        ("a.md", "Broken link: no note named `missing`")
    ]


def test_force_exclude(tmp_path: Path) -> None:
    write_vault(tmp_path, {".vaultcheck.toml": 'exclude = ["drafts"]\n', "drafts/d.md": "[[x]]\n"})
    named = str(tmp_path / "drafts" / "d.md")
    assert runner.invoke(app, ["lint", named, "--select", "LNK001"]).exit_code == 1
    assert (
        runner.invoke(app, ["lint", named, "--select", "LNK001", "--force-exclude"]).exit_code == 0
    )


def test_unreadable_config_is_exit_2(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "x\n", ".vaultcheck.toml": "select = [\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "json"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1


def test_a_full_report_that_fails_midway_has_written_the_lines_before() -> None:
    """The plain full report writes its lines in batches; a failure while making one (here
    the source line of the third file) still leaves every line made before it written, as
    writing each line at once did."""
    span = Span(0, 1, 1, 1, 1, 2)
    found = [
        Diagnostic("LNK001", "broken-link", Severity.ERROR, "Broken", path, span)
        for path in ("a.md", "b.md", "c.md")
    ]

    def line_text(path: str, line: int) -> str:
        if path == "c.md":
            raise OSError("gone")
        return "x"

    out = io.StringIO()
    with pytest.raises(OSError, match="gone"):
        full.render(found, out, ReportContext(display_path=str, line_text=line_text))
    assert out.getvalue().splitlines()[:4] == [
        "a.md",
        "  1:1  error  LNK001  Broken  broken-link",
        "    1 | x",
        "      | ^",
    ]
    assert "b.md" in out.getvalue().splitlines()
