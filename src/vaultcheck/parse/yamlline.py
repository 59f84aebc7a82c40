"""One line's YAML scalars, for the simple frontmatter reader (``simpleyaml.py``): plain ones
typed as the loader types them, quoted ones without escapes, in a block or in a flow list.

Each function takes the line and the column a scalar starts at, and returns what it read or
raises :class:`NotSimple` at anything the simple reader does not
read exactly as libyaml would (then the YAML is composed instead). Also here: what the two
commonest whole lines say (remembered by their text), and the characters the reader refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


class NotSimple(Exception):
    """The scalar is not one the simple reader may type: let the YAML loader read it all."""


#: Plain scalars typed before: keys and many values recur in every note (``tags``, dates).
#: The values are immutable (text, numbers, dates), so sharing them is safe.
TYPED: dict[str, tuple[Any, bool]] = {}
_TYPED_MAX = 10_000
#: ``yamltypes.TYPED_STARTS``, once :func:`_load_types` has imported it (``None`` before:
#: every text then goes to :func:`remembered`, which imports it).
_STARTS: frozenset[str] | None = None

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
    """:func:`plain_value`, remembered; a text that no implicit type can start as is a
    string at once (most titles and names, each typed once: remembering them only pushed
    the dates and numbers out of the memo)."""
    if _STARTS is not None and text[:1] not in _STARTS:
        return text, True
    return remembered(text)


def remembered(text: str) -> tuple[Any, bool]:
    """:func:`plain_value`, remembered whatever the text (keys: one string per name, shared
    by every note's entry, not one per line read)."""
    found = TYPED.get(text)
    if found is None:
        found = _plain_value(text)
        if len(TYPED) >= _TYPED_MAX:
            TYPED.clear()
        TYPED[text] = found
    return found


def _load_types(text: str) -> tuple[Any, bool]:
    """``yamltypes.plain_value(text)``, importing it first: ``yamltypes`` imports PyYAML
    (its loader's resolvers type the scalars), which a vault without frontmatter, or a run
    that parses nothing (every finding from the cache), never needs: about 15 % of a
    one-note lint's start. Then :data:`_plain_value` and :data:`_STARTS` are its own."""
    global _plain_value, _STARTS
    from vaultcheck.parse import yamltypes

    _STARTS, _plain_value = yamltypes.TYPED_STARTS, yamltypes.plain_value
    return _plain_value(text)


#: ``yamltypes.plain_value``, imported when first needed (:func:`_load_types`).
_plain_value: Callable[[str], tuple[Any, bool]] = _load_types


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


#: Anything but line breaks and the characters libyaml accepts, less a tab (its rules
#: differ by context), NEL and the Unicode line separators (line breaks to YAML 1.1) and a
#: byte order mark (skipped at a line start), written as the few small ranges it is. (As
#: ``[^`` the accepted ranges ``]``, the same set, ``re`` built its table one code point at
#: a time over 57,000 of them: 6 ms of every run's start, 4 % of a one-note lint.)
_REFUSED = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)

#: The commonest lines: ``key: plain text`` or ``key:``, and ``- plain text``, with no ``:``
#: or ``#`` past the key's colon, so no comment or nested mapping. (No key starts with ``.``:
#: ``... :`` would be a document end.) The key and the text are taken with the spaces after
#: them, which :func:`_common_line` strips: a lazy group tried the spaces and the end at
#: every character (three times slower, and most lines are read once: titles, names).
_COMMON_KEY = re.compile(rf"((?![.]){PLAIN_START}[^:#]*)(:)(?: +({PLAIN_START}[^:#]*))? *")
_COMMON_ITEM = re.compile(rf"( *)- +({PLAIN_START}[^:#]*)")

KEY, ITEM, OTHER = "key", "item", "other"
#: What the commonest lines say, by their text (they recur: ``tags:``, ``  - project``):
#: ``(KEY, name, key length, colon end, scalar or None)``, ``(ITEM, indent, scalar)`` or
#: ``(OTHER,)`` for a line the general path reads. Values are immutable, as ``TYPED``'s.
COMMON_LINES: dict[str, tuple[Any, ...]] = {}
_COMMON_LINES_MAX = 10_000


def remember_line(line: str) -> tuple[Any, ...]:
    """:func:`_common_line`, remembered."""
    common = _common_line(line)
    if len(COMMON_LINES) >= _COMMON_LINES_MAX:
        COMMON_LINES.clear()
    COMMON_LINES[line] = common
    return common


def refused(yaml: str) -> bool:
    """Whether ``yaml`` holds a character :data:`_REFUSED` names. ASCII text (nearly all)
    is checked without the regular expression, whose class is slow to test per character:
    only line breaks and ``\\x20``-``\\x7e`` pass, which is what ``isprintable`` says of
    ASCII once the line breaks are taken out."""
    if yaml.isascii():
        return not yaml.replace("\n", "").replace("\r", "").isprintable()
    return _REFUSED.search(yaml) is not None


def _common_line(line: str) -> tuple[Any, ...]:
    """What ``line`` says if it is one of the commonest lines (raises :class:`NotSimple`
    as the reader would, and then nothing is remembered)."""
    common = _COMMON_KEY.fullmatch(line)
    # The commonest line, taken apart at once (libyaml wants a key's colon at most 1024
    # characters in; the general path asks libyaml beyond 1000).
    if common is not None and common.start(2) <= 1000:
        key, plain = common.group(1, 3)
        key = key.rstrip(" ")
        value, is_text = remembered(key)
        name = value if is_text else str(value)
        scalar = None if plain is None else plain_scalar(plain.rstrip(" "), common.start(3))
        return (KEY, name, len(key), common.end(2), scalar)
    common = _COMMON_ITEM.fullmatch(line)
    if common is not None:
        return (ITEM, common.end(1), plain_scalar(common.group(2).rstrip(" "), common.start(2)))
    return (OTHER,)
