"""The frontmatter schema applied to Dataview inline fields (``[frontmatter] inline-fields``).

A field's value is typed as Dataview types it (:mod:`vaultcheck.parse.fieldtypes`) and
checked against the type declared for its key, by the same rules (FM004-FM006) and with
the same type names as a property. A field matches a declared key written as it is
(``rating``) or as Dataview's sanitised key (``Last Reviewed`` is ``last-reviewed``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from vaultcheck.core.model import Note
from vaultcheck.parse.fieldtypes import FieldValue, dataview_value
from vaultcheck.parse.fieldvalues import InlineValue, inline_values
from vaultcheck.rules.base import Context
from vaultcheck.rules.shared.schema import EXPECTED_NAMES, date_error, parse_date

#: How a Dataview value's kind reads in a message.
DESCRIBED = {
    "text": "text",
    "string": "text",
    "tag": "text",
    "number": "a number",
    "boolean": "a boolean",
    "date": "a date",
    "datetime": "a date and time",
    "duration": "a duration",
    "link": "a link",
    "list": "a list",
}

_KEPT = re.compile(r"[^\W]|-", re.UNICODE)


def enabled(ctx: Context) -> bool:
    """Whether the config asks for inline fields to be checked."""
    return bool(ctx.option("frontmatter", "inline-fields"))


def sanitised(key: str) -> str:
    """Dataview's query-friendly key: lower case, each run of spaces one ``-``, other
    characters than letters, digits, ``_`` and ``-`` dropped."""
    parts = []
    for word in key.split():
        parts.append("".join(c for c in word if _KEPT.fullmatch(c)).lower())
    return "-".join(parts)


def note_fields(note: Note, ctx: Context) -> list[InlineValue]:
    """The note's inline fields, parsed once for the three rules that read them."""
    memo: dict[str, tuple[str, list[InlineValue]]] = ctx.memo.setdefault("inline-values", {})
    cached = memo.get(note.path)
    if cached is None or cached[0] != note.text:  # a context may outlive an edit (editors)
        memo.clear()  # notes are checked one after another: keep only the current one
        cached = memo[note.path] = (note.text, inline_values(note))
    return cached[1]


def present_keys(fields: Iterable[InlineValue]) -> set[str]:
    """The keys the fields give, as written and sanitised."""
    keys: set[str] = set()
    for field in fields:
        keys.update((field.key, sanitised(field.key)))
    return keys


def declared(field: InlineValue, keys: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The (type, source) declared for a field's key, if any."""
    return keys.get(field.key) or keys.get(sanitised(field.key))


def _fits(value: FieldValue, kind: str) -> bool:
    if kind == "string":
        return value.kind not in ("boolean", "date", "datetime", "list")
    if kind in ("number", "boolean", "link"):
        return value.kind == kind
    if kind == "links":
        return value.kind == "link" or (value.kind == "list" and set(value.items) == {"link"})
    return True  # list: one value or several


def type_problems(
    fields: Iterable[InlineValue], types: dict[str, tuple[str, str]]
) -> Iterator[tuple[InlineValue, str]]:
    """(field, message) for each field whose value does not fit its declared type (dates
    are :func:`date_problems`')."""
    for field in fields:
        found = declared(field, types)
        if found is None or found[0] in ("date", "datetime"):
            continue
        kind, source = found
        value = dataview_value(field.value)
        if value.kind != "null" and not _fits(value, kind):
            yield (
                field,
                f"Inline field `{field.key}` should be {EXPECTED_NAMES[kind]} (per {source}), "
                f"not {DESCRIBED[value.kind]}",
            )


def date_problems(
    fields: Iterable[InlineValue], keys: set[str]
) -> Iterator[tuple[InlineValue, str]]:
    """(field, message) for each field of a date key whose value Dataview does not read
    as a date."""
    for field in fields:
        if field.key not in keys and sanitised(field.key) not in keys:
            continue
        value = dataview_value(field.value)
        if value.kind in ("null", "date", "datetime"):
            continue
        if value.kind != "text":
            message = f"should be a date (YYYY-MM-DD), not {DESCRIBED[value.kind]}"
            yield field, f"Inline field `{field.key}` {message}"
            continue
        if parse_date(field.value) is not None:  # `2025-01-02 10:30`: a date in YAML
            reason = "Dataview reads it as text (it reads YYYY-MM-DD and YYYY-MM-DDTHH:mm:ss)"
        else:
            reason = date_error(field.value)
        yield field, f"Invalid date `{field.value}` in inline field `{field.key}`: {reason}"
