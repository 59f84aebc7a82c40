"""One line's YAML scalars, for the simple frontmatter reader (``simpleyaml.py``): plain ones
typed as the loader types them, quoted ones without escapes, in a block or in a flow list.

Each function takes the line and the column a scalar starts at, and returns what it read or
raises :class:`~vaultcheck.parse.yamltypes.NotSimple` at anything the simple reader does not
read exactly as libyaml would (then the YAML is composed instead).
"""

from __future__ import annotations

import re
from typing import Any

from vaultcheck.parse.yamltypes import NotSimple, plain_value

#: Plain scalars typed before: keys and many values recur in every note (``tags``, dates).
#: The values are immutable (text, numbers, dates), so sharing them is safe.
TYPED: dict[str, tuple[Any, bool]] = {}
_TYPED_MAX = 10_000

#: What may not start a plain scalar here (YAML's indicators; ``-x`` is allowed apart).
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")

#: How a plain scalar may start in a pattern (not with an indicator or a space).
PLAIN_START = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]"

_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')  # no escapes: those are left to the loader
#: A plain scalar inside a flow list, up to what ends or may change it.
_FLOW_PLAIN = re.compile(r"[^,\[\]{}#:]*")

#: A parsed scalar: its value, whether it is a string, its style and columns (0-based).
Scalar = tuple[Any, bool, str | None, int, int]


def typed(text: str) -> tuple[Any, bool]:
    """:func:`plain_value`, remembered."""
    found = TYPED.get(text)
    if found is None:
        found = plain_value(text)
        if len(TYPED) >= _TYPED_MAX:
            TYPED.clear()
        TYPED[text] = found
    return found


def block_scalar(line: str, begin: int) -> Scalar:
    """The one-line scalar that starts at ``begin`` and ends the line (a comment may follow)."""
    first = line[begin]
    if first == "'" or first == '"':
        return _quoted(line, begin, trailing=True)
    if first in INDICATORS and not (first == "-" and line[begin + 1 : begin + 2] not in ("", " ")):
        raise NotSimple("indicator")
    text = line[begin:]
    comment = text.find(" #")
    if comment != -1:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise NotSimple("mapping in a value")
    return plain_scalar(text, begin)


def plain_scalar(text: str, begin: int) -> Scalar:
    """The plain scalar ``text`` written from column ``begin``."""
    value, is_text = typed(text)
    return value, is_text, None, begin, begin + len(text)


def flow_scalar(line: str, begin: int) -> Scalar:
    """A scalar in a flow list, starting at ``begin``."""
    first = line[begin]
    if first == "'" or first == '"':
        return _quoted(line, begin, trailing=False)
    if first in INDICATORS and not (
        first == "-" and line[begin + 1 : begin + 2] not in ("", " ", ",", "[", "]", "{", "}")
    ):
        raise NotSimple("indicator")
    match = _FLOW_PLAIN.match(line, begin)
    assert match is not None  # it matches the empty string at least
    text = match.group().rstrip(" ")
    if not text:
        raise NotSimple("empty flow item")
    return plain_scalar(text, begin)


def _quoted(line: str, begin: int, *, trailing: bool) -> Scalar:
    style = line[begin]
    if style == "'":
        match = _SINGLE_QUOTED.match(line, begin)
        value = None if match is None else match.group(1).replace("''", "'")
    else:
        match = _DOUBLE_QUOTED.match(line, begin)
        value = None if match is None else match.group(1)
    if match is None or value is None:
        raise NotSimple("quoted")
    if trailing:
        only_comment(line, match.end())
    return value, True, style, begin, match.end()


def only_comment(line: str, after: int) -> None:
    """Nothing but spaces and a comment may follow a value on its line."""
    rest = line[after:].lstrip(" ")
    if rest and rest[0] != "#":
        raise NotSimple("after a value")


def skip_spaces(line: str, position: int) -> int:
    size = len(line)
    while position < size and line[position] == " ":
        position += 1
    return position
