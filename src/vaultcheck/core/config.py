"""Configuration: ``.vaultcheck.toml``, ``vaultcheck.toml`` or ``[tool.vaultcheck]``.

The nearest file at or above the vault root wins. Every key is checked against the schema
below: an unknown key or a value of the wrong type is a :class:`ConfigError` that names the
valid keys, so a typo never silently disables a check. TOML is data only; nothing in a config
file is executed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultcheck.core import configcheck
from vaultcheck.core.errors import ConfigError

#: The names of vaultcheck's own config files, in the order :func:`find_config` prefers them.
CONFIG_NAMES = (".vaultcheck.toml", "vaultcheck.toml")
#: Every file that may hold a vault's config: ours, and a pyproject.toml's [tool.vaultcheck].
CONFIG_FILE_NAMES = (*CONFIG_NAMES, "pyproject.toml")

#: Top-level keys: name -> (type, default). Tables are validated by their own schemas.
#: ``configschema.py`` builds the JSON Schema for editors from these tables.
TOP_KEYS: dict[str, tuple[type, Any]] = {
    "select": (list, None),
    "extend-select": (list, []),
    "ignore": (list, []),
    "exclude": (list, []),
    "baseline": (str, ""),
    "respect-gitignore": (bool, True),
    "check-templates": (bool, False),
    "fail-on": (str, "warning"),
    "per-file-ignores": (dict, {}),
    "severity": (dict, {}),
    "frontmatter": (dict, {}),
    "related": (dict, {}),
    "tags": (dict, {}),
    "citations": (dict, {}),
    "graph": (dict, {}),
}

#: Option tables: table -> key -> (type, default).
OPTION_TABLES: dict[str, dict[str, tuple[type, Any]]] = {
    "frontmatter": {
        "required": (list, []),
        "types": (dict, {}),
        "schema": (list, []),
        "date-keys": (list, ["created", "modified"]),
        "use-types-json": (bool, True),
        "inline-fields": (bool, False),
    },
    "related": {
        "key": (str, "related"),
        "resolve-aliases": (bool, True),
        "section": (str, "related"),
    },
    "tags": {
        "allowed": (list, []),
        "allowed-file": (str, ""),
        "style": (str, "any"),
    },
    "citations": {
        "required-keys": (list, ["source", "citation"]),
        "require-for-tags": (list, []),
        "require-for-paths": (list, []),
        "bibliography": (list, []),
        "section": (str, "citations?|references?|sources?|bibliography|cited"),
    },
    "graph": {
        "index": (list, []),
    },
}

_TOML_NAMES: dict[type, str] = {
    str: "string",
    list: "list",
    dict: "table",
    bool: "boolean",
    int: "number",
    float: "number",
}
#: The keys of a ``[[frontmatter.schema]]`` entry and their types.
SCHEMA_ENTRY_KEYS = {"paths": list, "tags": list, "required": list, "types": dict}
TYPE_NAMES = ("string", "number", "boolean", "date", "datetime", "list", "link", "links")
TAG_STYLES = ("any", "kebab", "snake", "camel", "lower")
SEVERITIES = ("error", "warning", "info")


@dataclass
class Config:
    """Validated settings; ``options`` holds each option table with defaults filled in."""

    path: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    #: The baseline file of known problems, relative to the config file ("" for none).
    baseline: str = ""
    respect_gitignore: bool = True
    #: Whether notes in the templates folders (``.obsidian/templates.json``, Templater) are
    #: reported on; by default they are not: their placeholders are not problems.
    check_templates: bool = False
    #: The lowest severity that makes the exit code 1.
    fail_on: str = "warning"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def option(self, table: str, key: str) -> Any:
        """One option value (the default when not set)."""
        return self.options.get(table, {}).get(key, OPTION_TABLES[table][key][1])


def _check(
    table: str, data: dict[str, Any], schema: dict[str, tuple[type, Any]], base: str
) -> None:
    # A message names the table as the file spells it: `[tool.vaultcheck.related]` in a
    # pyproject.toml, `[related]` in a .vaultcheck.toml.
    name = ".".join(part for part in (base, table) if part)
    where = f"[{name}]" if name else "the top level"
    for key, value in data.items():
        if key not in schema:
            valid = ", ".join(sorted(schema))
            raise ConfigError(f"unknown key `{key}` in {where} (valid keys: {valid})")
        expected = schema[key][0]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                f"`{key}` in {where} must be a {_TOML_NAMES[expected]}, "
                f"not a {_TOML_NAMES.get(type(value), type(value).__name__)}"
            )
        if isinstance(value, list) and key != "schema":  # schema entries: checked below
            configcheck.check_strings(value, key, where)


def _check_values(config: Config) -> None:
    if config.fail_on not in SEVERITIES:
        raise ConfigError(
            f"`fail-on` must be one of {', '.join(SEVERITIES)}, not `{config.fail_on}`"
        )
    for key, selectors in (
        ("select", config.select or []),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        configcheck.expand_codes(selectors, f"`{key}`")
    config.severity = configcheck.severities_by_code(config.severity, SEVERITIES)
    for pattern, codes in config.per_file_ignores.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"per-file-ignores `{pattern}` must be a list of rule codes")
        # Stored as codes, so `ALL` and rule names work as they do in `ignore`.
        where = f"per-file-ignores `{pattern}`"
        config.per_file_ignores[pattern] = configcheck.expand_codes(codes, where)
    configcheck.check_regexes(config.options)
    style = config.option("tags", "style")
    if style not in TAG_STYLES:
        raise ConfigError(f"[tags] style must be one of {', '.join(TAG_STYLES)}, not `{style}`")
    fm = config.options.get("frontmatter", {})
    for entry in fm.get("schema", []):
        if not isinstance(entry, dict):
            raise ConfigError("[frontmatter] schema entries must be tables")
        for key, value in entry.items():
            if key not in SCHEMA_ENTRY_KEYS:
                valid = ", ".join(sorted(SCHEMA_ENTRY_KEYS))
                raise ConfigError(
                    f"unknown key `{key}` in a [[frontmatter.schema]] entry (valid keys: {valid})"
                )
            if not isinstance(value, SCHEMA_ENTRY_KEYS[key]):
                raise ConfigError(f"`{key}` in a [[frontmatter.schema]] entry has the wrong type")
            if isinstance(value, list):
                configcheck.check_strings(value, key, "a [[frontmatter.schema]] entry")
        _check_types(entry.get("types", {}))
    _check_types(fm.get("types", {}))


def _check_types(types: dict[str, Any]) -> None:
    for key, name in types.items():
        if name not in TYPE_NAMES:
            raise ConfigError(
                f"type of `{key}` must be one of {', '.join(TYPE_NAMES)}, not `{name}`"
            )


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate raw TOML data into a :class:`Config` (from ``path``'s ``[tool.vaultcheck]``
    table when ``path`` is a pyproject.toml)."""
    base = "tool.vaultcheck" if path is not None and path.name == "pyproject.toml" else ""
    _check("", data, TOP_KEYS, base)
    options: dict[str, dict[str, Any]] = {}
    for table, schema in OPTION_TABLES.items():
        given = data.get(table, {})
        _check(table, given, schema, base)
        options[table] = given
    config = Config(
        path=path,
        select=data.get("select"),
        extend_select=data.get("extend-select", []),
        ignore=data.get("ignore", []),
        exclude=data.get("exclude", []),
        baseline=data.get("baseline", ""),
        respect_gitignore=data.get("respect-gitignore", True),
        check_templates=data.get("check-templates", False),
        fail_on=data.get("fail-on", "warning"),
        per_file_ignores=dict(data.get("per-file-ignores", {})),
        severity=dict(data.get("severity", {})),
        options=options,
    )
    _check_values(config)
    if path is not None:
        configcheck.check_files(options, path.parent)
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    # A leading UTF-8 BOM (Windows editors write one) is not part of the text, as Cargo and
    # ruff read it; tomllib alone would say "Invalid statement (at line 1, column 1)".
    # The TOML reader is imported here: most vaults have no config file (3 ms of a lint).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    bom = b"\xef\xbb\xbf"
    try:
        data = path.read_bytes()
        skipped = len(bom) if data.startswith(bom) else 0
        return tomllib.loads(data[skipped:].decode("utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML: {err}") from None
    except UnicodeDecodeError as err:  # TOML is UTF-8; a config saved as Latin-1 is not
        where = f"byte 0x{err.object[err.start]:02X} at offset {err.start + skipped}"
        raise ConfigError(f"{path} is not valid TOML: it is not UTF-8 text ({where})") from None


def find_config(root: Path) -> Path | None:
    """The config file nearest to the vault: in ``root`` or the closest folder above it."""
    for folder in (root, *root.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        tool = _read_toml(pyproject).get("tool") if pyproject.is_file() else None
        if isinstance(tool, dict) and "vaultcheck" in tool:
            return pyproject
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Read and validate the vault's config (or ``explicit``); defaults when there is none."""
    path = explicit or find_config(root)
    if path is None:
        return parse_config({})
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        ours = tool.get("vaultcheck") if isinstance(tool, dict) else None
        if explicit is not None and ours is None:
            # Given by name, a file without our table would silently mean the defaults.
            raise ConfigError(f"{path}: no [tool.vaultcheck] table")
        if ours is not None and not isinstance(ours, dict):
            raise ConfigError(f"{path}: tool.vaultcheck must be a table")
        data = ours or {}
    try:
        return parse_config(data, path)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None
