"""Checks of a config's values beyond their TOML types: list items, rule codes, regular
expressions and the files it names.

Each failure is a :class:`ConfigError` of one line naming the key, so a run never starts with
a setting that would silently do nothing (an unknown code) or make every note fail later (a
regular expression that does not compile).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vaultcheck.core.errors import ConfigError, UsageError

#: Options holding regular expressions: (table, key).
REGEX_OPTIONS = (("related", "section"), ("citations", "section"))
#: Options naming files, relative to the config file: (table, key).
FILE_OPTIONS = (("tags", "allowed-file"), ("citations", "bibliography"))


def _type_name(value: Any) -> str:
    names = {str: "string", bool: "boolean", int: "number", float: "number", list: "list"}
    return names.get(type(value), "table" if isinstance(value, dict) else type(value).__name__)


def check_strings(values: Iterable[Any], key: str, where: str) -> None:
    """Every item of a list option must be a string: ``ignore = [1]`` names its key."""
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(
                f"`{key}` in {where} must be a list of strings, "
                f"but holds a {_type_name(value)} ({value!r})"
            )


def expand_codes(selectors: Iterable[str], key: str) -> list[str]:
    """The rule codes of ``selectors`` (codes, prefixes, names, ``ALL``), in code order;
    an unknown selector names the key it was found under."""
    from vaultcheck.rules.selection import expand  # rules import config: resolve lazily

    codes: set[str] = set()
    for selector in selectors:
        try:
            codes |= expand(selector)
        except UsageError:
            raise ConfigError(
                f"unknown rule code `{selector}` in {key} (see `vaultcheck rule --all`)"
            ) from None
    return sorted(codes)


def severities_by_code(severity: dict[str, Any], levels: tuple[str, ...]) -> dict[str, str]:
    """``[severity]`` with each selector (``GR``, ``GR001``, ``orphan-note``) expanded to codes;
    later entries win over earlier ones."""
    result: dict[str, str] = {}
    for selector, level in severity.items():
        if level not in levels:
            raise ConfigError(f"severity of `{selector}` must be one of {', '.join(levels)}")
        for code in expand_codes([selector], "[severity]"):
            result[code] = level
    return result


def check_regexes(options: dict[str, dict[str, Any]]) -> None:
    """Compile the regular-expression options now, not once per note during the run."""
    for table, key in REGEX_OPTIONS:
        pattern = options.get(table, {}).get(key)
        if pattern is None:
            continue
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(
                f"`{key}` in [{table}] is not a valid regular expression: {err}"
            ) from None


def check_files(options: dict[str, dict[str, Any]], base: Path) -> None:
    """Files the config names must exist (paths relative to the config file's folder)."""
    for table, key in FILE_OPTIONS:
        value = options.get(table, {}).get(key)
        names = value if isinstance(value, list) else [value] if value else []
        for name in names:
            if not (base / name).is_file():
                what = "a folder, not a file:" if (base / name).is_dir() else "no such file"
                raise ConfigError(f"`{key}` in [{table}]: {what} {base / name}")
            _check_utf8(base / name, f"`{key}` in [{table}]")


def _check_utf8(path: Path, where: str) -> None:
    """A file the config names is read as UTF-8; one that is not is the config's error
    (else every note would report an internal error of the rule reading it)."""
    try:
        path.read_bytes().decode("utf-8")
    except OSError as err:
        raise ConfigError(f"{where}: cannot read {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        byte = f"byte 0x{err.object[err.start]:02X} at offset {err.start}"
        raise ConfigError(f"{where}: {path} is not UTF-8 text ({byte})") from None
