"""A JSON Schema of the config file, built from the tables ``config.py`` validates against.

TOML editors (taplo, Even Better TOML) use it to complete keys, show what each does and mark a
wrong type or an unknown key while typing. The schema is built from the same tables as the
checks, so the two cannot drift; ``schema/vaultcheck.schema.json`` in the repository is its
output, kept equal by a test. It says what the TOML types allow; what only a run can know
(whether a rule code or a named file exists, whether a regex compiles) stays with
``config.py``. Only draft 4's keywords are used, since that is the draft every TOML editor
reads (taplo documents draft 4).
"""

from __future__ import annotations

import json
from typing import Any

from vaultcheck.core import config

#: What each key does, shown by editors on hover. Every key of the config tables has one.
DESCRIPTIONS: dict[str, str] = {
    "select": "Rules to run (codes, prefixes, names or ALL); replaces the default selection.",
    "extend-select": "Rules to run besides the selected ones.",
    "ignore": "Rules not to run.",
    "exclude": "Globs of vault-relative paths not to check (links to them still resolve).",
    "baseline": "A baseline file of known problems not to report, relative to this file.",
    "respect-gitignore": "Do not check what git ignores (links to it still resolve).",
    "check-templates": (
        "Report on the notes of the templates folders (.obsidian/templates.json, "
        "Templater); off by default, as their placeholders are not problems."
    ),
    "fail-on": "The lowest severity that makes the exit code 1.",
    "per-file-ignores": "Path globs, each with the rules not to report in matching notes.",
    "severity": "A severity for rules (by code, prefix, name or ALL).",
    "frontmatter": "Properties: required keys, their types, date keys.",
    "related": "The related-notes property and section (REL rules).",
    "tags": "The tag vocabulary and style (TAG rules).",
    "citations": "Which notes need a source, the bibliography, the references section.",
    "graph": "Graph rules.",
    "frontmatter.required": "Properties every note must have (FM004).",
    "frontmatter.types": "The type of a property (FM005).",
    "frontmatter.schema": "More required keys and types for notes matched by path or tag.",
    "frontmatter.date-keys": "Properties that must be dates (FM006).",
    "frontmatter.use-types-json": "Also read property types from .obsidian/types.json.",
    "frontmatter.inline-fields": (
        "Also check Dataview inline fields (key:: value) against the types; a required key "
        "given as one counts."
    ),
    "related.key": "The related-notes property.",
    "related.resolve-aliases": "Entries may name a note by one of its aliases.",
    "related.section": "A regex for the first word of the related-notes heading (REL005).",
    "tags.allowed": "The tag vocabulary (TAG003); nested tags of these are allowed.",
    "tags.allowed-file": "A file of allowed tags, one a line, relative to this file.",
    "tags.style": "The style of multi-word tags (TAG005); any infers it.",
    "citations.required-keys": "Properties that give a note's source (CIT001).",
    "citations.require-for-tags": "Notes with these tags need a source.",
    "citations.require-for-paths": "Notes matching these globs need a source.",
    "citations.bibliography": "BibTeX/BibLaTeX or CSL-JSON files, relative to this file (CIT002).",
    "citations.section": "A regex for the reference word of a references heading (CIT003/004).",
    "graph.index": "Notes every note should be reachable from (GR003).",
}

#: The form of a rule selector: ALL, a code or prefix (LNK001, LNK), a name (broken-link).
#: Loose on purpose (any case, blanks around): it must accept every selector the checks do.
SELECTOR = {"type": "string", "pattern": "^\\s*[A-Za-z][A-Za-z0-9-]*\\s*$"}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_SELECTORS = {"type": "array", "items": SELECTOR}
_JSON_TYPES = {str: "string", list: "array", dict: "object", bool: "boolean", int: "integer"}


def _types_table() -> dict[str, Any]:
    return {"type": "object", "additionalProperties": {"enum": list(config.TYPE_NAMES)}}


def _schema_entry() -> dict[str, Any]:
    """One ``[[frontmatter.schema]]`` entry."""
    entry = {key: _STRINGS for key, kind in config.SCHEMA_ENTRY_KEYS.items() if kind is list}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {**entry, "types": _types_table()},
    }


def _special() -> dict[str, dict[str, Any]]:
    """Keys whose values have more shape than their TOML type says."""
    return {
        "select": _SELECTORS,
        "extend-select": _SELECTORS,
        "ignore": _SELECTORS,
        "fail-on": {"enum": list(config.SEVERITIES)},
        "per-file-ignores": {"type": "object", "additionalProperties": _SELECTORS},
        "severity": {
            "type": "object",
            "additionalProperties": {"enum": list(config.SEVERITIES)},
        },
        "frontmatter.types": _types_table(),
        "frontmatter.schema": {"type": "array", "items": _schema_entry()},
        "tags.style": {"enum": list(config.TAG_STYLES)},
    }


def _property(name: str, kind: type, default: Any) -> dict[str, Any]:
    shape = _special().get(name)
    if shape is None:
        shape = _STRINGS if kind is list else {"type": _JSON_TYPES[kind]}
    described: dict[str, Any] = {"description": DESCRIPTIONS[name], **shape}
    if default is not None and not (kind is dict and not default):
        described["default"] = default
    return described


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a vaultcheck config (a whole ``.vaultcheck.toml``, or the
    ``[tool.vaultcheck]`` table of a ``pyproject.toml``)."""
    properties: dict[str, Any] = {}
    for key, (kind, default) in config.TOP_KEYS.items():
        table = config.OPTION_TABLES.get(key)
        if table is None:
            properties[key] = _property(key, kind, default)
            continue
        properties[key] = {
            "description": DESCRIPTIONS[key],
            "type": "object",
            "additionalProperties": False,
            "properties": {
                option: _property(f"{key}.{option}", option_kind, option_default)
                for option, (option_kind, option_default) in table.items()
            },
        }
    return {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "vaultcheck configuration",
        "description": "The config of vaultcheck, the Obsidian vault linter "
        "(.vaultcheck.toml, vaultcheck.toml or [tool.vaultcheck] in pyproject.toml).",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def schema_text() -> str:
    """The schema as written to ``schema/vaultcheck.schema.json``."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
