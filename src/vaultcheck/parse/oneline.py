"""Findings of inline text on one line placed in the file and built at once.

Most inline texts are a paragraph or heading of one line, the line itself or a part of it.
Their findings' columns then follow from the text's column on its line, so
:func:`place` builds their spans, and the commonest findings (wikilinks, embeds, tags)
themselves, without what the general placing in :mod:`vaultcheck.parse.body` goes through
(``Mapper.origins``, ``locate``, bisecting the line table). The result is the same
(``tests/test_inline_placement.py`` compares it with ``parse_note(..., fast=False)``);
a span it cannot be sure of is left to ``make_span``.
"""

from __future__ import annotations

from typing import Protocol

from vaultcheck.core.model import Link, LinkKind, Span, Tag
from vaultcheck.parse.findings import BodyResult
from vaultcheck.parse.linksyntax import split_wikilink
from vaultcheck.parse.mdrules import Found
from vaultcheck.parse.text import LineIndex, make_span

#: Builds a model tuple from all its fields in order, skipping ``NamedTuple``'s Python
#: ``__new__`` (as ``text.make_span`` does): a vault has hundreds of thousands of spans.
_new = tuple.__new__
_WIKILINK, _EMBED = LinkKind.WIKILINK, LinkKind.EMBED


class Recorder(Protocol):
    """Where placed findings go: the body's result, and its general recording."""

    result: BodyResult

    def record(self, kind: str, span: Span, data: object) -> None: ...


def place(
    found: list[Found],
    source: str,
    content: str,
    first: int,
    mode: str,
    raw_index: LineIndex,
    parser: Recorder,
) -> None:
    """Place the ``found`` of ``content``, a paragraph or heading text (``mode`` ``para`` or
    ``atx``) on 0-based line ``first`` whose text is ``source``, and record them."""
    if source == content:  # most paragraphs: the line itself
        column = 0
    else:
        column = source.rfind(content) if mode == "atx" and content else -1
        if column == -1:
            column = len(source.rstrip()) - len(content.rstrip())
    raw_starts = raw_index.table
    if first + 1 < len(raw_starts):
        base, limit = raw_starts[first], raw_starts[first + 1]
    elif first < len(raw_starts):
        base, limit = raw_starts[first], raw_index.line_start(first + 2) + 1
    else:  # past the text (no text has such a line): every span by make_span
        base, limit = raw_index.line_start(first + 1), -1
    line = first + 1
    base += column  # the file offset of the content's start
    links = parser.result.links
    for kind, start, end, data in found:
        s = base + start
        e = base + end
        if column + start < 0 or e >= limit:  # clamped to the line's start, or off it
            line_start = base - column
            a = line_start + max(0, column + start)
            b = line_start + max(0, column + end)
            parser.record(kind, make_span(raw_index, a, b), data)
            continue
        span: Span = _new(Span, (s, e, line, column + start + 1, line, column + end + 1))
        if kind == "wikilink" or kind == "embed":
            # As findings.wikilink builds it, the target's span following from the
            # link's own (on this line too).
            open_end, inner = data
            target = s + open_end - start
            target_column = column + open_end + 1
            embed = kind == "embed"
            headings: tuple[str, ...]
            block: str | None
            text: str | None
            if "|" not in inner and "#" not in inner and inner == inner.strip():
                # The commonest finding: the whole inside is the target.
                name, headings, block, text = inner, (), None, None
            else:
                name, headings, block, text, lead, _ = split_wikilink(inner)
                target += lead
                target_column += lead
            size = len(name)
            target_span = _new(
                Span,
                (target, target + size, line, target_column, line, target_column + size),
            )
            fields = (
                _EMBED if embed else _WIKILINK,
                name,
                span,
                headings,
                block,
                text,
                embed,
                None,
                target_span,
            )
            links.append(_new(Link, fields))
            continue
        elif kind == "tag":
            parser.result.tags.append(_new(Tag, (data, span, False)))
            continue
        parser.record(kind, span, data)
