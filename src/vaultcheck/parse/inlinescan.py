"""Inline text holding only wikilinks, embeds, tags and block ids, scanned without markdown-it.

Tokenising inline text with markdown-it-py walks it character by character in Python. Most
inline text of a vault holds nothing but ``[[links]]``, ``![[embeds]]``, ``#tags`` and
``^block-ids`` among plain words: no backslash escape, code span, ``$math$``, ``%%`` comment,
HTML or autolink, citation, Markdown link (all need one of ``\\ ` $ % < @`` or ``](``), and
no link reference definition in the note. In such text markdown-it's only rules that can match
are ours, at the positions of ``[ ! # ^`` it reaches, so a scan for those characters applying
the same matchers (:mod:`vaultcheck.parse.mdrules`) finds the same things at the same offsets.
Anything else goes to markdown-it-py (``None``).
"""

from __future__ import annotations

import re

from vaultcheck.parse.mdrules import Found, match_block_id, match_tag, match_wikilink

#: What another inline rule (escape, code span, math, comment, HTML, autolink, citation)
#: needs to match; a Markdown link or image also needs ``](`` (tested apart: an alternation
#: makes the regular expression engine much slower on every character).
_NOT_SIMPLE = re.compile(r"[\\`<$%@]")
#: Where one of our rules may start.
_CANDIDATE = re.compile(r"[\[!#^]")


def scan(src: str, env: dict[str, object]) -> list[Found] | None:
    """What markdown-it with :mod:`vaultcheck.parse.mdrules` records for ``src``, or ``None``
    when ``src`` may hold a construct this scan does not know (or the note defines link
    references, which turn ``[text]`` into links)."""
    if "references" in env or _NOT_SIMPLE.search(src) or "](" in src:
        return None
    found: list[Found] = []
    search = _CANDIDATE.search
    pos = 0
    while (candidate := search(src, pos)) is not None:
        at = candidate.start()
        char = src[at]
        if char == "#":
            tag = match_tag(src, at)
            if tag is not None:
                found.append(("tag", at, tag.end(), tag.group(1)))
                pos = tag.end()
                continue
        elif char == "^":
            block = match_block_id(src, at)
            if block is not None:
                found.append(("block_id", at, block.end(), block.group(1)))
                pos = block.end()
                continue
        else:
            link = match_wikilink(src, at)
            if link is not None:
                embed, open_end, end, inner = link
                found.append(("embed" if embed else "wikilink", at, end, (open_end, inner)))
                pos = end
                continue
        pos = at + 1
    return found
