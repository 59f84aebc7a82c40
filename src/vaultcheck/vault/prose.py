"""What of a note is not prose: frontmatter, links, tags, comments, URLs, link reference
definitions, code (fenced, indented, inline), math and HTML blocks.

Unlinked mentions are looked for in prose only. Most notes are answered from what the parser
already recorded (:func:`known_spans`) and a line scan for top-level fences; only a note with a
candidate mention in what may be code is parsed again (:func:`hidden_spans`).
"""

from __future__ import annotations

import bisect
import re
import sys

from vaultcheck.core.model import Note
from vaultcheck.parse import mdparser

_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
#: Link reference definitions (``[name]: target "Title"``): foam writes one per wikilink.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})(.*)$", re.MULTILINE)
_INDENTED_FENCE_OR_HTML = re.compile(r"^(?: {1,3}(?:```|~~~)| {0,3}<)", re.MULTILINE)
_SKIPPED_BLOCKS = {"fence", "code_block", "math_block", "math_block_label", "html_block"}


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, with overlapping and touching ones joined."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def known_spans(note: Note) -> list[tuple[int, int]]:
    """What the parsed note already says is not prose (frontmatter, links, tags, comments),
    and URLs and link reference definitions: found without parsing again."""
    text = note.text
    spans = [(link.span.start, link.span.end) for link in note.links]
    spans += [(tag.span.start, tag.span.end) for tag in note.tags]
    spans += [(span.start, span.end) for span, _ in note.comments]
    spans += [(span.start, len(text)) for span in note.unclosed_comments]
    if note.frontmatter is not None:
        spans.append((note.frontmatter.span.start, note.frontmatter.span.end))
    spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    spans += [(m.start(), m.end()) for m in _REFERENCE.finditer(text)]
    return merged(spans)


def top_level_fences(text: str) -> list[tuple[int, int]] | None:
    """Fenced code blocks whose fences start at column 1, found line by line; ``None`` when
    that could be wrong: a fence indented (in a list, say), or an HTML block, where a fence
    line is not a fence. A fence at column 1 cannot be inside a list item or indented code."""
    if _INDENTED_FENCE_OR_HTML.search(text):
        return None
    spans, opened = [], None
    for m in _FENCE_LINE.finditer(text):
        marker, rest = m.group(1), m.group(2)
        if opened is None:
            if not (marker[0] == "`" and "`" in rest):
                opened = (m.start(), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]) and not rest.strip():
            spans.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


def hidden_spans(note: Note) -> list[tuple[int, int]]:
    """Sorted, merged offsets of what is not prose: :func:`known_spans`, and code and math
    blocks, HTML blocks and inline code, for which the note is parsed again."""
    spans = known_spans(note)
    text, starts = note.text, note.line_starts
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if note.frontmatter is not None:  # blanked, as the parser does, so lines keep their numbers
        lines = normalized.split("\n")
        skip = bisect.bisect_right(starts, note.frontmatter.span.end - 1)
        normalized = "\n" * skip + "\n".join(lines[skip:])
    for token in mdparser.block_parser_for(normalized).parse(normalized):
        if token.map is None:
            continue
        first, last = token.map
        begin = starts[first] if first < len(starts) else len(text)
        end = starts[last] if last < len(starts) else len(text)
        if token.type in _SKIPPED_BLOCKS:
            spans.append((begin, end))
        elif token.type == "inline":
            spans += [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text, begin, end)]
    return merged(spans)


def covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted, merged ``spans`` overlaps ``start``..``end``."""
    i = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)
