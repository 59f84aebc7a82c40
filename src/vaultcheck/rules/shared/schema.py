"""Property types and required keys: from the config and from ``.obsidian/types.json``."""

from __future__ import annotations

import datetime
import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultcheck.core.config import Config
from vaultcheck.core.model import Note

#: Obsidian's property types (``.obsidian/types.json``) in our type names.
OBSIDIAN_TYPES = {
    "text": "string",
    "multitext": "list",
    "number": "number",
    "checkbox": "boolean",
    "date": "date",
    "datetime": "datetime",
    "aliases": "list",
    "tags": "list",
}

# ASCII digits only (`re.ASCII`): a date in Persian digits is no ISO date, and matching it gave
# Python's own "Invalid isoformat string" as the message.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII
)
_LINK = re.compile(r"\[\[[^\[\]]+\]\]")


@dataclass
class Expectation:
    """What one note's properties must satisfy: required keys, and key -> (type, source)."""

    required: list[str] = field(default_factory=list)
    types: dict[str, tuple[str, str]] = field(default_factory=dict)


def obsidian_types(root: Path) -> dict[str, str]:
    """Property types declared in the vault's ``.obsidian/types.json`` (our names)."""
    try:
        data = json.loads((root / ".obsidian" / "types.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    declared = data.get("types", {}) if isinstance(data, dict) else {}
    if not isinstance(declared, dict):
        return {}
    return {k: OBSIDIAN_TYPES[v] for k, v in declared.items() if v in OBSIDIAN_TYPES}


def _note_tags(note: Note) -> set[str]:
    return {t.name.casefold() for t in note.tags}


def _applies(entry: dict[str, Any], note: Note) -> bool:
    paths = entry.get("paths", [])
    tags = {t.casefold().lstrip("#") for t in entry.get("tags", [])}
    if paths and not any(fnmatch.fnmatch(note.path, p) for p in paths):
        return False
    return not tags or bool(tags & _note_tags(note))


def expectation(note: Note, config: Config, declared: dict[str, str]) -> Expectation:
    """Combine types.json, global config and matching schema entries (later ones win)."""
    result = Expectation()
    for key, kind in declared.items():
        result.types[key] = (kind, "`.obsidian/types.json`")
    fm = config.options.get("frontmatter", {})
    result.required.extend(fm.get("required", []))
    for key, kind in fm.get("types", {}).items():
        result.types[key] = (kind, "the config")
    for entry in fm.get("schema", []):
        if _applies(entry, note):
            result.required.extend(k for k in entry.get("required", []) if k not in result.required)
            for key, kind in entry.get("types", {}).items():
                result.types[key] = (kind, "the config schema")
    return result


def parse_date(value: Any) -> datetime.date | None:
    """A date or datetime from a YAML value, or ``None`` when it is not one."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE.fullmatch(text):
                return datetime.date.fromisoformat(text)
            if _DATETIME.fullmatch(text):
                return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def date_error(value: str) -> str:
    """Why a date-looking string is not a valid date (for the message)."""
    text = value.strip()
    if _DATE.fullmatch(text) or _DATETIME.fullmatch(text):
        try:
            datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as err:
            return str(err)
    return "not an ISO 8601 date (YYYY-MM-DD)"


_TYPE_NAMES = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "list": "a list",
    "dict": "a mapping",
    "date": "a date",
    "datetime": "a datetime",
    "NoneType": "empty",
}


#: Our type names as a message says them: "should be a number".
EXPECTED_NAMES = {
    "string": "text",
    "number": "a number",
    "boolean": "a boolean",
    "date": "a date",
    "datetime": "a date and time",
    "list": "a list",
    "link": 'a link such as "[[Note]]"',
    "links": "a list of links",
}


def describe_type(value: Any) -> str:
    """How a YAML value's type reads in a message: ``text``, ``a number``, ``a list``..."""
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, datetime.date))


def matches_type(value: Any, kind: str) -> bool:
    """Whether a (non-empty) property value fits a type, as leniently as Obsidian shows it."""
    if kind == "string":
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "date":
        return parse_date(value) is not None
    if kind == "datetime":
        return parse_date(value) is not None
    if kind == "list":
        return isinstance(value, str) or (
            isinstance(value, list) and all(v is None or _is_scalar(v) for v in value)
        )
    if kind == "link":
        return isinstance(value, str) and bool(_LINK.fullmatch(value.strip()))
    if kind == "links":
        values = value if isinstance(value, list) else [value]
        return all(isinstance(v, str) and _LINK.fullmatch(v.strip()) for v in values)
    return True
