"""Configuration files: discovery, validation (exit 2 with the valid keys), and effects."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import find_config, load_config
from vaultcheck.core.errors import ConfigError

runner = CliRunner()


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vaultcheck]\nselect = ["FM"]\n')
    vault = write_vault(tmp_path / "notes", {"a.md": "x\n"})
    assert find_config(vault) == tmp_path / "pyproject.toml"
    assert load_config(vault).select == ["FM"]
    (vault / "vaultcheck.toml").write_text('select = ["LNK"]\n')
    assert load_config(vault).select == ["LNK"]
    (vault / ".vaultcheck.toml").write_text('select = ["TXT"]\n')
    assert load_config(vault).select == ["TXT"]


def test_pyproject_without_our_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    assert find_config(tmp_path) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'selec = ["LNK"]\n',
            "unknown key `selec` in the top level (valid keys: baseline, check-templates, citations, "
            "exclude, extend-select, fail-on, frontmatter, graph, ignore, per-file-ignores, related, respect-gitignore, select, severity, tags)",
        ),
        ("[related]\nkey = 3\n", "`key` in [related] must be a string, not a number"),
        (
            "[related]\nkeys = 'x'\n",
            "unknown key `keys` in [related] (valid keys: key, resolve-aliases, section)",
        ),
        (
            "[tags]\nstyle = 'shouty'\n",
            "[tags] style must be one of any, kebab, snake, camel, lower, not `shouty`",
        ),
        (
            "[severity]\nLNK001 = 'fatal'\n",
            "severity of `LNK001` must be one of error, warning, info",
        ),
        (
            "[frontmatter]\ntypes = {x = 'int'}\n",
            "type of `x` must be one of string, number, boolean, date, datetime, list, link, links, not `int`",
        ),
        ("x = [", "is not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_the_problem(tmp_path: Path, text: str, message: str) -> None:
    write_vault(tmp_path, {"a.md": "x\n", ".vaultcheck.toml": text})
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert message in str(raised.value)
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_a_config_that_is_not_utf8_is_exit_2_not_an_internal_error(tmp_path: Path) -> None:
    """A config saved as Latin-1 (`# café` in a comment): TOML is UTF-8, and the decoding
    error escaped as "internal error ... please report it"."""
    write_vault(tmp_path, {"a.md": "x\n", ".vaultcheck.toml": b"select = ['LNK']\n# caf\xe9\n"})
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"vaultcheck: error: {tmp_path / '.vaultcheck.toml'} is not valid TOML: it is not "
        "UTF-8 text (byte 0xE9 at offset 22)\n"
    )


def test_a_config_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad saves `.vaultcheck.toml` with a UTF-8 BOM (and CRLF): it was "not valid TOML:
    Invalid statement (at line 1, column 1)", exit 2, though Cargo and ruff read such files.
    A bad byte after the BOM is still placed by its offset in the file."""
    write_vault(
        tmp_path, {"a.md": "[[b]]\n", ".vaultcheck.toml": b"\xef\xbb\xbfignore = ['GR']\r\n"}
    )
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "concise"])
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path / 'a.md'}:1:1: LNK001 Broken link: no note named `b`"
    )
    (tmp_path / ".vaultcheck.toml").write_bytes(b"\xef\xbb\xbfignore = ['GR']\n# caf\xe9\n")
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"vaultcheck: error: {tmp_path / '.vaultcheck.toml'} is not valid TOML: it is not "
        "UTF-8 text (byte 0xE9 at offset 24)\n"
    )


def test_a_tags_file_and_a_bibliography_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    """The mark was read as text: the first allowed tag became `\\ufeffproject`, so every
    `#project` was "Unknown tag `project`: ... did you mean `\\ufeffproject`?", and a CSL-JSON
    bibliography was "not valid CSL-JSON: Unexpected UTF-8 BOM", exit 2."""
    config = "[tags]\nallowed-file = 'tags.txt'\n[citations]\nbibliography = ['refs.json']\n"
    files: dict[str, str | bytes] = {
        "a.md": "#project #idea [@smith2020] [@nobody]\n",
        ".vaultcheck.toml": config,
        "tags.txt": b"\xef\xbb\xbfproject\r\nidea\r\n",
        "refs.json": b'\xef\xbb\xbf[{"id": "smith2020"}]',
    }
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", "TAG,CIT", "--output-format", "concise"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[:-1] == [
        f"{tmp_path / 'a.md'}:1:30: CIT002 Unknown citation key `@nobody`"
    ]


def test_a_tags_file_that_is_not_utf8_is_exit_2(tmp_path: Path) -> None:
    """Before, TAG003 reported "Internal error in this rule" on every note."""
    files: dict[str, str | bytes] = {
        "a.md": "#cafe\n",
        ".vaultcheck.toml": "[tags]\nallowed-file = 'tags.txt'\n",
        "tags.txt": b"caf\xe9\n",
    }
    write_vault(tmp_path, files)
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"vaultcheck: error: {tmp_path / '.vaultcheck.toml'}: `allowed-file` in [tags]: "
        f"{tmp_path / 'tags.txt'} is not UTF-8 text (byte 0xE9 at offset 3)\n"
    )


def test_config_select_ignore_severity_and_per_file_ignores(tmp_path: Path) -> None:
    config = (
        'ignore = ["GR"]\n'
        '[severity]\nLNK001 = "warning"\n'
        '[per-file-ignores]\n"drafts/*" = ["LNK"]\n'
    )
    write_vault(tmp_path, {".vaultcheck.toml": config, "a.md": "[[x]]\n", "drafts/b.md": "[[y]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "concise"])
    assert result.stdout.splitlines() == [
        f"{tmp_path.as_posix()}/a.md:1:1: LNK001 Broken link: no note named `x`",
        "Found 1 problem (1 warning).",
    ]
    # --select on the command line replaces the config's selection.
    result = runner.invoke(
        app, ["lint", str(tmp_path), "--select", "GR001", "--output-format", "concise"]
    )
    assert result.stdout.splitlines()[-1] == "Found 2 problems (2 info)."


def test_exclude_hides_notes_from_the_vault(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            ".vaultcheck.toml": 'exclude = ["Templates"]\n',
            "Templates/t.md": "---\nx: {{date}}\n---\n",
        },
    )
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ignore = [1]\n",
            "`ignore` in the top level must be a list of strings, but holds a number (1)",
        ),
        (
            '[tags]\nallowed = ["a", true]\n',
            "`allowed` in [tags] must be a list of strings, but holds a boolean (True)",
        ),
        (
            '[[frontmatter.schema]]\npaths = [["Books"]]\n',
            "`paths` in a [[frontmatter.schema]] entry must be a list of strings, "
            "but holds a list (['Books'])",
        ),
        ('select = ["LNK001", "LNX"]\n', "unknown rule code `LNX` in `select`"),
        ('ignore = ["brokn-link"]\n', "unknown rule code `brokn-link` in `ignore`"),
        ('[severity]\nLNK999 = "info"\n', "unknown rule code `LNK999` in [severity]"),
        (
            '[per-file-ignores]\n"a/*" = ["GR", "XYZ"]\n',
            "unknown rule code `XYZ` in per-file-ignores `a/*`",
        ),
        (
            '[citations]\nsection = "refs("\n',
            "`section` in [citations] is not a valid regular expression: "
            "missing ), unterminated subpattern at position 4",
        ),
        ('[related]\nsection = "*"\n', "`section` in [related] is not a valid regular expression"),
        ('[tags]\nallowed-file = "tags.txt"\n', "`allowed-file` in [tags]: no such file"),
        ('[tags]\nallowed-file = "."\n', "`allowed-file` in [tags]: a folder, not a file: "),
        (
            '[citations]\nbibliography = ["nope.bib"]\n',
            "`bibliography` in [citations]: no such file",
        ),
    ],
)
def test_each_bad_value_is_one_line_and_exit_2(tmp_path: Path, text: str, message: str) -> None:
    write_vault(tmp_path, {".vaultcheck.toml": text, "a.md": "[[a]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"vaultcheck: error: {tmp_path / '.vaultcheck.toml'}: {message}")
    assert "internal error" not in line


def test_severity_and_per_file_ignores_take_any_selector(tmp_path: Path) -> None:
    config = (
        'ignore = ["GR"]\n[severity]\nLNK = "info"\n[per-file-ignores]\n"d/*" = ["broken-link"]\n'
    )
    write_vault(tmp_path, {".vaultcheck.toml": config, "a.md": "[[x]]\n", "d/b.md": "[[y]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "concise"])
    assert result.stdout.splitlines() == [
        f"{tmp_path.as_posix()}/a.md:1:1: LNK001 Broken link: no note named `x`",
        "Found 1 problem (1 info).",
    ]
    assert result.exit_code == 0  # info does not fail


def test_an_index_note_that_does_not_exist_is_a_config_error(tmp_path: Path) -> None:
    write_vault(tmp_path, {".vaultcheck.toml": '[graph]\nindex = ["Hme"]\n', "Home.md": "x\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--select", "GR003"])
    assert result.exit_code == 2
    assert result.stderr == "vaultcheck: error: `index` in [graph]: no note `Hme` in the vault\n"


def test_explicit_config_flag(tmp_path: Path) -> None:
    write_vault(tmp_path / "v", {"a.md": "[[x]]\n"})
    (tmp_path / "strict.toml").write_text('select = ["FM"]\n')
    result = runner.invoke(
        app, ["lint", str(tmp_path / "v"), "--config", str(tmp_path / "strict.toml")]
    )
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[tool.vaultcheck]\nfail-on = 3\n",
            "`fail-on` in [tool.vaultcheck] must be a string, not a number",
        ),
        (
            "[tool.vaultcheck.related]\nkey = 3\n",
            "`key` in [tool.vaultcheck.related] must be a string, not a number",
        ),
        ("[tool]\nvaultcheck = 1\n", "tool.vaultcheck must be a table"),
    ],
)
def test_pyproject_errors_name_the_table_as_the_file_spells_it(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    vault = write_vault(tmp_path / "notes", {"a.md": "x\n"})
    result = runner.invoke(app, ["lint", str(vault), "--no-cache"])
    assert result.exit_code == 2
    assert result.output == f"vaultcheck: error: {tmp_path / 'pyproject.toml'}: {message}\n"


def test_an_explicit_pyproject_without_our_table_is_exit_2(tmp_path: Path) -> None:
    """Named with --config, a pyproject.toml without [tool.vaultcheck] is a mistake to say,
    not the defaults used in silence; found by search, it is just not a config."""
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.other]\nx = 1\n")
    vault = write_vault(tmp_path / "notes", {"a.md": "x\n"})
    result = runner.invoke(app, ["lint", str(vault), "--no-cache", "--config", str(config)])
    assert result.exit_code == 2
    assert result.output == f"vaultcheck: error: {config}: no [tool.vaultcheck] table\n"
    assert runner.invoke(app, ["lint", str(vault), "--no-cache", "-q"]).exit_code == 0
