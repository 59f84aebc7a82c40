"""One-line formats stay one line per problem whatever the file names; counts read right."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.report import quote_path

runner = CliRunner()


def _lint(root: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["lint", str(root), "--no-cache", "--no-color", "--select", "LNK001", *args]
    )
    assert result.exit_code == 1
    return result.stdout


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    return write_vault(tmp_path, {"new\nline.md": "[[Gone]]\n", "esc\x1b[31m.md": "[[Gone]]\n"})


def test_concise_and_grouped_quote_paths_with_control_characters(
    odd_names: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(odd_names)
    assert _lint(odd_names, "--output-format", "concise").splitlines() == [
        '"esc\\x1b[31m.md":1:1: LNK001 Broken link: no note named `Gone`',
        '"new\\nline.md":1:1: LNK001 Broken link: no note named `Gone`',
        "Found 2 problems (2 errors).",
    ]
    grouped = _lint(odd_names, "--output-format", "grouped").splitlines()
    assert grouped[0] == '"esc\\x1b[31m.md":'
    assert grouped[3] == '"new\\nline.md":'
    full = _lint(odd_names).splitlines()
    assert full[0] == '"esc\\x1b[31m.md"'
    assert '"new\\nline.md"' in full


def test_github_and_junit_keep_each_problem_on_its_line(
    odd_names: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(odd_names)
    github = _lint(odd_names, "--output-format", "github").splitlines()
    assert len(github) == 2
    assert github[1].startswith("::error file=new%0Aline.md,line=1,")
    junit = ET.fromstring(_lint(odd_names, "--output-format", "junit"))
    assert [s.get("name") for s in junit] == ['"esc\\x1b[31m.md"', '"new\\nline.md"']


def test_bidirectional_overrides_are_escaped_in_paths_messages_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A right-to-left override (U+202E) reversed the rest of the report line as a terminal
    or a CI log shows it: the note `a\\u202egnp.md` read as `amd.png`, and the link
    `[[x\\u202eyz]]` hid what followed it. Persian and Arabic text itself is left alone."""
    write_vault(tmp_path, {"a\u202egnp.md": "[[Gone]]\n", "b.md": "[[x\u202eyz]] [[ملاحظة]]\n"})
    monkeypatch.chdir(tmp_path)
    assert _lint(tmp_path, "--output-format", "concise").splitlines()[:3] == [
        '"a\\u202egnp.md":1:1: LNK001 Broken link: no note named `Gone`',
        "b.md:1:1: LNK001 Broken link: no note named `x\\u202eyz`",
        "b.md:1:10: LNK001 Broken link: no note named `ملاحظة`",
    ]
    full = _lint(tmp_path).splitlines()
    assert full[0] == '"a\\u202egnp.md"'
    assert full[full.index("b.md") + 2] == "    1 | [[x\ufffdyz]] [[ملاحظة]]"


def test_plain_paths_are_left_alone() -> None:
    assert quote_path('Notes/a "b" \\ c ü.md') == 'Notes/a "b" \\ c ü.md'
    assert quote_path('a\t"b"\\.md') == '"a\\t\\"b\\"\\\\.md"'


def test_counts_agree_with_their_nouns(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "- [[Bee]]\n", "b.md": "---\naliases: [Bee]\n---\n"})
    result = runner.invoke(
        app, ["lint", str(tmp_path), "--no-cache", "--diff", "--select", "LNK009"]
    )
    assert result.stderr.splitlines()[-1] == "Would fix 1 problem in 1 note."
    one = write_vault(tmp_path / "one", {"a.md": "x\n"})
    init = runner.invoke(app, ["init", str(one)])
    assert init.stdout.splitlines()[:2] == [
        f"Read 1 note in {one}",
        "  - no required keys: none is present in every note (1 note)",
    ]


def test_paths_are_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_vault(
        tmp_path / "vault",
        {".obsidian/app.json": "{}", "top.md": "[[gone1]]\n", "sub/deep/n.md": "[[gone2]]\n"},
    )
    expected = {
        root / "sub": ["deep/n.md:1:1", f"{root.as_posix()}/top.md:1:1"],  # as ruff does
        tmp_path: ["vault/sub/deep/n.md:1:1", "vault/top.md:1:1"],  # above it
        root: ["sub/deep/n.md:1:1", "top.md:1:1"],
    }
    for cwd, places in expected.items():
        monkeypatch.chdir(cwd)
        lines = _lint(root, "--output-format", "concise").splitlines()
        assert [line.split(": ")[0] for line in lines[:2]] == places
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    lines = _lint(root, "--output-format", "concise").splitlines()
    assert lines[0].startswith(f"{root.as_posix()}/sub/deep/n.md:1:1: LNK001")
    # From a subfolder, the default path is the subfolder, but the whole vault is read.
    monkeypatch.chdir(root / "sub")
    result = runner.invoke(app, ["lint", "--no-cache", "--output-format", "concise"])
    assert result.stdout.splitlines()[:2] == [
        "deep/n.md:1:1: GR001 Orphan note: no links to or from other notes",
        "deep/n.md:1:1: LNK001 Broken link: no note named `gone2`",
    ]


def test_a_message_holding_a_line_break_stays_on_its_line(tmp_path: Path) -> None:
    frontmatter = '---\naliases: ["a\\nb"]\ntags: ["x\\ny"]\nrelated: ["p\\u001bq"]\n---\n'
    write_vault(tmp_path, {"n.md": frontmatter})
    args = ["lint", str(tmp_path), "--no-cache", "--select", "AL004,TAG001,REL001"]
    result = runner.invoke(app, [*args, "--output-format", "concise"])
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in lines[:3]] == [
        "AL004 Alias `a\\nb` contains a line break, which breaks `[[Target|Alias]]` links",
        "TAG001 Invalid tag `x\\ny`: tags cannot contain spaces",
        "REL001 Related note `p\\x1bq` (in `related`) does not exist",
    ]
    assert lines[3:] == ["Found 3 problems (2 errors, 1 warning)."]
    junit = runner.invoke(app, [*args, "--output-format", "junit"])
    messages = [f.get("message") for f in ET.fromstring(junit.stdout).iter("failure")]
    assert "Related note `p\\x1bq` (in `related`) does not exist" in messages  # valid XML
