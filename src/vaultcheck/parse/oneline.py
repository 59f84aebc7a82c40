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
from vaultcheck.parse.inlinescan import markdown_link_at
from vaultcheck.parse.linksyntax import split_wikilink
from vaultcheck.parse.mdrules import MAX_LINK_LENGTH, Found, match_tag
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
    column, base, limit = origin(source, content, first, mode, raw_index)
    line = first + 1
    links = parser.result.links
    for kind, start, end, data in found:
        s = base + start
        e = base + end
        if column + start < 0 or e >= limit:  # clamped to the line's start, or off it
            record_clamped(kind, start, end, data, base, column, raw_index, parser)
            continue
        span: Span = _new(Span, (s, e, line, column + start + 1, line, column + end + 1))
        if kind == "wikilink" or kind == "embed":
            open_end, inner = data
            target = s + open_end - start
            links.append(link_of(kind == "embed", inner, span, target))
        elif kind == "tag":
            parser.result.tags.append(_new(Tag, (data, span, False)))
        else:
            parser.record(kind, span, data)


def scan_and_place(
    src: str,
    source: str,
    first: int,
    mode: str,
    raw_index: LineIndex,
    parser: Recorder,
    markdown_links: bool = False,
) -> bool:
    """:func:`place` of what ``inlinescan.scan`` finds in ``src``, one line holding no
    ``< ^ \\n`` and no two backticks in a row (``inlinescan.links_and_tags_only``): the
    scan's loop for wikilinks, embeds and tags past code spans of single backticks, each
    finding built where it is found, with no list of findings in between (a fifth of
    scanning and placing the generated vault's texts; the multilingual vault's prose quotes
    commands in code spans). With ``markdown_links`` the text may hold ``](`` too, and the
    loop reads a plain ``[text](destination)`` with ``inlinescan.markdown_link_at``; where
    that gives up (an image, a title, a space in the destination, ...) it takes back what
    it recorded and answers ``False``, and the text goes the general way."""
    # origin() written out for the commonest text, a whole line that is not the last.
    raw_starts = raw_index.table
    if source == src and first + 1 < len(raw_starts):
        column, base, limit = 0, raw_starts[first], raw_starts[first + 1]
    else:
        column, base, limit = origin(source, src, first, mode, raw_index)
    if markdown_links:
        return _with_markdown_links(src, first + 1, column, base, limit, raw_index, parser)
    line = first + 1
    tags = parser.result.tags
    find = src.find
    # The scan's candidates here are ``[[`` (an embed when a ``!`` not yet passed stands
    # before it), ``#`` and a backtick (no autolink, block id or Markdown link can start in
    # such a text, and a ``[`` or ``!`` opening no wikilink is passed over): whichever comes
    # first, each found with ``str.find`` (a ``memchr`` for one character) and looked for
    # again only once passed. None left is ``size``, past every position: ``find(...) %
    # wrap`` turns its ``-1`` into that, so the next candidate is the least of the three
    # without a test for ``-1`` (a third of the loop's steps in a text of code spans).
    size = len(src)
    wrap = size + 1
    bracket = find("[[") % wrap
    hash_at = find("#") % wrap if "#" in src else size  # (``in``: a quicker call)
    tick = find("`") % wrap if "`" in src else size
    pos = 0
    while bracket < size or hash_at < size:
        if tick < bracket and tick < hash_at:
            # A code span first: every run of backticks here is one long (no two in a row),
            # so the next backtick closes it; a last one opens nothing. (Before an embed's
            # ``!``, a backtick is also before its ``[[``: it is not that ``!``.)
            close = find("`", tick + 1)
            if close == -1:
                pos = tick + 1
                tick = size
            else:
                pos = close + 1
                tick = find("`", pos) % wrap
            if bracket < pos:
                bracket = find("[[", pos) % wrap
            if hash_at < pos:
                hash_at = find("#", pos) % wrap
            continue
        if hash_at < bracket:  # (nor is a ``#`` that ``!``)
            at = hash_at
            tag = match_tag(src, at)
            if tag is None:
                pos = at + 1
            else:
                pos = tag.end()
                s, e = base + at, base + pos
                if column + at < 0 or e >= limit:
                    record_clamped("tag", at, pos, tag.group(1), base, column, raw_index, parser)
                else:
                    span = _new(Span, (s, e, line, column + at + 1, line, column + pos + 1))
                    tags.append(_new(Tag, (tag.group(1), span, False)))
            hash_at = find("#", pos) % wrap
            if bracket < pos:  # (a tag holds no ``[`` nor backtick: kept for the scan's sake)
                bracket = find("[[", pos) % wrap
            if tick < pos:
                tick = find("`", pos) % wrap
            continue
        embed = bracket > pos and src[bracket - 1] == "!"
        at = bracket - 1 if embed else bracket
        open_end = bracket + 2
        close = find("]]", open_end, open_end + MAX_LINK_LENGTH)
        if close != -1 and "[[" not in (inner := src[open_end:close]):
            pos = close + 2
            place_wikilink(
                embed, inner, at, pos, open_end, line, column, base, limit, raw_index, parser
            )
        else:  # no wikilink (an embed's ``!`` passed: the ``[[`` is tried as a wikilink)
            pos = at + 1
        if bracket < pos:
            bracket = find("[[", pos) % wrap
        if hash_at < pos:
            hash_at = find("#", pos) % wrap
        if tick < pos:
            tick = find("`", pos) % wrap
    return True


def _with_markdown_links(
    src: str,
    line: int,
    column: int,
    base: int,
    limit: int,
    raw_index: LineIndex,
    parser: Recorder,
) -> bool:
    """:func:`scan_and_place` of a text that may hold Markdown links, on 1-based ``line``
    from ``column`` (file offset ``base``, ``limit`` as :func:`origin` says)."""
    links = parser.result.links
    tags = parser.result.tags
    # (what to take back when the scan gives up, which only Markdown links make it do)
    kept_links, kept_tags = len(links), len(tags)
    find = src.find
    # The scan's candidates here are ``[``, ``!``, ``#`` and a backtick (no autolink or block
    # id can start in such a text): every ``[`` is a candidate, and ``close_at`` is the next
    # ``](``; each looked for again only once passed.
    opener = "["
    pos = 0
    bracket = find(opener)
    hash_at = find("#") if "#" in src else -1
    tick = find("`") if "`" in src else -1
    close_at = find("](")
    while bracket != -1 or hash_at != -1:
        if bracket != -1 and bracket < pos:
            bracket = find(opener, pos)
        if hash_at != -1 and hash_at < pos:
            hash_at = find("#", pos)
        at = bracket - 1 if bracket > pos and src[bracket - 1] == "!" else bracket
        if at == -1 and hash_at == -1:
            break
        if tick != -1 and tick < pos:
            tick = find("`", pos)
        if tick != -1 and (at == -1 or tick < at) and (hash_at == -1 or tick < hash_at):
            # A code span first: every run of backticks here is one long (no two in a row),
            # so the next backtick closes it; a last one opens nothing.
            close = find("`", tick + 1)
            pos = tick + 1 if close == -1 else close + 1
            continue
        if hash_at != -1 and (at == -1 or hash_at < at):
            at = hash_at
            tag = match_tag(src, at)
            if tag is None:
                pos = at + 1
                continue
            pos = tag.end()
            s, e = base + at, base + pos
            if column + at < 0 or e >= limit:
                record_clamped("tag", at, pos, tag.group(1), base, column, raw_index, parser)
                continue
            span = _new(Span, (s, e, line, column + at + 1, line, column + pos + 1))
            tags.append(_new(Tag, (tag.group(1), span, False)))
            continue
        embed = at != bracket  # a ``!`` before the ``[``
        if src.startswith("[[", bracket):  # a wikilink or an embed, as the scan reads them
            open_end = bracket + 2
            close = find("]]", open_end, open_end + MAX_LINK_LENGTH)
            if close != -1 and "[[" not in (inner := src[open_end:close]):
                pos = close + 2
                place_wikilink(
                    embed, inner, at, pos, open_end, line, column, base, limit, raw_index, parser
                )
                continue
        if close_at != -1 and close_at < at:
            close_at = find("](", at)
        if close_at == -1:  # (no ``](`` past this ``[``)
            pos = at + 1  # no Markdown link or image can start here
            continue
        markdown = markdown_link_at(src, at)  # (none at a ``!``: an image)
        if markdown is None:  # an image, or not a plain link: the scan gives up
            del links[kept_links:]
            del tags[kept_tags:]
            return False
        pos = markdown[2]
        s, e = base + at, base + pos
        if column + at < 0 or e >= limit:
            record_clamped("link", at, pos, markdown[3], base, column, raw_index, parser)
            continue
        span = _new(Span, (s, e, line, column + at + 1, line, column + pos + 1))
        parser.record("link", span, markdown[3])
    return True


def origin(
    source: str, content: str, first: int, mode: str, raw_index: LineIndex
) -> tuple[int, int, int]:
    """The content's column on its line, the file offset of its start, and the offset past
    which a span leaves the line (``-1``: every span does)."""
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
    return column, base + column, limit


def record_clamped(
    kind: str,
    start: int,
    end: int,
    data: object,
    base: int,
    column: int,
    raw_index: LineIndex,
    parser: Recorder,
) -> None:
    """Record a finding whose span is clamped to its line's start or leaves the line."""
    line_start = base - column
    a = line_start + max(0, column + start)
    b = line_start + max(0, column + end)
    parser.record(kind, make_span(raw_index, a, b), data)


def place_wikilink(
    embed: bool,
    inner: str,
    at: int,
    end: int,
    open_end: int,
    line: int,
    column: int,
    base: int,
    limit: int,
    raw_index: LineIndex,
    parser: Recorder,
) -> None:
    """Record the wikilink (or embed) found at ``at`` to ``end`` of a one-line text whose
    inside ``inner`` starts at ``open_end``, on 1-based ``line`` from ``column`` (file offset
    ``base``, ``limit`` as :func:`origin` says): built here, or placed the general way when
    its span is clamped. (One for both of :func:`scan_and_place`'s loops.)"""
    s, e = base + at, base + end
    if column + at < 0 or e >= limit:
        kind = "embed" if embed else "wikilink"
        record_clamped(kind, at, end, (open_end, inner), base, column, raw_index, parser)
        return
    span = _new(Span, (s, e, line, column + at + 1, line, column + end + 1))
    parser.result.links.append(link_of(embed, inner, span, base + open_end))


def link_of(embed: bool, inner: str, span: Span, target: int) -> Link:
    """The link of a wikilink or embed at ``span`` whose inside ``inner`` starts at offset
    ``target``, as findings.wikilink builds it (the target's span follows from the link's
    own)."""
    headings: tuple[str, ...]
    block: str | None
    text: str | None
    if "|" not in inner and "#" not in inner and inner == inner.strip():
        # The commonest finding: the whole inside is the target.
        name, headings, block, text = inner, (), None, None
    elif (
        (bar := inner.find("|")) > 0
        and inner[bar - 1] != "\\"
        and "#" not in (path := inner[:bar])
        and path == path.strip()
    ):  # the next commonest, ``[[target|text]]``: what split_wikilink says of it
        name, headings, block, text = path, (), None, inner[bar + 1 :]
    else:
        name, headings, block, text, lead, _ = split_wikilink(inner)
        target += lead
    # The target's distance from the span's start (``Link.target_at``), which also gives
    # its column: the span lies on one line and its columns follow its offsets (both
    # callers compute them from the same base).
    fields = (
        _EMBED if embed else _WIKILINK,
        name,
        span,
        headings,
        block,
        text,
        embed,
        None,
        target - span.start,
    )
    return _new(Link, fields)
