"""Command-line values converted without pydantic, so that a run starts in well under 0.15 s.

Typer converts each parameter's value through a pydantic ``TypeAdapter``, built when the
command line is parsed, even for an option left at its default: importing pydantic for that
costs 0.05-0.09 s of CPU, a third of a small lint. Every parameter vaultcheck declares is a
string, a whole number, a flag, a path or a list of strings or paths, with no checks that
Typer would add (``exists=``, ``min=``...; bounds are callbacks, see ``params.at_least``).
Those are converted here, giving the values Typer would give (a test compares both on every
parameter); a parameter of any other kind keeps Typer's conversion.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from typer import _click as click
from typer._coercion import RuntimeParam
from typer.core import _TyperParameter
from typer.models import ParameterInfo


def _text(value: Any, param: _TyperParameter) -> str:
    return str(value)


def _whole_number(value: Any, param: _TyperParameter) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a whole number") from None


def _flag(value: Any, param: _TyperParameter) -> bool:
    if isinstance(value, bool):
        return value
    raise typer.BadParameter(f"{value!r} is not true or false")


def _path(value: Any, param: _TyperParameter) -> Path:
    # As Typer checks any path it is given (its `readable=True` default).
    if os.path.exists(value) and not os.access(value, os.R_OK):
        raise typer.BadParameter(f"path {os.fsdecode(value)!r} is not readable.")
    return value if isinstance(value, Path) else Path(value)


_CONVERT: dict[Any, Callable[[Any, _TyperParameter], Any]] = {
    str: _text,
    int: _whole_number,
    bool: _flag,
    Path: _path,
    list[str]: _text,
    list[Path]: _path,
}


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """Typer's runtime conversion of one parameter, done by a plain function: ``None`` and
    a missing list are handled by :class:`RuntimeParam` before this is called."""

    convert: Callable[[Any, _TyperParameter], Any]

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: click.Context) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.convert(item, param) for item in value]
        return self.convert(value, param)


def _plain(info: ParameterInfo) -> bool:
    """Whether the parameter asks Typer for nothing beyond converting its type."""
    return (
        info.parser is None
        and not info.exists
        and info.file_okay
        and info.dir_okay
        and not info.writable
        and not info.resolve_path
        and not info.allow_dash
        and info.path_type is None
        and info.min is None
        and info.max is None
    )


def use_plain_values(params: Iterable[click.Parameter]) -> None:
    """Give each parameter of a kind :data:`_CONVERT` knows its plain conversion, before
    Typer builds a pydantic one (it builds it on first use and keeps it)."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        convert = _CONVERT.get(descriptor.annotation)
        if (
            convert is not None
            and descriptor.file_annotation is None
            and _plain(descriptor.parameter_info)
        ):
            param._runtime_param = PlainValue(
                descriptor.parameter_info, descriptor.annotation, convert
            )
