"""Start-up: what a run imports, and the plain conversion of option values that spares it
pydantic (``cli/plainvalues.py``) giving exactly Typer's values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer import _click as click
from typer._coercion import build_runtime_param
from typer.core import TyperGroup, _TyperParameter

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.cli.plainvalues import use_plain_values

#: Loaded by nothing that `--help` or a plain lint needs.
HEAVY = ("pydantic", "networkx", "pygls", "watchfiles", "pandas")


def _imported_after(args: list[str], cwd: Path | None = None) -> set[str]:
    """The top-level packages a run of the CLI with ``args`` imported, run in a fresh
    Python as the console script runs it."""
    script = (
        "import sys\n"
        f"sys.argv = ['vaultcheck', *{args!r}]\n"
        "from vaultcheck.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=True
    )
    names = run.stderr.rpartition("MODULES ")[2].split()
    return {name.split(".")[0] for name in names} | {n for n in names if "." in n}


def test_help_imports_no_command() -> None:
    loaded = _imported_after(["--help"])
    for module in (*HEAVY, "yaml", "markdown_it", "rich", "vaultcheck.rules", "vaultcheck.parse"):
        assert module not in loaded, module


def test_lint_imports_only_what_linting_needs(tmp_path: Path) -> None:
    write_vault(tmp_path, {"Note.md": "# Note\n\nA [[Missing]] link and a #tag.\n"})
    loaded = _imported_after(["lint", str(tmp_path), "--no-cache", "--exit-zero"])
    assert "vaultcheck.rules" in loaded and "markdown_it" in loaded  # it did lint
    unneeded = ("rich.console", "vaultcheck.graph", "vaultcheck.report.sarif", "vaultcheck.fixing")
    for module in (*HEAVY, *unneeded):  # not the fixer: no --fix, and no git to know renames
        assert module not in loaded, module
    assert "yaml" not in loaded  # no frontmatter, no base: nothing to read as YAML


def test_the_parser_loads_when_a_note_needs_it_and_a_warm_run_needs_none(
    tmp_path: Path,
) -> None:
    """PyYAML (15 % of a one-note lint's start) loads when a note has frontmatter, whose
    values it types then as always, and markdown-it-py when a note is parsed; a run that
    takes its findings from the cache parses nothing and loads neither."""
    note = "---\ncreated: 2024-13-45\ntags: [a]\n---\n# Note\n\nA [[Missing]] link.\n"
    write_vault(tmp_path, {"Note.md": note})
    args = ["lint", str(tmp_path), "--exit-zero", "--output-format", "concise"]
    # The first run parses (its scanners read the note: markdown-it's parser is not built,
    # and its plugins not loaded), and fills the cache.
    assert {"yaml", "markdown_it"} <= _imported_after(args)
    assert not {"yaml", "markdown_it", "mdit_py_plugins"} & _imported_after(args)
    run = subprocess.run(
        [sys.executable, "-m", "vaultcheck", *args], capture_output=True, text=True, check=True
    )
    path = tmp_path / "Note.md"
    assert run.stdout.splitlines() == [
        f"{path}:1:1: GR001 Orphan note: no links to or from other notes",
        f"{path}:2:10: FM006 Invalid date `2024-13-45` in `created`: month must be in 1..12",
        f"{path}:7:3: LNK001 Broken link: no note named `Missing`",
        "Found 3 problems (2 errors, 1 info).",
    ]


def _parameters() -> list[tuple[click.Context, _TyperParameter]]:
    """Every Typer parameter of every command, with a context of its command."""
    found = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        ctx = click.Context(command, info_name=" ".join(path))
        found.extend((ctx, p) for p in command.params if isinstance(p, _TyperParameter))
        if isinstance(command, TyperGroup):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def _samples(annotation: Any, tmp_path: Path) -> list[Any]:
    texts = ["abc", "", " 7 ", "-3", "3.5", "Ünïcode", "x" * 300]
    paths = [str(tmp_path), str(tmp_path / "missing.md"), "relative/n.md", "-"]
    return {
        str: texts,
        int: [*texts, 5, "12"],
        bool: [True, False],
        Path: paths,
        list[str]: [tuple(texts[:3]), ("LNK001,FM",)],
        list[Path]: [tuple(paths), ()],
    }[annotation]


def _convert(
    runtime: Any, value: Any, param: _TyperParameter, ctx: click.Context
) -> tuple[str, Any]:
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except click.exceptions.BadParameter:
        return ("refused", None)


def test_plain_values_are_typers_values(tmp_path: Path) -> None:
    parameters = _parameters()
    assert len(parameters) > 80
    kinds = set()
    for ctx, param in parameters:
        typers = build_runtime_param(param.type_descriptor)  # pydantic's conversion
        param._runtime_param = None
        use_plain_values([param])
        plain = param._runtime_param
        assert plain is not None, (ctx.info_name, param.name)  # every one of ours is plain
        annotation = param.type_descriptor.annotation
        kinds.add(annotation)
        for value in [None, *_samples(annotation, tmp_path)]:
            expected = _convert(typers, value, param, ctx)
            got = _convert(plain, value, param, ctx)
            assert got == expected, (ctx.info_name, param.name, value)
    assert kinds == {str, int, bool, Path, list[str], list[Path]}


@pytest.mark.parametrize("args", [["lint", "-j", "x"], ["graph", "stats", "--top", "1.5"]])
def test_a_bad_number_is_one_line(args: list[str]) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "is not a whole number" in result.output


def test_no_git_process_outside_a_git_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultcheck.vault import scan

    assert not any((folder / ".git").exists() for folder in (tmp_path, *tmp_path.parents))
    (tmp_path / "sub").mkdir()

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"git was run: {args}")

    monkeypatch.setattr("subprocess.run", no_git)
    assert scan.git_top(tmp_path / "sub") is None
    assert scan.git_ignored(tmp_path) == set()
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))  # git would be asked
    with pytest.raises(AssertionError, match="git was run"):
        scan.git_top(tmp_path)


def test_a_typer_without_the_internals_replaced_still_works(tmp_path: Path) -> None:
    """If a Typer release moves what plainvalues.py builds on, Typer converts the values."""
    write_vault(tmp_path, {"a.md": "[[Missing]]\n"})
    script = (
        "import sys, typer._coercion\n"
        "del typer._coercion.RuntimeParam\n"
        f"sys.argv = ['vaultcheck', 'lint', {str(tmp_path)!r}, '--no-cache', '-j', '1']\n"
        "from vaultcheck.cli.app import app\n"
        "app()\n"  # Typer's way in: a plain lint through main() would not convert with Typer
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "LNK001" in run.stdout and run.stderr == ""


def test_the_parser_is_made_by_its_first_use_and_parses_as_always() -> None:
    """In a fresh process, ``mdparser.PARSER`` stands in for the parser and markdown-it-py
    is not loaded; the first note parsed reads the scanners' trim characters and (for its
    code span and autolink) builds the parser, which then is ``mdparser.PARSER`` itself.
    A link in a code span is no link, a tag after an autolink is a tag."""
    script = (
        "import sys\n"
        "from vaultcheck.parse import blocklines, mdparser\n"
        "from vaultcheck.parse.note import parse_note\n"
        "stand_in = mdparser.PARSER\n"
        "assert 'markdown_it' not in sys.modules and blocklines.TRIM is blocklines.UNREAD\n"
        "note = parse_note(b'# T\\n\\nText [[A]] `[[B]]` <https://x.org> #t\\n', 'n.md')\n"
        "from markdown_it import MarkdownIt\n"
        "from markdown_it.common.utils import MD_TRIM_CHARS\n"
        "assert blocklines.TRIM == MD_TRIM_CHARS\n"
        "url = stand_in.normalizeLink('https://x.org/\\u00e4')\n"
        "assert type(mdparser.PARSER) is MarkdownIt and mdparser.PARSER is mdparser.parser()\n"
        "print([link.target for link in note.links], [tag.name for tag in note.tags], url)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (run.stderr, run.returncode) == ("", 0)
    assert run.stdout == "['A'] ['t'] https://x.org/%C3%A4\n"
