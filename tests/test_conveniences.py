"""What a user meets around the checks: shell completion, readable --help, colour variables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer import _click as click
from typer.core import TyperGroup
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()
# The console script installed beside this interpreter, whether or not its venv is activated.
VAULTCHECK = shutil.which("vaultcheck", path=str(Path(sys.executable).parent))


def _complete(words: str) -> list[str]:
    """What bash completion offers for the last word of ``words`` (Typer's protocol: the
    script sets these variables and runs the program)."""
    assert VAULTCHECK is not None, "vaultcheck is not installed in this environment"
    env = {
        **os.environ,
        "_VAULTCHECK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run(
        [VAULTCHECK], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_of_a_subcommand() -> None:
    assert _complete("vaultcheck li") == ["lint"]
    assert _complete("vaultcheck graph ne") == ["neighbors"]


def test_completion_of_output_format_values() -> None:
    assert _complete("vaultcheck lint --output-format j") == ["json", "json-lines", "junit"]
    assert _complete("vaultcheck lint --output-format s") == ["sarif"]


def test_completion_of_a_rule_code() -> None:
    assert _complete("vaultcheck rule LNK00")[:2] == ["LNK001", "LNK002"]


@pytest.mark.skipif(VAULTCHECK is None or shutil.which("bash") is None, reason="needs bash")
def test_show_completion_prints_a_script() -> None:
    # Typer ignores a shell named after --show-completion and asks the process tree which
    # shell runs the command (shellingham): run from sh, as a test job may be, it answers
    # "Shell sh not supported." So the command is run from bash, as a bash user runs it.
    assert VAULTCHECK is not None
    result = subprocess.run(
        # (a command after it, or bash would replace itself with vaultcheck, leaving sh)
        ["bash", "-c", '"$0" --show-completion; exit $?', VAULTCHECK],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "_VAULTCHECK_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _vaultcheck_completion vaultcheck" in result.stdout


def _command_paths(command: click.Command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, as a user reaches them (``graph`` is built only when asked for)."""
    found = [prefix]
    if isinstance(command, TyperGroup):
        ctx = click.Context(command)
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            assert sub is not None
            found += _command_paths(sub, (*prefix, name))
    return found


#: Python types and Click's range notation as they would leak into --help.
NOISE = re.compile(r"<[a-z][^>]*>|\{[a-z_]+\}|\[[^\]]*x\s*[<>]=?|\b(?:int|float) range\b|\w\[\w+\]")


def test_no_python_types_in_any_help() -> None:
    paths = _command_paths(typer.main.get_command(app))
    assert ("graph", "neighbors") in paths and len(paths) > 10
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, path
        assert NOISE.findall(result.stdout) == [], (path, result.stdout)


def test_help_shows_meaningful_metavars() -> None:
    lint_help = runner.invoke(app, ["lint", "--help"], terminal_width=100).stdout
    assert "Usage: vaultcheck lint [OPTIONS] [PATHS]..." in lint_help
    for shown in ("--select CODES", "-j, --jobs N", "--output-format FORMAT", "--since REV"):
        assert shown in lint_help
    path_help = runner.invoke(app, ["graph", "path", "--help"]).stdout
    assert "Usage: vaultcheck graph path [OPTIONS] START END" in path_help


def test_bounds_are_still_checked() -> None:
    result = runner.invoke(app, ["lint", "--jobs", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': 0 is less than 1" in result.output
    result = runner.invoke(app, ["graph", "neighbors", "A", "--depth", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--depth': 0 is less than 1" in result.output


@pytest.mark.parametrize(
    ("env", "args", "colored"),
    [
        ({}, [], False),  # not a terminal
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": ""}, [], False),  # empty counts as unset
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),  # NO_COLOR wins
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, [], True),
        ({"FORCE_COLOR": "1"}, ["--no-color"], False),  # the flag wins over both
        ({"NO_COLOR": "1"}, ["--color"], True),
    ],
)
def test_colour_variables(
    tmp_path: Path, env: dict[str, str], args: list[str], colored: bool
) -> None:
    vault = write_vault(tmp_path / "v", {"A.md": "[[Gone]]\n"})
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    assert VAULTCHECK is not None
    done = subprocess.run(
        [VAULTCHECK, "lint", str(vault), "--no-cache", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert "LNK001" in done.stdout
    assert ("\x1b[" in done.stdout) is colored
