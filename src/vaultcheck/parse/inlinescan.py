"""Inline text holding only wikilinks, embeds, tags, block ids and plain Markdown links,
scanned without markdown-it.

Tokenising inline text with markdown-it-py walks it character by character in Python. Most
inline text of a vault holds nothing but ``[[links]]``, ``![[embeds]]``, ``#tags``,
``^block-ids``, plain ``[text](note.md)`` links, code spans and autolinks among plain words:
no backslash escape, ``$math$``, ``%%`` comment, HTML, citation or image (they need one of
``\\ $ %% < @ ![``; at a ``<`` that opens no autolink, or a ``[`` followed by ``](`` that
does not open a plain link, the scan gives up), and no link reference definition in the
note. In such text markdown-it's only rules that can match are ours, the link, code span and
autolink rules, at the positions of ``[ ! # ^ ` <`` it reaches, so a scan for those
characters applying the same matchers (:mod:`vaultcheck.parse.mdrules`, markdown-it's own
link normalisation and validation) finds the same things at the same offsets. Anything else
goes to markdown-it-py (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from vaultcheck.parse import mdparser
from vaultcheck.parse.linkdest import normalize_link
from vaultcheck.parse.mdrules import MAX_LINK_LENGTH, Found, match_block_id, match_tag
from vaultcheck.parse.text import has_pair

#: Where one of our rules, a code span or an autolink may start.
CANDIDATE = re.compile(r"[\[!#^`<]")
_ANGLE = re.compile(r"[<>]")


def _autolink_end(src: str, start: int) -> int | None:
    """The end of the autolink (``<https://x>``, ``<a@b.c>``) at ``start``, as markdown-it's
    autolink rule reads it, or ``None`` if there is none (what follows ``<`` may then be
    HTML: left to markdown-it)."""
    close = _ANGLE.search(src, start + 1)
    if close is None or close.group() == "<":
        return None
    return close.end() if _autolink_valid(src[start + 1 : close.start()]) else None


@lru_cache(maxsize=4096)
def _autolink_valid(url: str) -> bool:
    """Whether markdown-it reads ``<url>`` as an autolink. Remembered: normalising a URL
    costs more than the rest of the scan of its text, and the same URLs recur in a vault
    (tldr's 2,120 autolinks name 561 URLs)."""
    from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE

    if AUTOLINK_RE.search(url) is not None:
        return mdparser.PARSER.validateLink(mdparser.PARSER.normalizeLink(url))
    if EMAIL_RE.search(url) is not None:
        return mdparser.PARSER.validateLink(mdparser.PARSER.normalizeLink("mailto:" + url))
    return False


class _Backticks:
    """Code spans as markdown-it-py reads them: a run of backticks opens one when a run of the
    same length follows (the last start of each run length is noted once per text, so a run
    that opens nothing costs no search)."""

    def __init__(self, src: str) -> None:
        self.src = src
        #: Whether every run is one backtick long: then the next backtick closes a span.
        self.single = "``" not in src
        self.last_run: dict[int, int] = {}
        if not self.single:
            for start, end in self._runs(0):
                self.last_run[end - start] = start

    def _runs(self, pos: int) -> Iterator[tuple[int, int]]:
        src = self.src
        while (start := src.find("`", pos)) != -1:
            pos = start + 1
            while pos < len(src) and src[pos] == "`":
                pos += 1
            yield start, pos

    def skip(self, start: int) -> int:
        """Where parsing resumes after the run of backticks at ``start``: past the code span
        it opens, or past the run itself."""
        if self.single:
            close = self.src.find("`", start + 1)
            return start + 1 if close == -1 else close + 1
        end = next(self._runs(start))[1]
        if self.last_run.get(end - start, -1) >= end:
            for close, close_end in self._runs(end):
                if close_end - close == end - start:
                    return close_end
        return end


def scan(src: str, env: dict[str, object]) -> list[Found] | None:
    """What markdown-it with :mod:`vaultcheck.parse.mdrules` records for ``src``, or ``None``
    when ``src`` may hold a construct this scan does not know (or the note defines link
    references, which turn ``[text]`` into links)."""
    return _scan(src) if scannable(src, env) else None


def scannable(src: str, env: dict[str, object]) -> bool:
    """Whether :func:`scan` scans ``src`` (else it answers ``None``)."""
    return not (
        "references" in env
        or _not_simple(src)
        or "%%" in src
        or ("`" in src and not _code_spans_agree())
    )


def _not_simple(src: str) -> bool:
    """Whether ``src`` holds what another inline rule (escape, math, comment, HTML,
    autolink, citation) needs to match: ``\\ $ @``. (A Markdown link or image also needs
    ``](``, tested apart.) Three ``in`` tests, each a ``memchr``: a regular expression's
    character class took 10 us on a note of 3 KB, more than the rest of its checks."""
    return "\\" in src or "$" in src or "@" in src


def links_and_tags_only(src: str) -> bool:
    """Whether the scan of ``src`` can find nothing but wikilinks, embeds and tags, and never
    gives up: no autolink, block id or Markdown link can start in it (at a ``[`` or ``!``
    opening no wikilink the scan then moves on), and a code span only of single backticks
    (no two in a row: the next backtick closes one)."""
    return "``" not in src and "<" not in src and "^" not in src and "](" not in src


def scan_all(note_text: str, env: dict[str, object]) -> bool:
    """Whether :func:`scan` would pass every inline text of a note on to its scan, judged
    once from the whole text markdown-it reads (``note_text``) and the env of its block
    parse: an inline text holds only characters of the note in the note's order (markers,
    indentation and escapes are taken out, lines joined by line breaks), so what the note
    lacks, none of its texts holds. Then :func:`scan_text` may be called instead."""
    return scan_all_but_comments(note_text, env) and not has_pair(note_text, "%%")


def scan_all_but_comments(note_text: str, env: dict[str, object]) -> bool:
    """:func:`scan_all` but for ``%%``: whether :func:`scan` passes on every inline text
    of the note that holds no ``%%``."""
    return (
        "references" not in env
        and not _not_simple(note_text)
        and ("`" not in note_text or _code_spans_agree())
    )


def scan_text(src: str) -> list[Found] | None:
    """:func:`scan` for an inline text of a note :func:`scan_all` passed."""
    return _scan(src)


#: A Markdown link whose text and destination hold nothing another rule reads: no brackets,
#: escapes, entities, code, HTML, math, comments, tags, block ids or citations in the text;
#: no spaces, parentheses, quotes, escapes or entities in the destination, no title.
_PLAIN_LINK = re.compile(r"\[([^\[\]\\`<>!#^%$@&\n]*)\]\(([^\s()<>\\\"'&`\x00-\x1f\x7f]+)\)")


def markdown_link_at(src: str, start: int) -> Found | None:
    """A plain ``[text](destination)`` at ``start`` as markdown-it's link rule (as wrapped
    by :mod:`vaultcheck.parse.mdrules`) finds it, or ``None`` if it is not one. Its data is
    ``(href, text)``, what ``findings.markdown_link`` reads of the rule's tokens."""
    match = _PLAIN_LINK.match(src, start)
    if match is None:
        return None
    href = _valid_href(match.group(2))
    if href is None:
        return None
    return ("link", start, match.end(), (href, match.group(1)))


@lru_cache(maxsize=4096)
def _valid_href(destination: str) -> str | None:
    """A link destination as markdown-it normalises it, or ``None`` if it refuses it.
    Remembered, as :func:`_autolink_valid`: links to the same note recur."""
    href = normalize_link(destination)
    return href if mdparser.PARSER.validateLink(href) else None


def _scan(src: str) -> list[Found] | None:
    found: list[Found] = []
    backticks: _Backticks | None = None
    search = CANDIDATE.search
    pos = 0
    # The next ``](`` at or after the scan, looked for again only once the scan passes it:
    # a search from every ``[`` is quadratic in a text of many (1 MB of ``[ `` took minutes).
    next_close = src.find("](")
    while (candidate := search(src, pos)) is not None:
        at = candidate.start()
        char = src[at]
        if (char == "[" or char == "!") and src.startswith("[[", at + (char == "!")):
            # match_wikilink written out (the commonest candidate by far)
            embed = char == "!"
            open_end = at + 3 if embed else at + 2
            close = src.find("]]", open_end, open_end + MAX_LINK_LENGTH)
            if close != -1:
                inner = src[open_end:close]
                if "\n" not in inner and "[[" not in inner:
                    found.append(
                        ("embed" if embed else "wikilink", at, close + 2, (open_end, inner))
                    )
                    pos = close + 2
                    continue
        if char == "#":
            tag = match_tag(src, at)
            if tag is not None:
                found.append(("tag", at, tag.end(), tag.group(1)))
                pos = tag.end()
                continue
        elif char == "<":
            after = _autolink_end(src, at)
            if after is None:
                return None
            pos = after
            continue
        elif char == "`":
            backticks = backticks or _Backticks(src)
            pos = backticks.skip(at)
            continue
        elif char == "^":
            block = match_block_id(src, at)
            if block is not None:
                found.append(("block_id", at, block.end(), block.group(1)))
                pos = block.end()
                continue
        else:
            if next_close != -1 and next_close < at:
                next_close = src.find("](", at)
            if src.startswith(("[", "!["), at) and next_close != -1:
                # Perhaps a Markdown link or image: only the plainest links are read here.
                markdown = markdown_link_at(src, at) if char == "[" else None
                if markdown is None:
                    return None
                found.append(markdown)
                pos = markdown[2]
                continue
        pos = at + 1
    return found


#: A text where code span rules differ: a closing run is looked for after every opening run
#: (CommonMark, markdown-it-py 4) or not after a search for another run length reached the end
#: (older markdown-it). Code spans are scanned here only if markdown-it-py reads them as we do.
_PROBE = "```` #u```a`a```\n`[[A]]  #t`"


@cache
def _code_spans_agree() -> bool:
    """Whether markdown-it-py reads :data:`_PROBE`'s code spans as :func:`_scan` does: asked
    of the first text with a backtick, not at import (it builds the parser, and a run that
    parses nothing needs no markdown-it-py)."""
    found: list[Found] = []
    mdparser.PARSER.inline.parse(_PROBE, mdparser.PARSER, {"vc_found": found}, [])
    return found == _scan(_PROBE)
