"""The common frontmatter read line by line instead of composing YAML: exact, or it steps aside.

Most frontmatter is a block mapping of one-line values: plain or quoted scalars, flow lists
(``[a, "b"]``) and block lists (``- a``). :func:`read_simple` reads exactly that and gives the
same entries, values, spans and links as composing the YAML does (``frontmatter.py``), several
times faster, since it needs no node tree and knows each line's number. For anything else
(nested mappings, multi-line or escaped scalars, anchors, aliases, tags, tabs, quoted keys,
characters YAML refuses, a value whose constructor fails) it returns ``None`` and the caller
composes the YAML as before. ``tests/test_simpleyaml.py`` holds the two readers equal on every
corpus note and on fuzzed frontmatter.
"""

from __future__ import annotations

import re
from typing import Any

from vaultcheck.core.model import FrontmatterEntry, FrontmatterItem, Link, Span
from vaultcheck.parse.text import LineIndex, make_span
from vaultcheck.parse.yamlline import (
    INDICATORS,
    PLAIN_START,
    Scalar,
    block_scalar,
    flow_scalar,
    only_comment,
    plain_scalar,
    skip_spaces,
    typed,
)
from vaultcheck.parse.yamlscalar import scalar_links
from vaultcheck.parse.yamltypes import NotSimple

#: Anything but line breaks and the characters libyaml accepts, less a tab (its rules
#: differ by context), NEL and the Unicode line separators (line breaks to YAML 1.1) and a
#: byte order mark (skipped at a line start).
_REFUSED = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

#: The commonest lines: ``key: plain text`` or ``key:``, and ``- plain text``, with no ``:``
#: or ``#`` past the key's colon, so no comment or nested mapping. (No key starts with ``.``:
#: ``... :`` would be a document end.)
_COMMON_KEY = re.compile(rf"((?![.]){PLAIN_START}[^:#]*?) *(:)(?: +({PLAIN_START}[^:#]*?))? *")
_COMMON_ITEM = re.compile(rf"( *)- +({PLAIN_START}[^:#]*?) *")
#: ``tuple.__new__(Span, fields)`` builds the model's tuples without the Python ``__new__``
#: ``NamedTuple`` generates (as ``text.make_span`` does), with every field given in order.
_new = tuple.__new__


def read_simple(
    text: str, start: int, end: int, index: LineIndex
) -> tuple[tuple[FrontmatterEntry, ...], list[Link]] | None:
    """The entries and links of the YAML ``text[start:end]``, or ``None`` when it is not
    the simple kind (then compose it)."""
    try:
        return _Reader(text, index).read(start, end)
    except NotSimple:
        return None


class _Reader:
    """One frontmatter, line by line; raises :class:`NotSimple` at anything unexpected."""

    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index
        self.entries: list[FrontmatterEntry] = []
        self.links: list[Link] = []
        # The entry whose key had no value on its line: null, or a block list's items follow.
        self.open: tuple[str, Span, int] | None = None
        self.items: list[FrontmatterItem] = []
        self.list_start = 0
        self.list_indent = -1

    def read(self, start: int, end: int) -> tuple[tuple[FrontmatterEntry, ...], list[Link]]:
        yaml = self.text[start:end]
        if _REFUSED.search(yaml):
            raise NotSimple("character")
        if "\r" in yaml and yaml.count("\r") != yaml.count("\r\n"):
            raise NotSimple("lone CR")
        crlf = "\r" in yaml
        number = self.index.position(start)[0]
        at = start
        for raw in yaml.split("\n"):
            line = raw[:-1] if crlf and raw.endswith("\r") else raw
            if line:
                self.line(line, at, number)
            at += len(raw) + 1
            number += 1
        self.close(end)
        return tuple(self.entries), self.links

    def line(self, line: str, at: int, number: int) -> None:
        common = _COMMON_LINES.get(line)
        if common is None:
            common = _common_line(line)
            if len(_COMMON_LINES) >= _COMMON_LINES_MAX:
                _COMMON_LINES.clear()
            _COMMON_LINES[line] = common
        # The two common lines, read once per distinct text: a key with its value, an item.
        if common[0] is _KEY:
            _, name, key_length, colon_end, scalar = common
            if self.open is not None:
                self.close(at)
            key_span: Span = _new(Span, (at, at + key_length, number, 1, number, key_length + 1))
            if scalar is None:
                self.open = (name, key_span, colon_end)
            else:
                self.scalar_entry(name, key_span, scalar, at, number)
            return
        if common[0] is _ITEM:
            self.item(common[1], common[2], at, number)
            return
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":  # blank, or a comment
            return
        indent = len(line) - len(stripped)
        if stripped[0] == "-" and stripped[1:2] in ("", " "):
            found = len(line) - len(line[indent + 1 :].lstrip(" "))
            empty = found == len(line) or line[found] == "#"
            self.item(indent, None if empty else block_scalar(line, found), at, number)
        elif indent:
            raise NotSimple("indented")
        else:
            self.key_line(line, at, number)

    def key_line(self, line: str, at: int, number: int) -> None:
        colon = line.find(": ")
        if colon == -1:
            if not line.endswith(":"):
                raise NotSimple("no key")
            colon = len(line) - 1
        key = line[:colon].rstrip(" ")
        if not key or key[0] in INDICATORS or " #" in key or colon > 1000 or key.startswith("..."):
            raise NotSimple("key")
        name, key_span = self.key(key, at, number)
        found = len(line) - len(line[colon + 1 :].lstrip(" "))
        if found == len(line) or line[found] == "#":
            self.open = (name, key_span, colon + 1)
        elif line[found] == "[":
            self.flow_list(line, found, at, number, name, key_span)
        else:
            self.scalar_entry(name, key_span, block_scalar(line, found), at, number)

    def key(self, key: str, at: int, number: int) -> tuple[str, Span]:
        """A new entry's name and key span (the open one ends here)."""
        self.close(at)
        value, is_text = typed(key)
        return (value if is_text else str(value)), _on_line(at, number, 0, len(key))

    def scalar_entry(self, name: str, key_span: Span, scalar: Scalar, at: int, number: int) -> None:
        value, is_text, style, begin, stop = scalar
        span = _new(Span, (at + begin, at + stop, number, begin + 1, number, stop + 1))
        self.entries.append(_new(FrontmatterEntry, (name, value, key_span, span, ())))
        if is_text and "[[" in value:
            self.links += scalar_links(
                self.text, self.index, name, at + begin, at + stop, style, value
            )

    def item(self, indent: int, scalar: Scalar | None, at: int, number: int) -> None:
        """A ``- value`` line (``None``: no value) of the open entry's block list."""
        if self.open is None:
            raise NotSimple("item")
        if not self.items:
            self.list_indent, self.list_start = indent, at + indent
        elif indent != self.list_indent:
            raise NotSimple("indentation")
        if scalar is None:
            dash_end = indent + 1  # a null item sits just after its dash
            self.items.append(_item(None, _on_line(at, number, dash_end, dash_end)))
            return
        value, is_text, style, begin, stop = scalar
        span = _new(Span, (at + begin, at + stop, number, begin + 1, number, stop + 1))
        self.items.append(_new(FrontmatterItem, (value, span)))
        if is_text and "[[" in value:
            self.links += scalar_links(
                self.text, self.index, self.open[0], at + begin, at + stop, style, value
            )

    def close(self, next_token: int) -> None:
        """End the open entry: a null, or the block list that ends where the next token is."""
        if self.open is None:
            return
        name, key_span, colon_end = self.open
        if self.items:
            span = make_span(self.index, self.list_start, next_token)
            values = [item.value for item in self.items]
            self.entries.append(_entry(name, values, key_span, span, tuple(self.items)))
            self.items = []
        else:
            span = _on_line(key_span.start, key_span.line, colon_end, colon_end)
            self.entries.append(_entry(name, None, key_span, span))
        self.open = None

    def flow_list(
        self, line: str, opening: int, at: int, number: int, name: str, key_span: Span
    ) -> None:
        """A one-line ``[a, 'b', "c"]`` value."""
        items: list[FrontmatterItem] = []
        size = len(line)
        position = opening + 1
        while True:
            position = skip_spaces(line, position)
            if position >= size:
                raise NotSimple("flow list over lines")
            if line[position] == "]":  # empty, or after a trailing comma (YAML allows it)
                break
            value, is_text, style, begin, stop = flow_scalar(line, position)
            items.append(_item(value, _on_line(at, number, begin, stop)))
            if is_text and "[[" in value:
                self.links += scalar_links(
                    self.text, self.index, name, at + begin, at + stop, style, value
                )
            position = skip_spaces(line, stop)
            if position >= size:
                raise NotSimple("flow list over lines")
            if line[position] == "]":
                break
            if line[position] != ",":
                raise NotSimple("flow list")
            position += 1
        closing = position + 1
        only_comment(line, closing)
        span = _on_line(at, number, opening, closing)
        values = [item.value for item in items]
        self.entries.append(_entry(name, values, key_span, span, tuple(items)))


_KEY, _ITEM, _OTHER = "key", "item", "other"
#: What the commonest lines say, by their text (they recur: ``tags:``, ``  - project``):
#: ``(_KEY, name, key length, colon end, scalar or None)``, ``(_ITEM, indent, scalar)`` or
#: ``(_OTHER,)`` for a line the general path reads. Values are immutable, as ``TYPED``'s.
_COMMON_LINES: dict[str, tuple[Any, ...]] = {}
_COMMON_LINES_MAX = 10_000


def _common_line(line: str) -> tuple[Any, ...]:
    """What ``line`` says if it is one of the commonest lines (raises :class:`NotSimple`
    as the reader would, and then nothing is remembered)."""
    common = _COMMON_KEY.fullmatch(line)
    # The commonest line, taken apart at once (libyaml wants a key's colon at most 1024
    # characters in; the general path asks libyaml beyond 1000).
    if common is not None and common.start(2) <= 1000:
        key, plain = common.group(1, 3)
        value, is_text = typed(key)
        name = value if is_text else str(value)
        scalar = None if plain is None else plain_scalar(plain, common.start(3))
        return (_KEY, name, len(key), common.end(2), scalar)
    common = _COMMON_ITEM.fullmatch(line)
    if common is not None:
        return (_ITEM, common.end(1), plain_scalar(common.group(2), common.start(2)))
    return (_OTHER,)


def _on_line(line_start: int, number: int, begin: int, stop: int) -> Span:
    """The span of columns ``[begin, stop)`` (0-based) of line ``number`` at ``line_start``."""
    fields = (line_start + begin, line_start + stop, number, begin + 1, number, stop + 1)
    return _new(Span, fields)


def _entry(
    name: str, value: Any, key_span: Span, span: Span, items: tuple[FrontmatterItem, ...] = ()
) -> FrontmatterEntry:
    return _new(FrontmatterEntry, (name, value, key_span, span, items))


def _item(value: Any, span: Span) -> FrontmatterItem:
    return _new(FrontmatterItem, (value, span))
