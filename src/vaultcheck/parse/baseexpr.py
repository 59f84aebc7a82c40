"""The bare property names of a base's filter and formula expressions (``status == "done"``).

Obsidian's Bases syntax: a name without a prefix is a note property (``price`` means
``note.price``); ``file``, ``note``, ``formula`` and ``this`` are objects, ``true``, ``false``
and ``null`` literals, a name followed by ``(`` is a function (``link()``, ``today()``), a
name after ``.`` a field or method of a value (``file.name``, ``price.toFixed(2)``), and
``value``, ``index`` and ``acc`` the variables of ``filter()``, ``map()`` and ``reduce()``.
Quoted text and ``/regex/`` literals hold no names.

A name is letters of any script (``größe``, ``статус``, ``สถานะ``), digits after the first,
``_`` and combining marks (Thai and Devanagari vowel signs); read as ASCII only, ``größe``
was the two names ``gr`` and ``e``, and ``статус`` no name at all.

Only what is certain is returned: a name joined to another by ``-`` without spaces
(``image-property``) may be one hyphenated property or a subtraction, so it is left out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

#: Words that are never a note property in an expression.
RESERVED = frozenset(
    {"this", "file", "note", "formula", "true", "false", "null", "value", "index", "acc"}
)

_NAME = re.compile(r"[^\W\d]\w*")
_WORD = re.compile(r"\w*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?[A-Za-z]*")
#: After one of these a ``/`` divides; elsewhere it opens a regular expression.
_VALUE_END = re.compile(r"[\w)\]\"']")


class BareName(NamedTuple):
    """A bare note-property name and its offsets in the expression."""

    name: str
    start: int
    end: int


def _skip_quoted(text: str, at: int) -> int:
    """The offset after the string or regex literal opened at ``at``."""
    closer = text[at]
    position = at + 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == closer:
            position += 1
            while closer == "/" and position < len(text) and text[position].isalpha():
                position += 1  # the flags of a regular expression (``/x/g``)
            return position
        position += 1
    return len(text)


def _name_end(expression: str, at: int) -> int | None:
    """The end of the name that starts at ``at`` (past combining marks), or ``None``."""
    name = _NAME.match(expression, at)
    if name is None:
        return None
    end = name.end()
    while end < len(expression) and unicodedata.category(expression[end]).startswith("M"):
        more = _WORD.match(expression, end + 1)
        end = more.end() if more is not None else end + 1
    return end


def bare_names(expression: str) -> list[BareName]:
    """The note properties an expression names without a prefix, in order."""
    found: list[BareName] = []
    position, previous = 0, ""  # previous: the last character that was not a space
    while position < len(expression):
        char = expression[position]
        if char in "\"'" or (char == "/" and not _VALUE_END.match(previous or " ")):
            end = _skip_quoted(expression, position)
            previous, position = expression[end - 1], end
            continue
        number = _NUMBER.match(expression, position) if char.isdigit() else None
        if number is not None:
            previous, position = expression[number.end() - 1], number.end()
            continue
        name_end = _name_end(expression, position)
        if name_end is None:
            if not char.isspace():
                previous = char
            position += 1
            continue
        end, name = name_end, expression[position:name_end]
        following = expression[end:].lstrip()
        hyphenated = expression[end : end + 1] == "-" or expression[position - 1 : position] == "-"
        if (
            previous != "."
            and name not in RESERVED
            and not following.startswith("(")
            and not hyphenated
        ):
            found.append(BareName(name, position, end))
        previous, position = expression[end - 1], end
    return found
