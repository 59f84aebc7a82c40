"""A plain ``vaultcheck lint`` command line read without Typer.

Importing Typer (and the click it carries) and building the command from its declaration
is about 30 ms of CPU, a fifth of a lint of a small vault and more than what separated
a cold lint of the kepano or foam vault from graphmark's link check. Most runs are plain: a
lint, some paths, options this reader knows. It reads exactly those, giving the values
Typer would give (``tests/test_quickargs.py`` compares both on many command lines and holds
the tables below to the command's declaration); anything else (``--help``, ``--watch``, an
option it does not know, an option given twice or with a value that starts with ``-``, a
value Typer would refuse, ``--``, shell completion, Windows' wildcard expansion) makes it
answer ``None``, and Typer reads the command line as before, errors and all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from vaultcheck.cli.lintstart import LintParams

#: What Typer gives a ``lint`` run for each parameter left out.
DEFAULTS: LintParams = {
    "paths": None,
    "vault": None,
    "select": None,
    "extend_select": None,
    "ignore": None,
    "output_format": "full",
    "output_file": None,
    "also_write": None,
    "statistics": False,
    "force_exclude": False,
    "no_cache": False,
    "cache_dir": None,
    "jobs": None,
    "exit_zero": False,
    "fail_on": None,
    "color": None,
    "quiet": False,
    "config": None,
    "fix": False,
    "unsafe_fixes": False,
    "diff": False,
    "exit_non_zero_on_fix": False,
    "baseline": None,
    "no_baseline": False,
    "write_baseline": None,
    "watch": False,
    "changed": False,
    "since": None,
}

#: Options without a value: (parameter, the value they set).
FLAGS: dict[str, tuple[str, bool]] = {
    "--statistics": ("statistics", True),
    "--force-exclude": ("force_exclude", True),
    "--no-cache": ("no_cache", True),
    "--exit-zero": ("exit_zero", True),
    "--color": ("color", True),
    "--no-color": ("color", False),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--fix": ("fix", True),
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--diff": ("diff", True),
    "--exit-non-zero-on-fix": ("exit_non_zero_on_fix", True),
    "--no-baseline": ("no_baseline", True),
    "--changed": ("changed", True),
}

#: A value as Typer converts it, or ``None`` where Typer would refuse it (or might).
Convert = Callable[[str], Any]


def _path(value: str) -> Path | None:
    # Typer refuses a path that exists but cannot be read (its `readable=True`).
    if os.path.exists(value) and not os.access(value, os.R_OK):
        return None
    return Path(value)


def _jobs(value: str) -> int | None:
    # Only plain digits: Typer's own reading and its errors for anything else (`at_least`).
    return int(value) if value.isascii() and value.isdigit() and int(value) >= 1 else None


def _text(value: str) -> str:
    return value


#: Options with one value: (parameter, conversion, whether it may be repeated into a list).
VALUED: dict[str, tuple[str, Convert, bool]] = {
    "--vault": ("vault", _path, False),
    "-C": ("vault", _path, False),
    "--select": ("select", _text, True),
    "--extend-select": ("extend_select", _text, True),
    "--ignore": ("ignore", _text, True),
    "--output-format": ("output_format", _text, False),
    "--output-file": ("output_file", _path, False),
    "-o": ("output_file", _path, False),
    "--also-write": ("also_write", _text, True),
    "--cache-dir": ("cache_dir", _path, False),
    "--jobs": ("jobs", _jobs, False),
    "-j": ("jobs", _jobs, False),
    "--fail-on": ("fail_on", _text, False),
    "--config": ("config", _path, False),
    "--baseline": ("baseline", _path, False),
    "--write-baseline": ("write_baseline", _path, False),
    "--since": ("since", _text, False),
}

#: ``--output-format``'s environment variable, read when the option is not given.
FORMAT_VARIABLE = "VAULTCHECK_OUTPUT_FORMAT"


def plain_lint(args: Sequence[str]) -> LintParams | None:
    """The parameters of ``vaultcheck ARGS`` when it is a lint this reader reads exactly as
    Typer would, else ``None``."""
    if not args or args[0] != "lint" or os.name == "nt" or _completing():
        return None
    params: dict[str, Any] = dict(DEFAULTS)
    given: set[str] = set()
    lists: dict[str, list[Any]] = {}
    rest = list(args[1:])
    rest.reverse()
    while rest:
        arg = rest.pop()
        if not arg.startswith("-"):
            path = _path(arg) if arg else None
            if path is None:
                return None
            lists.setdefault("paths", []).append(path)
            continue
        # Only a long option takes its value after `=`: click reads `-j=4` as `-j` `=4`.
        name, equals, attached = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in FLAGS and not equals:
            parameter, value = FLAGS[name]
        elif name in VALUED:
            if not equals:
                if not rest:
                    return None
                attached = rest.pop()
            parameter, convert, repeatable = VALUED[name]
            if attached.startswith("-"):
                return None
            value = convert(attached)
            if value is None:
                return None
            if repeatable:
                lists.setdefault(parameter, []).append(value)
                continue
        else:
            return None
        if parameter in given:
            return None
        given.add(parameter)
        params[parameter] = value
    params.update(lists)
    if "output_format" not in given and os.environ.get(FORMAT_VARIABLE):
        params["output_format"] = os.environ[FORMAT_VARIABLE]
    return cast(LintParams, params)


def _completing() -> bool:
    """Whether the shell asks for completions (click's ``_VAULTCHECK_COMPLETE``, named after
    however the program was started)."""
    return any(name.endswith("_COMPLETE") for name in os.environ)
