"""What Dataview makes of an inline field's value (``rating:: 9``): its type.

Dataview types an inline value only when the whole (trimmed) value is one of its literals:
a date (``YYYY-MM``, then optionally ``-DD``, ``THH``, ``:mm``, ``:ss``, ``.SSS`` and a zone
``Z``, ``+hh[:mm]`` or ``[Zone]``, each part only after the one before), a duration
(``7 hours``, ``4min``, ``1 yr, 2 mo``), a quoted string, a tag, a ``[[link]]`` or
``![[embed]]``, ``true``/``false`` (also capitalised), a number (``-80``, ``2.4``) or
``null``; or a list of such literals separated by commas (``1, 2, 3``). Anything else is
text: ``2021-13-45``, ``10:30``, ``1e5``, ``TRUE``, ``a, b``, ``5, 6,`` (the source is
blacksmithgu/obsidian-dataview, ``parseInlineValue`` and the ``inlineField`` grammar).
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

#: Dataview's duration units, longest first (its parser tries them in that order).
_UNITS = (
    "minutes|seconds|minute|second|months|years|weeks|hours|month|mins|secs|"
    "days|hour|year|week|min|sec|mos|yrs|wks|hrs|day|mo|yr|wk|hr|w|d|h|m|s"
)
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
_DURATION = rf"{_NUMBER}\s*(?:{_UNITS})(?:(?:\s*,\s*|\s*){_NUMBER}\s*(?:{_UNITS}))*"
_DATE = (
    r"(?P<y>\d{4})-(?P<mo>\d{2})(?:-(?P<d>\d{2})(?:T(?P<h>\d{2})(?::(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.\d{3})?(?P<zone>[+-]\d{1,2}(?::\d{2})?|Z|\[[0-9A-Za-z+,./-]+\])?)?)?)?)?"
)
_STRING = r'"(?:[^"\\]|\\.)*"'
_TAG = r"#[^\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\\s]*"
_LINK = r"!?\[\[[^\[\]]*?\]\]"
_BOOL = r"true|false|True|False"

#: One literal, tried in Dataview's order; the first that matches is taken.
_ATOMS = (
    ("date", re.compile(_DATE)),
    ("duration", re.compile(_DURATION)),
    ("string", re.compile(_STRING)),
    ("tag", re.compile(_TAG)),
    ("link", re.compile(_LINK)),
    ("boolean", re.compile(_BOOL)),
    ("number", re.compile(_NUMBER)),
    ("null", re.compile("null")),
)
_COMMA = re.compile(r"\s*,\s*")


class FieldValue(NamedTuple):
    """A typed inline value: its kind (``text``, ``number``, ``boolean``, ``date``,
    ``datetime``, ``duration``, ``string``, ``tag``, ``link``, ``null`` or ``list``) and,
    for a list, the kinds of its elements."""

    kind: str
    items: tuple[str, ...] = ()


def _atom(text: str, at: int) -> tuple[str, int] | None:
    """The kind and end of the literal Dataview reads at ``at`` (its first match)."""
    for kind, pattern in _ATOMS:
        found = pattern.match(text, at)
        if found is None:
            continue
        if kind == "date":
            dated = _date_kind(found)
            if dated is None:
                continue  # not a valid date: Dataview's date parser fails, the next is tried
            return dated, found.end()
        return kind, found.end()
    return None


def _date_kind(found: re.Match[str]) -> str | None:
    """``date`` or ``datetime`` for a valid match of :data:`_DATE`; ``None`` if invalid."""
    parts = {k: int(v) for k, v in found.groupdict().items() if v is not None and k != "zone"}
    try:
        datetime.datetime(
            parts["y"],
            parts["mo"],
            parts.get("d", 1),
            parts.get("h", 0),
            parts.get("mi", 0),
            parts.get("s", 0),
        )
    except ValueError:
        return None
    return "datetime" if "h" in parts else "date"


def dataview_value(value: str) -> FieldValue:
    """How Dataview types an inline field's value (``value`` as written, trimmed here)."""
    text = value.strip()
    if not text:
        return FieldValue("null")
    kinds: list[str] = []
    at = 0
    while True:
        atom = _atom(text, at)
        if atom is None:
            return FieldValue("text")
        kind, at = atom
        kinds.append(kind)
        if at == len(text):
            break
        comma = _COMMA.match(text, at)
        if comma is None:
            return FieldValue("text")
        if comma.end() == len(text):
            # Dataview's quirk: `5,` is the list [5], but `5, 6,` is text.
            return FieldValue("list", tuple(kinds)) if len(kinds) == 1 else FieldValue("text")
        at = comma.end()
    if len(kinds) == 1:
        return FieldValue(kinds[0])
    return FieldValue("list", tuple(kinds))
