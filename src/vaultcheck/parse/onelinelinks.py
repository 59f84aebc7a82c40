"""One-line inline texts that may hold plain Markdown links, scanned and placed in one loop.

:func:`vaultcheck.parse.oneline.scan_and_place` reads a text whose findings can only be
wikilinks, embeds and tags. A text also holding ``](`` may hold a Markdown link: at each
``[`` that opens no wikilink, with a ``](`` after it, the inline scan
(:mod:`vaultcheck.parse.inlinescan`) reads a plain ``[text](destination)`` or gives up
(an image, a title, brackets or a space in the destination, ...). :func:`scan_and_place`
is that scan with the placing of :func:`vaultcheck.parse.oneline.place`, each finding
recorded as found; where the scan gives up it takes back what it recorded and answers
``False``, and the text goes the general way. ``tests/test_inline_placement.py`` holds it
to ``inlinescan.scan_text`` then ``oneline.place``.
"""

from __future__ import annotations

from vaultcheck.core.model import Span, Tag
from vaultcheck.parse.inlinescan import markdown_link_at
from vaultcheck.parse.mdrules import MAX_LINK_LENGTH, match_tag
from vaultcheck.parse.oneline import Recorder, link_of, origin, record_clamped
from vaultcheck.parse.text import LineIndex

_new = tuple.__new__


def scan_and_place(
    src: str, source: str, first: int, mode: str, raw_index: LineIndex, parser: Recorder
) -> bool:
    """Record what the inline scan finds in ``src`` (one line holding no ``< ^ \\n``, no two
    backticks in a row: ``oneline.scan_and_place``'s texts, ``](`` allowed), placed as
    ``oneline.place`` places it; ``False``, with nothing recorded, where the scan gives up."""
    column, base, limit = origin(source, src, first, mode, raw_index)
    line = first + 1
    links = parser.result.links
    tags = parser.result.tags
    kept_links, kept_tags = len(links), len(tags)
    find = src.find
    # As oneline's loop, but every ``[`` is a candidate (a Markdown link's or a wikilink's),
    # and ``close_at`` is the next ``](``, looked for again only once the scan passes it.
    pos = 0
    bracket = find("[")
    hash_at = find("#")
    tick = find("`")
    close_at = find("](")
    while bracket != -1 or hash_at != -1:
        if bracket != -1 and bracket < pos:
            bracket = find("[", pos)
        if hash_at != -1 and hash_at < pos:
            hash_at = find("#", pos)
        at = bracket - 1 if bracket > pos and src[bracket - 1] == "!" else bracket
        if at == -1 and hash_at == -1:
            break
        if tick != -1 and tick < pos:
            tick = find("`", pos)
        if tick != -1 and (at == -1 or tick < at) and (hash_at == -1 or tick < hash_at):
            close = find("`", tick + 1)  # (runs of one backtick: the next one closes)
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
        if src.startswith("[[", bracket):
            open_end = bracket + 2
            close = find("]]", open_end, open_end + MAX_LINK_LENGTH)
            if close != -1 and "[[" not in (inner := src[open_end:close]):
                pos = close + 2
                s, e = base + at, base + pos
                if column + at < 0 or e >= limit:
                    kind = "embed" if embed else "wikilink"
                    data = (open_end, inner)
                    record_clamped(kind, at, pos, data, base, column, raw_index, parser)
                    continue
                span = _new(Span, (s, e, line, column + at + 1, line, column + pos + 1))
                links.append(link_of(embed, inner, span, base + open_end, column + open_end + 1))
                continue
        if close_at != -1 and close_at < at:
            close_at = find("](", at)
        if close_at == -1:
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
