"""The note body: split it into blocks, find what inline text holds, map it back to the file.

The reference is markdown-it-py with the rules of :mod:`vaultcheck.parse.mdrules`. Where they
apply, two scanners of our own give the same tokens and findings for less: blocks by
:mod:`vaultcheck.parse.blockscan`, inline text by :mod:`vaultcheck.parse.inlinescan`;
:mod:`vaultcheck.parse.inlinemap` places inline offsets in the file.
"""

from __future__ import annotations

import re
from typing import Any

from vaultcheck.core.model import BlockId, Citation, Heading, Span, Tag
from vaultcheck.parse import blockscan, bodyscanned, findings, inlinescan, mdparser, oneline
from vaultcheck.parse.blocklines import BlockToken, text_start_line
from vaultcheck.parse.bodycomments import after_closing, html_comment, open_comment
from vaultcheck.parse.findings import BodyResult
from vaultcheck.parse.inlinemap import Mapper, Origin, line_starts, locate
from vaultcheck.parse.mdparser import body_lines, markdown_text
from vaultcheck.parse.text import LineIndex, line_span, make_span

#: Builds a model tuple from all its fields in order, skipping ``NamedTuple``'s Python
#: ``__new__`` (as ``text.make_span`` does): a vault has hundreds of thousands of spans.
_new = tuple.__new__


class _BodyParser:
    def __init__(
        self, md_text: str, raw_index: LineIndex, fast: bool, lines: list[str] | None = None
    ) -> None:
        self.md_text = md_text
        self.fast = fast
        self.lines = md_text.split("\n") if lines is None else lines
        self._norm_index: LineIndex | None = None
        self.raw_index = raw_index
        self.mapper = Mapper(self.lines)
        self.result = BodyResult()
        #: Where a ``%%`` comment opened inside a paragraph ends (offset in md_text).
        self.open_until: int | None = None
        #: Comments found in inline text, which follow the comment blocks in the result.
        self.inline_comments: list[tuple[Span, str]] = []
        #: Whether every inline text goes to the inline scan unchecked (see ``scan_all``).
        self.scan_all = False

    @property
    def norm_index(self) -> LineIndex:
        """Line index of ``md_text``, from its ``lines``, built when first needed."""
        if self._norm_index is None:
            self._norm_index = LineIndex.of_lines(self.lines, len(self.md_text))
        return self._norm_index

    def span(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        s = self.raw_index.line_start(start[0] + 1) + start[1]
        e = self.raw_index.line_start(end[0] + 1) + end[1]
        return make_span(self.raw_index, s, e)

    def norm_span(self, start: int, end: int) -> Span:
        a = self.norm_index.position(start)
        b = self.norm_index.position(end)
        return self.span((a[0] - 1, a[1] - 1), (b[0] - 1, b[1] - 1))

    def tokens(self, env: dict[str, object]) -> list[Any]:
        """The block tokens: from our scanner where it is sure, else from markdown-it-py."""
        if self.fast:
            scanned = blockscan.block_tokens(self.md_text, self.lines)
            if scanned is not None:
                return scanned
        return mdparser.block_parser_for(self.md_text).parse(self.md_text, env)

    def run(self) -> BodyResult:
        env: dict[str, object] = {}
        tokens = self.tokens(env)
        self.scan_all = self.fast and inlinescan.scan_all(self.md_text, env)
        if bodyscanned.takes(self, tokens, env):
            return bodyscanned.run(self, tokens, env)
        if tokens and type(tokens[0]) is tuple:  # the scanner's: read by name below
            tokens = [_new(BlockToken, token) for token in tokens]
        mode = "para"
        trigger = mdparser.inline_trigger
        for i, token in enumerate(tokens):
            if (
                self.open_until is not None
                and token.map is not None
                and self.hidden_from(token.map[0])
            ):
                # (Its text may hold the closing ``%%``; the mode follows the blocks as
                # below, or a paragraph after a table was placed as a cell.)
                if self.closes_in(token):
                    break
                if token.type == "inline":
                    self.inline(token, env, mode)
                    mode = "para"
                elif token.type == "heading_open":
                    mode = "atx" if token.markup.startswith("#") else "para"
                continue
            kind = token.type
            if kind == "inline":
                # Most texts hold nothing to look at: skip them here (but a text may end an
                # open comment, and a cell is placed along its row: see inline()).
                if self.open_until is not None:
                    self.inline(token, env, mode)
                elif trigger(token.content):
                    if mode == "cell":
                        self.inline(token, env, mode)
                    else:
                        first, last = token.map
                        if last - first > 1:  # (a text on one line starts there)
                            first = text_start_line(self.lines, first, last, token.content)
                        self.text(token.content, first, mode, env)
                mode = "para"
            elif kind in ("th_open", "td_open"):
                mode = "cell"
            elif kind == "heading_open":
                mode = "atx" if token.markup.startswith("#") else "para"
                self.heading(token, tokens[i + 1])
            elif kind == "vc_comment":
                self.comment_block(token)
            elif kind == "html_block" and token.content.lstrip().startswith("<!--"):
                self.html_block_comment(token)
        self.result.comments += self.inline_comments
        return self.result

    def comment_block(self, token: Any) -> None:
        """A ``%%`` comment block: the comment, and where it opens if it never closes."""
        meta = token.meta
        start, end = meta["start"], meta["end"]
        self.result.comments.append((self.norm_span(start, end), token.content))
        if not meta["closed"]:
            self.result.unclosed_comments.append(self.norm_span(start, start + 2))

    def closes_in(self, token: Any) -> bool:
        """Whether the ``%%`` closing a comment opened in a paragraph begins ``token``, a
        block that is not text (markdown-it read it as opening a comment block, or, indented,
        a code block); then what follows it is parsed again, replacing the tokens left."""
        assert self.open_until is not None and token.map is not None
        kind, start = token.type, self.open_until - 2
        if kind != "code_block" and (kind != "vc_comment" or token.meta["start"] != start):
            return False
        line, column = self.norm_index.position(self.open_until)
        if not token.map[0] < line <= token.map[1]:
            return False
        text = after_closing(self.lines, line - 1, column - 1)
        self.result.absorb(_BodyParser(text, self.raw_index, self.fast).run())
        self.open_until = None
        return True

    def hidden_from(self, line: int) -> bool:
        """Whether 0-based ``line`` starts inside a ``%%`` comment opened in a paragraph."""
        return (
            self.open_until is not None and self.norm_index.line_start(line + 1) < self.open_until
        )

    def heading(self, token: Any, inline: Any) -> None:
        assert token.map is not None
        line = token.map[0]
        if not token.markup.startswith("#"):  # a setext heading's text may start lower down
            line = text_start_line(self.lines, line, token.map[1], inline.content)
        span = line_span(self.raw_index, line, len(self.lines[line]))
        self.result.headings.append(_new(Heading, (int(token.tag[1]), inline.content, span)))

    def html_block_comment(self, token: Any) -> None:
        """An HTML block that is a comment, from ``<!--`` to ``-->`` (not over the list or
        quote markers before it, which a fix removing the comment must keep)."""
        assert token.map is not None
        first, last = token.map[0], token.map[1] - 1
        start, end, inner, closed = html_comment(self.lines, first, last, token.content)
        self.result.comments.append((self.span(start, end), inner))
        if not closed:
            self.result.unclosed_comments.append(self.span(start, (start[0], start[1] + 4)))

    def inline(self, token: Any, env: dict[str, object], mode: str) -> None:
        content = token.content
        assert token.map is not None
        first = token.map[0]
        # Cells are found left to right along their row, so a cell moves the row's cursor
        # even when it records nothing: else a later cell holding the same text (`[[A]]`
        # after `` `[[A]]` ``) would be placed on this one. A cell without a trigger
        # character is never looked for (run() skips it): no later cell it could be
        # mistaken for lacks one, so its text cannot hold theirs.
        cell = self.mapper.origins(first, content, mode) if mode == "cell" else None
        blanked = False
        if self.open_until is not None and self.open_until <= self.norm_index.line_start(first + 1):
            self.open_until = None  # closed before this text, in a block of another kind
        if self.open_until is not None:
            if self.open_until > self.norm_index.line_start(token.map[1] + 1):
                return  # wholly inside the open comment
            close = content.find("%%")
            if close == -1:
                return
            # Blank what the comment hides, keeping offsets, and parse the rest.
            content = re.sub(r"[^\n]", " ", content[: close + 2]) + content[close + 2 :]
            self.open_until = None
            blanked = True
        if mdparser.inline_trigger(content):
            if cell is None and token.map[1] - first > 1:
                first = text_start_line(self.lines, first, token.map[1], token.content)
            if cell is None and blanked:
                # Placed by the text as written (a heading's blanked text is not in its line).
                cell = self.mapper.origins(first, token.content, mode)
            self.text(content, first, mode, env, cell)

    def text(
        self,
        content: str,
        first: int,
        mode: str,
        env: dict[str, object],
        cell: list[Origin] | None = None,
    ) -> None:
        """Find what inline ``content`` (starting on line ``first``) holds and record it;
        ``cell``: where each of its lines starts, when known (a cell's, a blanked text's)."""
        if (
            cell is None
            and self.fast
            and inlinescan.links_and_tags_only(content)
            and "\n" not in content
            and (self.scan_all or inlinescan.scannable(content, env))
        ):
            source = self.lines[first] if first < len(self.lines) else ""
            oneline.scan_and_place(content, source, first, mode, self.raw_index, self)
            return
        if self.scan_all:
            found = inlinescan.scan_text(content)
        else:
            found = inlinescan.scan(content, env) if self.fast else None
        if found is not None:
            if found and cell is None and "\n" not in content:
                source = self.lines[first] if first < len(self.lines) else ""
                oneline.place(found, source, content, first, mode, self.raw_index, self)
                return
        else:
            found = []
            env["vc_found"] = found
            mdparser.PARSER.inline.parse(content, mdparser.PARSER, env, [])
        if not found:
            return
        origins = cell if cell is not None else self.mapper.origins(first, content, mode)
        starts = line_starts(content)
        for kind, start, end, data in found:
            a = locate(origins, starts, start)
            b = locate(origins, starts, end)
            if kind == "open_comment":
                # It hides up to the next `%%` in any block, not to this paragraph's end.
                begin = self.norm_index.line_start(a[0] + 1) + a[1]
                after = self.norm_index.line_start(b[0] + 1) + b[1]
                self.open_until, inner, closed = open_comment(self.md_text, begin, after)
                if not closed:
                    self.result.unclosed_comments.append(self.span(a, (a[0], a[1] + 2)))
                self.record(kind, self.norm_span(begin, self.open_until), inner)
                continue
            self.record(kind, self.span(a, b), data)

    def record(self, kind: str, span: Span, data: object) -> None:
        """Turn a placed finding into model objects."""
        result = self.result
        if kind == "wikilink" or kind == "embed":
            result.links.append(findings.wikilink(kind, span, data, self.raw_index))
        elif kind == "tag":
            result.tags.append(_new(Tag, (data, span, False)))
        elif kind == "block_id":
            result.block_ids.append(_new(BlockId, (data, span)))
        elif kind == "citekey":
            result.citations.append(Citation(str(data), span))
        elif kind in ("comment", "open_comment"):
            self.inline_comments.append((span, str(data)))
        elif kind == "html":
            text = self._written(span)
            if text.startswith("<!--"):
                self.inline_comments.append((span, text[4:-3]))
        elif kind in ("link", "image"):
            link = findings.markdown_link(kind, span, data, self._written(span))
            if link is not None:
                result.links.append(link)

    def _written(self, span: Span) -> str:
        """The text of ``span`` as markdown-it saw it (line breaks normalized)."""
        if span.line == span.end_line and span.line <= len(self.lines):
            written = self.lines[span.line - 1]
            if span.end_column <= len(written) + 1:  # within the line (else the next ones)
                return written[span.column - 1 : span.end_column - 1]
        start = self.norm_index.offset(span.line, span.column)
        return self.md_text[start : self.norm_index.offset(span.end_line, span.end_column)]


def parse_body(
    text: str,
    body_start_line: int,
    raw_index: LineIndex,
    *,
    fast: bool = True,
    lines: list[str] | None = None,
) -> BodyResult:
    """Parse the note body; frontmatter lines (before 0-based ``body_start_line``) are blanked.

    ``fast``: let our scanners (:mod:`vaultcheck.parse.blockscan`,
    :mod:`vaultcheck.parse.inlinescan`) spare markdown-it what they can (same result;
    ``False`` is the reference path the tests compare it with). ``lines``: ``text`` split
    on ``\\n`` when it holds no ``\\r`` (``LineIndex.with_lines``), not split again."""
    md_text = markdown_text(text, body_start_line, raw_index)
    md_lines = None if lines is None else body_lines(text, body_start_line, lines)
    return _BodyParser(md_text, raw_index, fast, md_lines).run()
