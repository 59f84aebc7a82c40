"""The public Python API: docs/api.md's examples run here, and the API agrees with the CLI."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vaultcheck
from vaultcheck.cli.app import app
from vaultcheck.core.errors import UsageError

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "vault"


def test_docs_examples_run() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(
        str(REPO / "docs" / "api.md"), module_relative=False, optionflags=flags
    )
    assert result.attempted > 20
    assert result.failed == 0


def test_every_public_name_is_documented() -> None:
    for name in vaultcheck.__all__:
        value = getattr(vaultcheck, name)
        if name != "__version__":
            assert value.__doc__, name
    with pytest.raises(AttributeError, match="no attribute 'engine_internals'"):
        vaultcheck.engine_internals  # noqa: B018


def test_import_is_light() -> None:
    # `vaultcheck --help` imports the package: the API and its linter load on first use.
    code = "import sys, vaultcheck; print(sorted(m for m in sys.modules if m.startswith('vaultcheck')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['vaultcheck']"


def test_lint_gives_the_command_lines_answers() -> None:
    cli = CliRunner().invoke(app, ["lint", str(EXAMPLE), "--no-cache", "--output-format", "json"])
    expected = [
        (d["code"], d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["message"])
        for d in json.loads(cli.stdout)
    ]
    found = [
        (d.code, d.path, d.line, d.column, d.end_line, d.end_column, d.message)
        for d in vaultcheck.lint(EXAMPLE, cache=False)
    ]
    assert found == expected
    assert len(found) > 10


def test_selection_and_config_mapping(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "A.md").write_text("[[Nowhere]] [[A#Missing]]\n")
    codes = [d.code for d in vaultcheck.lint(tmp_path, cache=False)]
    assert codes == ["GR001", "LNK001", "LNK003"]
    only = vaultcheck.lint(tmp_path, config={"ignore": ["LNK001", "GR"]}, cache=False)
    assert [d.code for d in only] == ["LNK003"]
    selected = vaultcheck.lint(tmp_path, select=["broken-link"], cache=False)
    assert [(d.code, d.line, d.column) for d in selected] == [("LNK001", 1, 1)]


def test_bad_arguments_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        vaultcheck.load(tmp_path / "nope")
    with pytest.raises(Exception, match="unknown key `selectt`"):
        vaultcheck.lint(tmp_path, config={"selectt": ["LNK"]})
    (tmp_path / "A.md").write_text("x\n")
    vault = vaultcheck.load(tmp_path, cache=False)
    with pytest.raises(KeyError, match=r"no note at 'B\.md'"):
        vault.resolve("A", source="B.md")


def test_fix_writes_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "A.md").write_text("---\naliases: [Ay]\n---\n")
    (tmp_path / "B.md").write_text("See [[Ay]].\n")
    preview = vaultcheck.fix(tmp_path, select=["LNK009"])
    assert preview.changes == {"B.md": ("See [[Ay]].\n", "See [[A|Ay]].\n")}
    assert (tmp_path / "B.md").read_text() == "See [[Ay]].\n"
    done = vaultcheck.fix(tmp_path, select=["LNK009"], write=True)
    assert (done.fixed, done.written, done.remaining) == (1, True, [])
    assert (tmp_path / "B.md").read_text() == "See [[A|Ay]].\n"


def test_to_pandas_without_pandas_says_how_to_get_it() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import vaultcheck\n"
        f"vault = vaultcheck.load({str(EXAMPLE)!r}, cache=False)\n"
        "try:\n    vault.to_pandas()\nexcept ImportError as err:\n    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "Vault.to_pandas() needs pandas: pip install 'vaultcheck[pandas]'\n"


def test_a_note_path_in_either_unicode_form_finds_the_note(tmp_path: Path) -> None:
    # macOS gives file names decomposed (NFD); a script's literal is composed (NFC).
    nfc, nfd = (unicodedata.normalize(form, "Café.md") for form in ("NFC", "NFD"))
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / nfc).write_text("# Café\n[[Other]]\n")
    (tmp_path / "Other.md").write_text("[[Café]]\n")
    vault = vaultcheck.load(tmp_path, cache=False)
    assert list(vault.notes) == [nfc, "Other.md"]
    assert nfd in vault.notes
    note = vault.notes[nfd]
    assert (note.path, note.headings[0].text) == (nfc, "Café")
    assert vault.notes[nfc] is note
    assert vault.resolve("Other", source=nfd) == "Other.md"
    assert [b.source for b in vault.backlinks(nfd)] == ["Other.md"]
    assert vault.notes.get("Cafe.md") is None
    with pytest.raises(KeyError, match=r"no note at 'Nope\.md'"):
        vault.notes["Nope.md"]


def test_a_path_alike_to_several_notes_but_for_unicode_form_says_so(tmp_path: Path) -> None:
    # Linux keeps both forms as two files; a third spelling (ê + dot below) is either.
    composed, decomposed = "\u1ec7.md", "e\u0323\u0302.md"
    mixed = "\u00ea\u0323.md"
    (tmp_path / composed).write_text("one\n")
    (tmp_path / decomposed).write_text("two\n")
    vault = vaultcheck.load(tmp_path, cache=False)
    assert vault.notes[decomposed].text == "two\n"
    assert vault.notes[composed].text == "one\n"
    expected = (
        f"{mixed!r} could be any of {decomposed!r}, {composed!r} (alike but for Unicode form)"
    )
    with pytest.raises(KeyError) as raised:
        vault.notes[mixed]
    assert raised.value.args == (expected,)


def test_fix_leaves_out_the_baseline_as_the_command_line_does(tmp_path: Path) -> None:
    """The config's baseline lists `Missing` and the duplicate tag; fixing removes the tag
    (known or not, as `--fix` does), so its entry is stale (VC006); `Gone` is new."""
    from tests.conftest import write_vault

    files: dict[str, str | bytes] = {
        "a.md": "---\ntags: [x, x]\n---\nSee [[Missing]].\n",
        "b.md": "[[a]]\n",
        ".vaultcheck.toml": 'baseline = "known.json"\n',
    }
    cli, api = tmp_path / "cli", tmp_path / "api"
    for root in (cli, api):
        write_vault(root, files)
        runner = CliRunner()
        assert (
            runner.invoke(
                app, ["lint", str(root), "--write-baseline", str(root / "known.json")]
            ).exit_code
            == 0
        )
        (root / "b.md").write_text("[[a]] and [[Gone]]\n")
    ran = CliRunner().invoke(
        app, ["lint", str(cli), "--fix", "--no-cache", "--output-format", "json"]
    )
    said = [
        (d["path"], d["line"], d["column"], d["code"], d["message"]) for d in json.loads(ran.stdout)
    ]
    result = vaultcheck.fix(api, write=True)
    remaining = [(d.path, d.line, d.column, d.code, d.message) for d in result.remaining]
    assert (
        remaining
        == said
        == [
            (
                "a.md",
                1,
                1,
                "VC006",
                'Stale baseline entry: TAG006 "Duplicate tag `x` (already on line N)" no longer '
                "occurs; rewrite the baseline with --write-baseline",
            ),
            ("b.md", 1, 11, "LNK001", "Broken link: no note named `Gone`"),
        ]
    )
    assert result.fixed == 1
    assert (
        (api / "a.md").read_text()
        == (cli / "a.md").read_text()
        == ("---\ntags: [x]\n---\nSee [[Missing]].\n")
    )
    everything = vaultcheck.fix(api, baseline=False)
    assert [(d.path, d.line, d.code) for d in everything.remaining] == [
        ("a.md", 4, "LNK001"),
        ("b.md", 1, "LNK001"),
    ]
