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

from typing import Any

from vaultcheck.core.model import FrontmatterEntry, FrontmatterItem, Link, Span, key_place
from vaultcheck.parse.text import LineIndex
from vaultcheck.parse.yamlline import (
    COMMON_LINES,
    INDICATORS,
    ITEM,
    KEY,
    NotSimple,
    Scalar,
    block_scalar,
    flow_scalar,
    only_comment,
    refused,
    remember_line,
    remembered,
    skip_spaces,
)
from vaultcheck.parse.yamlscalar import scalar_links

#: ``tuple.__new__(Span, fields)`` builds the model's tuples without the Python ``__new__``
#: ``NamedTuple`` generates (as ``text.make_span`` does), with every field given in order.
_new = tuple.__new__


def read_simple(
    text: str, start: int, end: int, index: LineIndex
) -> tuple[tuple[FrontmatterEntry, ...], list[Link]] | None:
    """The entries and links of the YAML ``text[start:end]`` of a frontmatter (``start``
    the start of the text's second line, after the opening ``---``), or ``None`` when it
    is not the simple kind (then compose it)."""
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
        # The entry whose key had no value on its line: null, or a block list's items follow;
        # its name, key span, column past the colon, and whether the key is written as its
        # name (its key span then one line's first ``len(name)`` columns: see close()).
        self.open: tuple[str, Span, int, bool] | None = None
        self.items: list[FrontmatterItem] = []
        self.list_start = 0
        self.list_indent = -1
        self.list_line = 0  # 1-based line of the open list's first item

    def read(self, start: int, end: int) -> tuple[tuple[FrontmatterEntry, ...], list[Link]]:
        yaml = self.text[start:end]
        if refused(yaml):
            raise NotSimple("character")
        crlf = "\r" in yaml
        if crlf and yaml.count("\r") != yaml.count("\r\n"):
            raise NotSimple("lone CR")
        number = 2  # (the YAML starts on the line after the opening ``---``, the first)
        at = start
        entries = self.entries
        common_lines = COMMON_LINES
        # The two commonest lines (a key with its value or none, an item), read once per
        # distinct text, are built here; any other line goes to other_line().
        for line in yaml.split("\n"):
            size = len(line) + 1
            if crlf and line.endswith("\r"):
                line = line[:-1]
            if line:
                common = common_lines.get(line)
                if common is None:
                    common = remember_line(line)
                kind = common[0]
                if kind is KEY:
                    _, name, key_length, colon_end, scalar = common
                    if self.open is not None:
                        self.close(at, number)
                    if scalar is None:
                        key_span = _on_line(at, number, 0, key_length)
                        self.open = (name, key_span, colon_end, key_length == len(name))
                    else:
                        value, is_text, style, begin, stop = scalar
                        span = _new(
                            Span, (at + begin, at + stop, number, begin + 1, number, stop + 1)
                        )
                        # The key at the line's start, its value ``begin`` characters on
                        # (as key_place says for a key written as its name).
                        key_at: Span | int = begin
                        if key_length != len(name):
                            key_at = _on_line(at, number, 0, key_length)
                        entries.append(_new(FrontmatterEntry, (name, value, key_at, span, ())))
                        if is_text and "[[" in value:
                            self.links += scalar_links(
                                self.text, self.index, name, at + begin, at + stop, style, value
                            )
                elif kind is ITEM:
                    indent = common[1]
                    if self.open is None:
                        raise NotSimple("item")
                    items = self.items
                    if not items:
                        self.list_indent, self.list_start = indent, at + indent
                        self.list_line = number
                    elif indent != self.list_indent:
                        raise NotSimple("indentation")
                    value, is_text, style, begin, stop = common[2]
                    span = _new(Span, (at + begin, at + stop, number, begin + 1, number, stop + 1))
                    items.append(_new(FrontmatterItem, (value, span)))
                    if is_text and "[[" in value:
                        self.links += scalar_links(
                            self.text, self.index, self.open[0], at + begin, at + stop, style, value
                        )
                else:
                    self.other_line(line, at, number)
            at += size
            number += 1
        # (The YAML ends where the closing line starts: on the line before the count's.)
        self.close(end, number - 1)
        return tuple(entries), self.links

    def other_line(self, line: str, at: int, number: int) -> None:
        """A line that is not one of the two commonest kinds."""
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
            self.open = (name, key_span, colon + 1, len(key) == len(name))
        elif line[found] == "[":
            self.flow_list(line, found, at, number, name, key_span)
        else:
            self.scalar_entry(name, key_span, block_scalar(line, found), at, number)

    def key(self, key: str, at: int, number: int) -> tuple[str, Span]:
        """A new entry's name and key span (the open one ends here)."""
        self.close(at, number)
        value, is_text = remembered(key)
        return (value if is_text else str(value)), _on_line(at, number, 0, len(key))

    def scalar_entry(self, name: str, key_span: Span, scalar: Scalar, at: int, number: int) -> None:
        value, is_text, style, begin, stop = scalar
        span = _new(Span, (at + begin, at + stop, number, begin + 1, number, stop + 1))
        self.entries.append(_entry(name, value, key_span, span))
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
            self.list_line = number
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

    def close(self, next_token: int, line: int) -> None:
        """End the open entry: a null, or the block list that ends where the next token is
        (``next_token``, the start of 1-based ``line``)."""
        if self.open is None:
            return
        name, key_span, colon_end, plain = self.open
        items = self.items
        # What key_place() says, known here for a key written as its name at its line's start:
        # a null sits on the key's line past the colon; a block list starting on the next
        # line is that far below the key.
        if items:
            fields = (self.list_start, next_token, self.list_line, self.list_indent + 1, line, 1)
            span = _new(Span, fields)
            key_at: Span | int
            if plain and self.list_line == key_span[2] + 1:
                key_at = key_span[0] - self.list_start
            else:
                key_at = key_place(name, key_span, span)
            values = [item[0] for item in items]
            self.entries.append(_new(FrontmatterEntry, (name, values, key_at, span, tuple(items))))
            self.items = []
        else:
            span = _on_line(key_span[0], key_span[2], colon_end, colon_end)
            key_at = colon_end if plain else key_place(name, key_span, span)
            self.entries.append(_new(FrontmatterEntry, (name, None, key_at, span, ())))
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


def _on_line(line_start: int, number: int, begin: int, stop: int) -> Span:
    """The span of columns ``[begin, stop)`` (0-based) of line ``number`` at ``line_start``."""
    fields = (line_start + begin, line_start + stop, number, begin + 1, number, stop + 1)
    return _new(Span, fields)


def _entry(
    name: str, value: Any, key_span: Span, span: Span, items: tuple[FrontmatterItem, ...] = ()
) -> FrontmatterEntry:
    return _new(FrontmatterEntry, (name, value, key_place(name, key_span, span), span, items))


def _item(value: Any, span: Span) -> FrontmatterItem:
    return _new(FrontmatterItem, (value, span))
