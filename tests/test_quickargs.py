"""The plain reader of ``vaultcheck lint`` command lines (``cli/quickargs.py``) gives exactly
what Typer gives, or steps aside; and a run through it looks, byte for byte, like one
through Typer."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli import lint_command, quickargs
from vaultcheck.cli.app import app
from vaultcheck.cli.lintstart import LintParams
from vaultcheck.cli.quickargs import DEFAULTS, FLAGS, VALUED, plain_lint

#: Left to Typer on purpose.
TYPER_ONLY = {"--help", "--watch", "-w"}


def _lint_command() -> click.Command:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    command = group.get_command(click.Context(group), "lint")
    assert command is not None
    return command


def test_the_tables_are_the_declaration() -> None:
    """Every option of `lint` but those left to Typer is known, under the same parameter,
    with its kind; the defaults are Typer's; nothing is known that `lint` does not take."""
    known: set[str] = set()
    names = set()
    convert = {str: quickargs._text, int: quickargs._jobs, Path: quickargs._path}
    for param in _lint_command().params:
        assert param.name is not None
        names.add(param.name)
        if isinstance(param, TyperArgument):
            assert (param.name, param.nargs, param.default) == ("paths", -1, None)
            continue
        assert isinstance(param, TyperOption)
        for opt in [*param.opts, *param.secondary_opts]:
            known.add(opt)
            if opt in TYPER_ONLY:
                continue
            if param.is_flag:
                assert FLAGS[opt] == (param.name, opt not in param.secondary_opts), opt
            else:
                parameter, conversion, repeatable = VALUED[opt]
                annotation = param.type_descriptor.annotation  # type: ignore[attr-defined]
                element = annotation.__args__[0] if param.multiple else annotation
                assert (parameter, repeatable) == (param.name, param.multiple), opt
                assert conversion is convert[element], opt
                assert param.envvar == (
                    quickargs.FORMAT_VARIABLE if opt == "--output-format" else None
                )
        if param.name != "help":
            assert DEFAULTS[param.name] == param.default, param.name  # type: ignore[literal-required]
    assert set(FLAGS) | set(VALUED) == known - TYPER_ONLY
    assert set(DEFAULTS) == names - {"help"} == set(LintParams.__annotations__)


def _typers(args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """What Typer's `lint` hands on to the run for ``vaultcheck ARGS`` (``None``: it
    refused the command line)."""
    seen: list[LintParams] = []

    def record(params: LintParams) -> int:
        seen.append(params)
        return 0

    monkeypatch.setattr(lint_command, "start_lint", record)
    result = CliRunner().invoke(app, args)
    if not seen:
        assert result.exit_code == 2, result.output
        return None
    assert result.exit_code == 0, result.output
    return dict(seen[0])


def _fuzzed(tmp_path: Path, rng: random.Random) -> list[str]:
    paths = [str(tmp_path), str(tmp_path / "missing.md"), "relative/n.md", "Ünï.md", "", "-"]
    texts = ["LNK001", "LNK001,FM", "", "json", "concise", "a=b", "-x", "x y"]
    numbers = ["1", "2", "0", "x", "007", " 3", "-1", "\u0663", "4.0", ""]
    odd = ["--", "-qj", "-j4", "-j=4", "-C=x", "--fix=1", "--bogus", "-h", "--help", "-w", "-"]
    args: list[str] = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if kind < 0.25:
            args.append(rng.choice(paths))
        elif kind < 0.5:
            args.append(rng.choice(list(FLAGS)))
        elif kind < 0.92:
            option = rng.choice(list(VALUED))
            values = numbers if VALUED[option][0] == "jobs" else paths + texts
            value = rng.choice(values)
            if option.startswith("--") and rng.random() < 0.4:
                args.append(f"{option}={value}")
            else:
                args.extend([option, value][: 2 if rng.random() < 0.97 else 1])
        else:
            args.append(rng.choice(odd))
    return ["lint", *args]


def test_read_as_typer_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random command lines: where the reader answers, Typer gives the run the very same
    values; where Typer refuses one, the reader has stepped aside."""
    rng = random.Random()
    read = stepped_aside = 0
    for _ in range(400):
        args = _fuzzed(tmp_path, rng)
        if rng.random() < 0.1:
            monkeypatch.setenv(quickargs.FORMAT_VARIABLE, rng.choice(["json", ""]))
        else:
            monkeypatch.delenv(quickargs.FORMAT_VARIABLE, raising=False)
        ours = plain_lint(args)
        if ours is None:
            stepped_aside += 1
            continue
        read += 1
        assert dict(ours) == _typers(args, monkeypatch), args
    assert read > 100 and stepped_aside > 50


@pytest.mark.parametrize(
    "args",
    [
        ["lint"],
        ["lint", "v", "--no-cache", "--output-format", "concise", "--exit-zero"],
        ["lint", "-C", "v", "a.md", "b.md", "--select=LNK,FM", "--select", "TXT", "-q", "-j", "1"],
        ["lint", "--no-color", "v", "-o", "out.txt", "--also-write", "json:r.json"],
    ],
)
def test_plain_lines_are_read(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ours = plain_lint(args)
    assert ours is not None
    assert dict(ours) == _typers(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["graph", "stats"],
        ["lint", "--help"],
        ["lint", "v", "--watch"],
        ["lint", "-j", "0"],
        ["lint", "--fix", "--fix"],
        ["lint", "--color", "--no-color"],
        ["lint", "--", "v"],
        ["lint", "--select", "-x"],
        ["lint", "--output-format"],
    ],
)
def test_the_rest_is_left_to_typer(args: list[str]) -> None:
    assert plain_lint(args) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_VAULTCHECK_COMPLETE", "bash_complete")
    assert plain_lint(["lint"]) is None


def _run(way: str, args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``vaultcheck ARGS`` as the console script runs it (``quick``) or through Typer alone."""
    start = {
        "quick": "from vaultcheck.cli.entry import main; main()",
        "typer": "from vaultcheck.cli.app import app; app()",
    }[way]
    env = {k: v for k, v in os.environ.items() if k != "VAULTCHECK_DEBUG"}
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.argv[0] = 'vaultcheck'; {start}", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--no-cache"],
        ["lint", "v", "--output-format", "json", "--select", "ALL"],
        ["lint", "-C", "v", "a.md", "--statistics", "--exit-zero"],
        ["lint", "v", "--fail-on", "error", "--no-cache"],
        ["lint", "missing"],
        ["lint", "v", "--select", "NOPE"],
        ["lint", "v", "--output-format", "nope"],
        ["lint", "v", "--config", "missing.toml"],
    ],
)
def test_a_run_is_the_same_either_way(tmp_path: Path, args: list[str]) -> None:
    """Reports, messages and exit codes, through the reader and through Typer."""
    write_vault(tmp_path / "v", {"a.md": "---\ntags: [x, x]\n---\n[[b]] [[gone]] #t\n", "b.md": ""})
    quick, typers = _run("quick", args, tmp_path), _run("typer", args, tmp_path)
    assert quick == typers
    assert quick[0] in (0, 1, 2) and (quick[1] or quick[2])


def test_a_plain_lint_loads_no_typer(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n"})
    script = (
        "import sys; from vaultcheck.cli.entry import main\n"
        f"sys.argv = ['vaultcheck', 'lint', {str(tmp_path)!r}, '--no-cache']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(code, 'typer' in sys.modules, 'click' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "1 False False", done.stderr


def test_a_closed_pipe_ends_the_run_as_under_typer(tmp_path: Path) -> None:
    """``vaultcheck lint | head -1``: exit code 1 and nothing on stderr, either way."""
    files = {f"n{i}.md": "[[missing]]\n" * 50 for i in range(40)}
    root = write_vault(tmp_path / "v", files)
    outcomes = []
    for start in (
        "from vaultcheck.cli.entry import main; main()",
        "from vaultcheck.cli.app import app; app()",
    ):
        command = [sys.executable, "-c", f"import sys; sys.argv[0] = 'vaultcheck'; {start}"]
        process = subprocess.Popen(
            [*command, "lint", str(root), "--no-cache"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        error = process.stderr.read()
        outcomes.append((process.wait(), error))
    assert outcomes[0] == outcomes[1] == (1, b"")


@pytest.mark.parametrize("fix", [["--fix"], ["--diff"], ["--fix", "--unsafe-fixes"]])
def test_fixing_is_the_same_either_way(tmp_path: Path, fix: list[str]) -> None:
    """What is written and said, through the reader and through Typer, on equal vaults."""
    files = {"a.md": "---\ntags: [x, x]\n---\n[[b.md]] [[gone]]\n", "b.md": "# B\n"}
    outcomes = []
    for way in ("quick", "typer"):
        root = write_vault(tmp_path / way / "v", files)
        said = _run(way, ["lint", "v", "--no-cache", *fix], tmp_path / way)
        written = {p.name: p.read_bytes() for p in sorted(root.glob("*.md"))}
        outcomes.append((said, written))
    assert outcomes[0] == outcomes[1]
    if fix == ["--fix"]:
        assert outcomes[0][1]["a.md"] != files["a.md"].encode()  # something was fixed
