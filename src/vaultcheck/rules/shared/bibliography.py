"""Citation keys from bibliography files, as Zotero and Better BibTeX export them.

BibTeX/BibLaTeX (``.bib``): each ``@type{key,`` entry (``@string``, ``@preamble`` and
``@comment`` are not entries). CSL-JSON (``.json``): a list of items with an ``id``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from vaultcheck.core.errors import ConfigError

_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_NOT_ENTRIES = {"string", "preamble", "comment"}


def bibtex_keys(text: str) -> set[str]:
    """Entry keys of a BibTeX/BibLaTeX file."""
    return {m.group(2) for m in _BIB_ENTRY.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES}


def csl_json_keys(text: str) -> set[str]:
    """Item ids of a CSL-JSON file (a list, or an object with ``items``)."""
    data = json.loads(text)
    items = data.get("items", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return set()
    return {str(item["id"]) for item in items if isinstance(item, dict) and "id" in item}


def load_keys(paths: list[Path]) -> set[str]:
    """All citation keys of the given files; a missing or unreadable file is a config error."""
    keys: set[str] = set()
    for path in paths:
        try:
            text = path.read_text("utf-8-sig")  # a byte order mark is not text
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"cannot read bibliography {path}: {err}") from None
        try:
            keys |= csl_json_keys(text) if path.suffix.lower() == ".json" else bibtex_keys(text)
        except ValueError as err:
            raise ConfigError(f"bibliography {path} is not valid CSL-JSON: {err}") from None
    return keys
