"""A ``.canvas`` file (JSON Canvas 1.0) as a :class:`~vaultcheck.model.Note` of links.

A canvas holds nodes: ``file`` cards (``file``: a vault path, ``subpath``: ``#Heading`` or
``#^block``), ``text`` cards (``text``: Markdown), ``link`` cards (a URL) and groups (with an
optional ``background`` image path). File cards and backgrounds are links from the canvas to
their file; the Markdown of text cards is parsed as a note body, so its ``[[links]]`` are the
canvas's links too. Every position points into the JSON: a file card at its ``file`` value, a
link in a text card at its characters inside the JSON string (escapes such as ``\\n``
accounted for). Invalid JSON gives a note without links; CNV001 reports it (:func:`json_error`).
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from vaultcheck.core.model import Link, LinkKind, Note, Span
from vaultcheck.parse.body import parse_body
from vaultcheck.parse.text import LineIndex, make_span


def is_canvas(path: str) -> bool:
    """Whether Obsidian opens the file as a canvas."""
    return path.lower().endswith(".canvas")


class JsonProblem(NamedTuple):
    """Why a canvas is not JSON Canvas: a message and where (1-based line and column)."""

    message: str
    line: int
    column: int


def json_text(text: str) -> str:
    """The text JSON reads: a leading BOM as a space, which keeps every offset. Obsidian
    drops the BOM when it reads a file (``Vault.read``), so a canvas saved with one opens;
    JSON itself forbids it, and ``json.loads`` refuses it."""
    return " " + text[1:] if text.startswith("\ufeff") else text


def json_error(text: str) -> JsonProblem | None:
    """The JSON error of a canvas's text, or ``None`` when it is valid JSON Canvas."""
    text = json_text(text)
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as err:
        return JsonProblem(f"Invalid JSON: {err.msg}", err.lineno, err.colno)
    except RecursionError:
        return JsonProblem("Invalid JSON: nested too deeply", 1, 1)
    if not isinstance(data, dict):
        return JsonProblem("Not a JSON Canvas: the file must hold an object", 1, 1)
    if not isinstance(data.get("nodes", []), list):
        return JsonProblem("Not a JSON Canvas: `nodes` must be a list", 1, 1)
    return None


def parse_canvas(text: str, index: LineIndex, path: str, *, fast: bool = True) -> Note:
    """The canvas's links: file cards and the links of text cards, with JSON positions
    (``fast=False``: text cards parsed by markdown-it-py alone, as ``parse_note``'s)."""
    note = Note(path=path, text=text, line_starts=index.starts)
    if json_error(text) is not None:
        return note
    try:
        root = _Reader(json_text(text)).document()
    except (ValueError, RecursionError):
        return note  # json.loads accepted it, so this cannot happen; be safe anyway
    nodes = root.get("nodes")
    links: list[Link] = []
    for node in nodes[0] if nodes is not None and isinstance(nodes[0], list) else ():
        fields = node[0] if isinstance(node[0], dict) else {}
        kind = fields.get("type")
        if kind is not None and kind[0] == "file":
            links.extend(_file_card(fields, "file", index))
        elif kind is not None and kind[0] == "group":
            links.extend(_file_card(fields, "background", index))  # an image behind the group
        elif kind is not None and kind[0] == "text":
            links.extend(_text_card(fields, text, index, fast))
    return note._replace(links=tuple(links))


def _file_card(fields: dict[str, Any], key: str, index: LineIndex) -> list[Link]:
    """The link of a file card (``key`` ``file``) or of a group's background image."""
    found = fields.get(key)
    if found is None or not isinstance(found[0], str) or not found[0]:
        return []
    target, start, end = found
    span = make_span(index, start, end)
    subpath = fields.get("subpath")
    headings: tuple[str, ...] = ()
    block = None
    if subpath is not None and isinstance(subpath[0], str) and subpath[0].startswith("#"):
        parts = [part for part in subpath[0][1:].split("#") if part]
        if len(parts) == 1 and parts[0].startswith("^"):
            block = parts[0][1:]
        else:
            headings = tuple(parts)
    target_span = make_span(index, start + 1, end - 1)
    return [Link(LinkKind.CANVAS, target, span, headings, block, target_at=target_span)]


def _text_card(fields: dict[str, Any], text: str, index: LineIndex, fast: bool) -> list[Link]:
    found = fields.get("text")
    if found is None or not isinstance(found[0], str):
        return []
    markdown, start, end = found
    offsets = _decoded_offsets(text, start, end)
    body = parse_body(markdown, 0, LineIndex(markdown), fast=fast)
    return [
        link._replace(
            span=_mapped(link.span, offsets, index),
            target_at=_mapped(target, offsets, index) if (target := link.target_span) else None,
        )
        for link in body.links
    ]


def _mapped(span: Span, offsets: list[int], index: LineIndex) -> Span:
    return make_span(index, offsets[span.start], offsets[span.end])


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)


def _decoded_offsets(text: str, start: int, end: int) -> list[int]:
    """For each character of the decoded JSON string at ``text[start:end]`` (quotes
    included), the offset of its source in ``text``; one more for the closing quote."""
    offsets: list[int] = []
    position = start + 1
    stop = end - 1
    while position < stop:
        offsets.append(position)
        if text[position] != "\\":
            position += 1
            continue
        escape = _ESCAPE.match(text, position)
        assert escape is not None
        position = escape.end()
        code = escape.group(1)
        if code.startswith("u") and 0xD800 <= int(code[1:], 16) < 0xDC00:
            low = _ESCAPE.match(text, position)
            if low is not None and low.group(1).startswith("u"):
                position = low.end()  # a surrogate pair is one character
    offsets.append(stop)
    return offsets


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WHITE = re.compile(r"[ \t\r\n]*")


class _Reader:
    """A JSON reader that keeps where each value is: an object becomes ``{key: (value, start,
    end)}``, other values as :mod:`json` reads them. Used only on text ``json`` accepted."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def document(self) -> dict[str, Any]:
        value, _, _ = self.value()
        return value if isinstance(value, dict) else {}

    def _skip(self) -> None:
        found = _WHITE.match(self.text, self.at)
        assert found is not None
        self.at = found.end()

    def value(self) -> tuple[Any, int, int]:
        self._skip()
        start, char = self.at, self.text[self.at]
        if char == "{":
            result: Any = self._object()
        elif char == "[":
            result = self._array()
        elif char == '"':
            result, self.at = json.decoder.scanstring(self.text, self.at + 1)  # type: ignore[attr-defined]
        else:
            for word, meaning in (("true", True), ("false", False), ("null", None)):
                if self.text.startswith(word, self.at):
                    self.at += len(word)
                    return meaning, start, self.at
            number = _NUMBER.match(self.text, self.at)
            if number is None:
                raise ValueError(f"unexpected {char!r}")
            self.at = number.end()
            result = json.loads(number.group())
        return result, start, self.at

    def _object(self) -> dict[str, tuple[Any, int, int]]:
        fields: dict[str, tuple[Any, int, int]] = {}
        self.at += 1
        self._skip()
        if self.text[self.at] == "}":
            self.at += 1
            return fields
        while True:
            key, _, _ = self.value()
            self._skip()
            self.at += 1  # the colon
            fields[str(key)] = self.value()
            self._skip()
            self.at += 1
            if self.text[self.at - 1] == "}":
                return fields

    def _array(self) -> list[tuple[Any, int, int]]:
        items: list[tuple[Any, int, int]] = []
        self.at += 1
        self._skip()
        if self.text[self.at] == "]":
            self.at += 1
            return items
        while True:
            items.append(self.value())
            self._skip()
            self.at += 1
            if self.text[self.at - 1] == "]":
                return items
