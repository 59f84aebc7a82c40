"""The parser's fast path: markdown-it-pyrs finds a note's top-level blocks, and markdown-it-py
parses only those that can hold something vaultcheck records.

markdown-it-py (the reference grammar) spends most of a cold run tokenising blocks line by line
in Python. Most blocks of most vaults hold nothing we record: a paragraph, list, quote or table
without any of ``[ # ^ % <`` has no link, tag, block id, citation, comment or ATX heading, and
without a line ending in ``=`` or ``-`` no setext heading either. markdown-it-pyrs (the Rust port
of markdown-it, by markdown-it-py's author) splits the note into its top-level blocks about ten
times faster; the lines of those blocks are emptied (line numbers stay the file's; markdown-it-py
scans every character of its input in Python, so emptied, not filled with spaces) and
markdown-it-py parses what is left. In CommonMark a top-level block
parses the same whether or not its neighbours are there, so the findings are the same; as a
margin against the two implementations drawing a boundary differently, a skipped block that
touches a kept one (no blank line between) is kept too.

Where the Rust parser does not know our grammar, the note's rest is kept whole: from the first
block holding ``%%`` (an Obsidian comment, which can span blank lines) or ``$$`` (a math block)
to the end. Without the wheel, or for text it cannot map (NUL characters), the whole note goes
to markdown-it-py, and so does text nesting containers 20 deep (the Rust parser has no depth
limit). ``tests/test_fastblocks.py`` checks that every note of every corpus and
fuzzed Markdown parse to equal notes both ways.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

try:
    import markdown_it_pyrs
except ImportError:  # no wheel for this platform: markdown-it-py parses everything
    _SPLITTER: Any = None
else:
    # The block rules of markdown-it-py's configuration (``mdparser.build_parser``) that
    # CommonMark with tables has; no inline rule but plain text: only top-level blocks are read.
    _SPLITTER = markdown_it_pyrs.MarkdownIt("zero").enable_many(
        [
            "blockquote",
            "code",
            "fence",
            "heading",
            "hr",
            "lheading",
            "list",
            "paragraph",
            "reference",
            "html_block",
            "table",
        ]
    )

#: A block holding one of these may yield something (see :data:`mdparser.INLINE_TRIGGER`;
#: ``#`` also starts ATX headings, ``<`` HTML comment blocks).
_MAY_YIELD = re.compile(r"[\[#^%<]")
#: A setext heading's underline ends its line with ``=`` or ``-``.
_MAY_UNDERLINE = re.compile(r"[=-][ \t]*$", re.MULTILINE)
#: Containers nested 20 deep (markdown-it-py's limit for CommonMark; the Rust parser has none
#: and overflows its stack, killing the process, at some 100,000 levels).
_DEEP = re.compile(r"^(?:[ \t]*(?:>|[*+\-][ \t]|[0-9]{1,9}[.)][ \t])){20}|^[ \t]{40}", re.MULTILINE)
#: Constructs of our grammar the Rust parser does not know, which can span blank lines.
_NOT_COMMONMARK = re.compile(r"%%|\$\$")


def _spans_blank_lines(block: str) -> bool:
    """Whether a construct recorded with its extent may run on past ``block``'s end: ``%%``
    and ``$$`` (unknown to the Rust parser), and an HTML comment not closed inside it. In a
    list item such a comment ends with the item, where the next unindented block begins: if
    that block were emptied, the comment would run on (``- <!--`` then plain words)."""
    if _NOT_COMMONMARK.search(block):
        return True
    opened = block.rfind("<!--")
    return opened != -1 and "-->" not in block[opened + 4 :]


def available() -> bool:
    """Whether markdown-it-pyrs is installed (else every note takes the reference path)."""
    return _SPLITTER is not None


def blank_unneeded(text: str) -> str | None:
    """``text`` with the lines of every top-level block that cannot yield a finding emptied
    (line numbers stay the same; offsets do not), or ``None`` when nothing can be skipped or
    the fast path is unavailable."""
    if _SPLITTER is None or "\x00" in text or _DEEP.search(text) or not _worth_it(text):
        return None
    try:
        blocks = _blocks(text)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # a panic in the Rust parser (pyo3 raises it as a BaseException)
        return None
    if blocks is None:
        return None
    lines = text.split("\n")
    # A block's whole lines: what precedes its first character on its line is white space.
    texts = ["\n".join(lines[first : last + 1]) for first, last in blocks]
    keep = [
        _MAY_YIELD.search(block) is not None or _MAY_UNDERLINE.search(block) is not None
        for block in texts
    ]
    rest = next((i for i, block in enumerate(texts) if _spans_blank_lines(block)), None)
    if rest is not None:
        keep[rest:] = [True] * (len(blocks) - rest)
    # A list item goes on over blank lines to an indented block: emptying what stands
    # between them (``- a`` / ``plain`` / ``····[[X]]``) would make that code block its text.
    for i in range(len(blocks) - 1):
        if texts[i + 1][:1] in (" ", "\t"):
            keep[i] = True
    # Neighbours with no blank line between them are kept together.
    for i in range(1, len(blocks)):
        if keep[i - 1] and blocks[i][0] <= blocks[i - 1][1] + 1:
            keep[i] = True
    for i in range(len(blocks) - 2, -1, -1):
        if keep[i + 1] and blocks[i + 1][0] <= blocks[i][1] + 1:
            keep[i] = True
    if all(keep):
        return None
    for (first, last), kept in zip(blocks, keep, strict=True):
        if not kept:
            for n in range(first, last + 1):
                lines[n] = ""
    return "\n".join(lines)


#: The fast path pays for itself (the Rust parse, the line bookkeeping) when at least this
#: share of the text can be skipped (measured: see docs/performance.md).
WORTH_IT = 0.2


def _worth_it(text: str) -> bool:
    """Whether enough of ``text`` could be skipped, judged by its blank-line-separated chunks
    (a quick guess, often wrong inside lists and code; it only decides what is faster)."""
    skippable = 0
    for chunk in text.split("\n\n"):
        if not _MAY_YIELD.search(chunk) and not _MAY_UNDERLINE.search(chunk):
            skippable += len(chunk)
    return skippable >= WORTH_IT * len(text)


def _blocks(text: str) -> list[tuple[int, int]] | None:
    """(first line, last line) of each top-level block, 0-based."""
    data = text.encode()
    starts = [0]  # byte offset of each line start: the Rust parser's source map is in bytes
    at = data.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = data.find(b"\n", at + 1)
    result = []
    for node in _SPLITTER.tree(text).children:
        srcmap = node.srcmap
        if srcmap is None:
            return None
        start, end = srcmap
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, max(start, end - 1)) - 1
        result.append((first, last))
    return result
