"""What the body parser found: the lists it fills, and links built from placed findings.

:mod:`vaultcheck.parse.body` places each finding in the file (its :class:`Span`); this
module holds the :class:`BodyResult` it fills and turns a placed wikilink or Markdown link
into the :class:`Link` the rules read. Links are built with
``tuple.__new__`` (every field given in order), which skips the Python ``__new__`` that
``NamedTuple`` generates: a vault has one or more links per paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultcheck.core.model import BlockId, Citation, Heading, Link, LinkKind, Span, Tag
from vaultcheck.parse.linksyntax import is_external, split_destination, split_wikilink
from vaultcheck.parse.text import LineIndex, make_span

if TYPE_CHECKING:
    from markdown_it.token import Token

_new = tuple.__new__


@dataclass
class BodyResult:
    """What the body holds, with spans in the original text."""

    links: list[Link] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    comments: list[tuple[Span, str]] = field(default_factory=list)
    #: Openings of ``%%`` or ``<!--`` comments that are never closed.
    unclosed_comments: list[Span] = field(default_factory=list)

    def absorb(self, other: BodyResult) -> None:
        """Add what ``other`` found (the text after a closing ``%%``, parsed again)."""
        for name in ("links", "tags", "headings", "block_ids", "citations", "comments"):
            getattr(self, name).extend(getattr(other, name))
        self.unclosed_comments += other.unclosed_comments


def wikilink(kind: str, span: Span, data: object, index: LineIndex) -> Link:
    """The link of a ``[[...]]`` (``kind`` ``wikilink``) or ``![[...]]`` (``embed``) at
    ``span``; ``data`` is the rule's (inner start, inner text)."""
    assert isinstance(data, tuple)
    inner: str = data[1]
    embed = kind == "embed"
    target_start = span.start + (3 if embed else 2)
    link_kind = LinkKind.EMBED if embed else LinkKind.WIKILINK
    if "|" not in inner and "#" not in inner and inner == inner.strip():
        # Most links: the whole inside is the target (what split_wikilink would say).
        target_at = _within(span, target_start, target_start + len(inner), index)
        plain = (link_kind, inner, span, (), None, None, embed, None, target_at)
        return _new(Link, plain)
    parts = split_wikilink(inner)
    target_start += parts.target_start
    target_at = _within(span, target_start, target_start + len(parts.target), index)
    fields = (
        link_kind,
        parts.target,
        span,
        parts.headings,
        parts.block,
        parts.text,
        embed,
        None,
        target_at,
    )
    return _new(Link, fields)


def _within(span: Span, start: int, end: int, index: LineIndex) -> Span | int:
    """Where ``[start, end)``, a part of ``span`` holding a link's target, is, as
    ``Link.target_at`` holds it: on a span of one line, whose columns follow from its
    offsets, the target's distance from the span's start (``Link.target_span`` makes the
    span from it when asked); else (a span clamped to the text's end, whose columns do not
    follow its offsets) :func:`make_span` of it."""
    if (
        span.line == span.end_line
        and span.start <= start <= end <= span.end
        and span.end - span.start == span.end_column - span.column
    ):
        return start - span.start
    return make_span(index, start, end)


def markdown_link(kind: str, span: Span, data: object, written: str) -> Link | None:
    """The link of a Markdown link or image (``kind`` ``link`` or ``image``, ``data`` its
    inline tokens, or ``(href, text)`` for a plain link the inline scan read) written as
    ``written`` at ``span``; ``None`` when Obsidian indexes none (reference-style links,
    external destinations)."""
    if not written.endswith(")"):
        return None  # reference-style links are not indexed by Obsidian
    if isinstance(data, tuple):
        href, label = data
    else:
        assert isinstance(data, list) and data
        first = next(t for t in data if t.type in ("link_open", "image"))
        href = first.attrGet("src" if kind == "image" else "href")
        label = first.content if kind == "image" else _label(data)
    if not isinstance(href, str) or is_external(href):
        return None
    parts = split_destination(href)
    return Link(
        kind=LinkKind.MARKDOWN,
        target=parts.target,
        span=span,
        headings=parts.headings,
        block=parts.block,
        text=label,
        embed=kind == "image",
    )


def _label(tokens: list[Token]) -> str:
    start = next(i for i, t in enumerate(tokens) if t.type == "link_open")
    return "".join(t.content for t in tokens[start + 1 :] if t.type in ("text", "code_inline"))
