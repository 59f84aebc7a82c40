"""What the commands share in how they read and show their parameters: a usage line without
Typer's ``{braces}``, value checks that do not print Python range notation in ``--help``,
and completions.

Every option is given a metavar (``CODES``, ``N``, ``FORMAT``...) where it is declared, so
``--help`` never shows a Python type such as ``<list[str]>`` or ``<int range>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer import _click as click
from typer.core import TyperArgument, TyperCommand, TyperGroup

try:
    from vaultcheck.cli.plainvalues import use_plain_values
except ImportError:  # a Typer whose internals moved: its own (slower) conversion, then

    def use_plain_values(params: Iterable[click.Parameter]) -> None:
        """Leave every parameter to Typer's conversion."""


CacheDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Where the cache lives (default: .vaultcheck_cache in the vault).",
    ),
]


def _argument_name(param: TyperArgument) -> str:
    return param.display_name_raw + ("..." if param.nargs != 1 else "")


class PlainUsageCommand(TyperCommand):
    """A command that names its arguments by their metavar alone: ``NOTE`` in the usage line
    (not Typer's ``{note}`` for a required one) and in the argument list (not ``NOTE <str>``).
    Braces and Python types read as noise to most users. Its values are converted without
    pydantic (:mod:`~vaultcheck.cli.plainvalues`), which would double a small run's start."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        use_plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and param.required:
                pieces.append(_argument_name(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


class PlainValuesGroup(TyperGroup):
    """A group of commands (``vaultcheck``, ``vaultcheck graph``) whose own options
    (``--help``, ``--version``...) are converted without pydantic, as its commands' are."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        use_plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


def at_least(low: int) -> Callable[[int | None], int | None]:
    """A check that an integer option is ``low`` or more. Typer's ``min=`` would do the same
    but adds ``[x>=1]`` to the help; the help text says the bound in words instead."""

    def check(value: int | None) -> int | None:
        if value is not None and value < low:
            raise typer.BadParameter(f"{value} is less than {low}")
        return value

    return check


def complete_output_format(incomplete: str) -> list[str]:
    """Shell completion of ``--output-format``: the formats whose names start as typed."""
    from vaultcheck.report import FORMATS

    return [name for name in FORMATS if name.startswith(incomplete)]


def complete_rule_code(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a rule code (``LNK0`` -> ``LNK001``...), each with its name."""
    from vaultcheck.rules import REGISTRY

    typed = incomplete.upper()
    return [(code, rule.name) for code, rule in sorted(REGISTRY.items()) if code.startswith(typed)]
