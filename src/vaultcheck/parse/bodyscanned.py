"""The body of a note the block scanner took whose inline texts all go to the inline scan.

:meth:`vaultcheck.parse.body._BodyParser.run` reads any note's tokens, markdown-it-py's
included, watching for comments opened inside a paragraph that hide the blocks after them.
In most notes that cannot happen: the block scanner took the note, so there is no HTML
block, and no inline text holds ``%%`` (the note has none, or only in comment blocks), so
none opens a comment. :func:`run` is that loop without what cannot occur, and sends a
one-line text of links and tags to :func:`vaultcheck.parse.oneline.scan_and_place` at once
(what ``_BodyParser.text`` would decide for it, without the steps in between), and one that
may hold Markdown links too there with ``markdown_links``. The result is the same
(``tests/test_blockscan.py`` compares whole notes with ``fast=False``).
"""

from __future__ import annotations

from typing import Any, Protocol

from vaultcheck.core.model import Heading, Span
from vaultcheck.parse import inlinescan, mdparser, oneline
from vaultcheck.parse.blocklines import BlockToken, text_start_line
from vaultcheck.parse.findings import BodyResult
from vaultcheck.parse.text import LineIndex, line_span

_new = tuple.__new__


class Body(Protocol):
    """What :func:`run` reads and calls of the body parser."""

    md_text: str
    lines: list[str]
    raw_index: LineIndex
    result: BodyResult
    scan_all: bool
    inline_comments: list[tuple[Span, str]]

    def inline(self, token: Any, env: dict[str, object], mode: str) -> None: ...

    def text(self, content: str, first: int, mode: str, env: dict[str, object]) -> None: ...

    def record(self, kind: str, span: Span, data: object) -> None: ...

    def comment_block(self, token: Any) -> None: ...


def takes(body: Body, tokens: list[Any], env: dict[str, object]) -> bool:
    """Whether :func:`run` reads these tokens: the scanner's (plain tuples), of a note
    passing ``scan_all``, or failing it only by ``%%`` that none of its texts holds."""
    if not tokens or type(tokens[0]) is not tuple:
        return False
    return body.scan_all or (
        inlinescan.scan_all_but_comments(body.md_text, env)
        and not any(token[0] == "inline" and "%%" in token[2] for token in tokens)
    )


def run(body: Body, tokens: list[Any], env: dict[str, object]) -> BodyResult:
    """Read the tokens :func:`takes` took into ``body.result``."""
    trigger = mdparser.inline_trigger
    lines = body.lines
    count = len(lines)
    raw_index = body.raw_index
    starts = raw_index.table
    headings = body.result.headings
    mode = "para"
    for i, token in enumerate(tokens):
        kind = token[0]
        if kind == "inline":
            content = token[2]
            if trigger(content):
                if mode == "cell":
                    body.inline(_new(BlockToken, token), env, mode)  # (read by name)
                elif (
                    "<" not in content
                    and "^" not in content
                    and "\n" not in content
                    and ("`" not in content or "``" not in content)
                ):  # inlinescan.links_and_tags_only, on one line, but for ``](``
                    # (A two-character ``in`` compares at every character, ten times
                    # slower than one character's ``memchr``: it is asked only after one.)
                    first, last = token[1]
                    if last - first > 1:  # lines of white space markdown-it trimmed off
                        first = text_start_line(body.lines, first, last, content)
                    source = lines[first] if first < count else ""
                    if "(" not in content or "](" not in content:
                        oneline.scan_and_place(content, source, first, mode, raw_index, body)
                    elif not oneline.scan_and_place(
                        content, source, first, mode, raw_index, body, markdown_links=True
                    ):  # (a Markdown link the inline scan does not read)
                        body.text(content, first, mode, env)
                else:
                    first, last = token[1]
                    if last - first > 1:  # (a text on one line starts there)
                        first = text_start_line(body.lines, first, last, content)
                    body.text(content, first, mode, env)
            mode = "para"
        elif kind == "heading_open":
            mode = "atx"  # (the scanner reads ATX headings only: markup ``#`` to ``######``)
            line = token[1][0]
            size = len(lines[line])
            start = starts[line]
            if line + 1 < len(starts) and start + size < starts[line + 1]:  # line_span()
                span = _new(Span, (start, start + size, line + 1, 1, line + 1, size + 1))
            else:
                span = line_span(raw_index, line, size)
            headings.append(_new(Heading, (len(token[3]), tokens[i + 1][2], span)))
        elif kind == "th_open" or kind == "td_open":
            mode = "cell"
        elif kind == "vc_comment":
            body.comment_block(_new(BlockToken, token))  # (it reads a token by name)
    body.result.comments += body.inline_comments
    return body.result
