"""A line scanner that splits the common kinds of note bodies into blocks without markdown-it.

markdown-it-py's block parser tries its rules line by line in Python and is the largest share
of a cold run. Most notes are made of a few simple kinds of block: paragraphs, ATX headings,
fenced code, ``%%`` comment blocks, thematic breaks, lists of one-line items (nested with
spaces or tabs) and block quotes (callouts) of plain paragraphs. This module recognises exactly
those and emits the tokens :mod:`vaultcheck.parse.body` reads (``inline`` with its content and
line range, ``heading_open``, ``vc_comment``), equal to markdown-it-py's. Whenever a line could
mean anything else (tables, setext headings, HTML, indented code, lazy continuations, list
items holding more than one line, math blocks, reference definitions, deep nesting...), it
gives up and returns ``None``: the note then goes to markdown-it-py. Giving up is always safe;
``tests/test_blockscan.py`` compares the tokens with markdown-it-py's on every corpus note and
on fuzzed Markdown.
"""

from __future__ import annotations

from vaultcheck.parse import blocklines, blocktables
from vaultcheck.parse.blocklines import BlockToken, token


class _GiveUp(Exception):
    """The scanner is not sure what a line means."""


BLANK, PARA, ITEM, QUOTE, QUOTE_BLANK, OTHER = range(6)

_new = tuple.__new__

#: A heading token's markup and tag by level (1 to 6).
_MARKUP = ["#" * level for level in range(7)]
_TAG = [f"h{level}" for level in range(7)]

#: What a line may start with when it is not text whatever comes next (``blocklines.plain``
#: says no, or a delimiter row, a list item, indentation, a quote, a comment may start so).
_NOT_PLAIN_START = blocklines.NOT_PLAIN_START


def block_tokens(text: str, lines: list[str] | None = None) -> list[BlockToken] | None:
    """The tokens markdown-it-py would give ``parse/body.py`` for ``text`` (lines split on
    ``\\n`` only, given as ``lines`` if split before), or ``None`` when the text holds
    anything this scanner does not handle."""
    if (
        blocklines.TRIM is None
        or "$$" in text
        or "\x00" in text
        or ("<" in text and blocklines.HTML_START.search(text))
    ):
        return None
    if "]:" in text and blocklines.REFERENCE_START.search(text):
        return None
    try:
        return _Scanner(text, text.split("\n") if lines is None else lines).run()
    except _GiveUp:
        return None


def _emphasis(line: str) -> bool:
    """Whether ``line``, starting with ``*`` or ``_``, is paragraph text (``*italic*``,
    ``**Bold:**``): what ``blocklines.plain`` says of it, for the commonest such lines
    (no list item, and not only ``*_=`` and white space, a break or an underline)."""
    return (line[0] == "_" or line[1:2] not in ("", " ", "\t")) and bool(line.strip("*_= \t"))


class _Scanner:
    def __init__(self, text: str, lines: list[str]) -> None:
        self.text = text
        self.lines = lines
        self.tokens: list[BlockToken] = []
        self.prev = BLANK
        self.stack: list[int] = []  # content columns of the open list items, outermost first
        self.para_start = -1  # first line of the open paragraph
        self.para_lines: list[str] = []  # its lines as markdown-it joins them
        self.starts: list[int] = []  # offset of each line, computed when first needed

    def run(self) -> list[BlockToken]:
        lines = self.lines
        count = len(lines)
        # Leading empty lines (a frontmatter's, blanked) change nothing: skip them at once.
        i = len(self.text) - len(self.text.lstrip("\n"))
        not_plain = _NOT_PLAIN_START
        while i < count:
            line = lines[i]
            if (
                line
                and (self.prev == PARA or self.prev == BLANK)
                and (
                    line[0] not in not_plain
                    or (line[0] in "`~" and not line.startswith(("```", "~~~")))
                    or (line[0] in "*_" and _emphasis(line))
                )
            ):
                # Most lines: text, unindented, starting with what only text can start with
                # (a backtick or tilde not opening a fence starts a code span, or text).
                if self.prev == PARA:
                    self.para_lines.append(line)  # a continuation line
                elif "|" not in line or i + 1 == count or not lines[i + 1]:
                    # (a line holding | is a table's header row only above a delimiter row)
                    self.stack.clear()
                    self.para_start = i
                    self.para_lines = [line]
                    self.prev = PARA
                else:
                    i = self.block(i, line, 0, 0, line)
                    continue
                i += 1
                continue
            if not line:
                if self.para_start >= 0:
                    self.end_paragraph(i)
                self.prev = BLANK
                i += 1
                continue
            if (
                line[0] == "#"
                and (self.prev == PARA or self.prev == BLANK)
                and not self.stack
                and "|" not in line
                and (heading := blocklines.HEADING.match(line))
            ):
                # An unindented heading, as block() reads it (it ends a paragraph).
                if self.prev == PARA:
                    self.end_paragraph(i)
                self.heading(i, line, len(heading.group(1)))
                i += 1
                continue
            columns, chars = blocklines.indent(line)
            if chars == len(line):
                self.end_paragraph(i)
                self.prev = BLANK
                i += 1
                continue
            rest = line[chars:]
            if self.prev != BLANK and blocklines.DELIMITER_ROW.match(line):
                raise _GiveUp  # a table, a setext heading or a break after text
            if self.prev == PARA:
                if columns >= 4 or (blocklines.plain(rest) or rest.startswith("%%")):
                    self.para_lines.append(line)  # a continuation line
                    i += 1
                    continue
                self.end_paragraph(i)
            elif self.prev == QUOTE and rest[0] != ">":
                raise _GiveUp  # a lazy continuation, or whatever ends a quote
            elif (
                self.prev == ITEM
                and not blocklines.ANY_ITEM.match(rest)
                and (columns >= self.stack[0] or not blocklines.ENDS_LIST.match(rest))
            ):
                raise _GiveUp  # a continuation of the item, or a lazy line
            i = self.block(i, line, columns, chars, rest)
        self.end_paragraph(count)
        return self.tokens

    def end_paragraph(self, end: int) -> None:
        if self.para_start >= 0:
            content = "\n".join(self.para_lines).strip(blocklines.TRIM)
            self.tokens.append(token("inline", [self.para_start, end], content))
            self.para_start = -1

    def block(self, i: int, line: str, columns: int, chars: int, rest: str) -> int:
        """Scan the block starting at line ``i``; return the line after what it consumed."""
        if rest[0] == "#" and columns < 4 and not self.stack and "|" not in rest:
            heading = blocklines.HEADING.match(rest)  # most headings: no rule before applies
            if heading:
                self.heading(i, line, chars + len(heading.group(1)))
                return i + 1
        is_item = (
            blocklines.ANY_ITEM.match(rest) is not None and blocklines.BREAK.match(rest) is None
        )
        if self.stack and not is_item:
            if columns >= self.stack[0]:
                raise _GiveUp  # a block inside a list item
            self.stack.clear()
        if not self.stack and "|" in rest and not rest.startswith("%%"):
            # The table rule comes before all but the comment rule (a list item, a fence or
            # a heading can be a table's header row).
            table = blocktables.table_at(self.lines, i, blocklines.TRIM or "")
            if table is not None:
                self.tokens += table[0]
                self.prev = OTHER
                return table[1]
        if is_item:
            self.item(i, columns, rest)
            return i + 1
        if columns >= 4:
            raise _GiveUp  # indented code
        if rest[0] == ">":
            return self.quote(i)
        if rest.startswith("%%"):
            return self.comment(i, chars)
        if rest.startswith(("```", "~~~")):
            return self.fence(i, rest)
        if blocklines.BREAK.match(rest):
            if self.prev != BLANK:
                raise _GiveUp
            self.prev = OTHER
            return i + 1
        heading = blocklines.HEADING.match(rest)
        if heading:
            self.heading(i, line, chars + len(heading.group(1)))
            return i + 1
        if not blocklines.plain(rest):
            raise _GiveUp
        self.para_start = i
        self.para_lines = [line]
        self.prev = PARA
        return i + 1

    def heading(self, i: int, line: str, pos: int) -> None:
        level = len(line[:pos].lstrip(" \t"))
        if line[-1] not in " \t#":  # most headings: no closing #s or spaces to cut
            content = line[pos:].strip(blocklines.TRIM)
        else:
            end = len(line.rstrip(" \t"))
            if end < pos:
                end = pos
            cut = len(line[pos:end].rstrip("#")) + pos
            if cut > pos and line[cut - 1] in " \t":
                end = cut
            content = line[pos:end].strip(blocklines.TRIM)
        rows = [i, i + 1]  # both tokens' line range (read, never changed)
        tokens = self.tokens
        tokens.append(
            _new(BlockToken, ("heading_open", rows, "", _MARKUP[level], _TAG[level], None))
        )
        tokens.append(_new(BlockToken, ("inline", rows, content, "", "", None)))
        self.prev = OTHER

    def item(self, i: int, columns: int, rest: str) -> None:
        """A list item of one line (what follows it is checked by the caller)."""
        bullet = blocklines.BULLET.match(rest)
        marker = bullet or blocklines.ORDERED.match(rest)
        if marker is None:
            raise _GiveUp  # empty, or followed by a tab or by more than four spaces
        stack = self.stack
        deepest = stack[-1] if stack else 0
        while stack and columns < stack[-1]:
            stack.pop()
        if not stack and columns >= 4:
            raise _GiveUp
        if stack and columns - stack[-1] >= 4:
            raise _GiveUp
        interrupts = self.prev == PARA or (self.prev == ITEM and columns >= deepest)
        if interrupts and bullet is None and int(marker.group(1)) != 1:
            raise _GiveUp  # does not interrupt a paragraph: a continuation line
        stack.append(columns + marker.end())
        if len(stack) > blocklines.MAX_DEPTH:
            raise _GiveUp
        inner = rest[marker.end() :]
        if not blocklines.plain(inner):
            raise _GiveUp  # a heading, quote, fence... inside the item
        self.tokens.append(token("inline", [i, i + 1], inner.strip(blocklines.TRIM)))
        self.prev = ITEM

    def quote(self, i: int) -> int:
        """A block quote whose lines are plain paragraphs or empty."""
        lines = self.lines
        start = -1
        inners: list[str] = []
        while i < len(lines):
            columns, chars = blocklines.indent(lines[i])
            rest = lines[i][chars:]
            if chars == len(lines[i]):
                break  # a blank line ends the quote
            if columns >= 4 or rest[0] != ">":
                if start >= 0:
                    raise _GiveUp  # a lazy continuation, or something ending the quote
                break
            inner = rest[2:] if rest[1:2] == " " else rest[1:]
            if not inner.strip(" \t"):
                if start >= 0:
                    self.tokens.append(
                        token("inline", [start, i], "\n".join(inners).strip(blocklines.TRIM))
                    )
                    start = -1
            elif not blocklines.plain(inner) or (
                start >= 0 and blocklines.DELIMITER_ROW.match(inner)
            ):
                raise _GiveUp
            elif start < 0:
                start, inners = i, [inner]
            else:
                inners.append(inner)
            i += 1
        if start >= 0:
            self.tokens.append(
                token("inline", [start, i], "\n".join(inners).strip(blocklines.TRIM))
            )
            self.prev = QUOTE
        else:
            self.prev = QUOTE_BLANK
        return i

    def fence(self, i: int, rest: str) -> int:
        marker = rest[0]
        length = len(rest) - len(rest.lstrip(marker))
        if marker == "`" and "`" in rest[length:]:
            raise _GiveUp  # not a fence: a paragraph with a code span
        lines = self.lines
        end = i + 1
        while end < len(lines):
            columns, chars = blocklines.indent(lines[end])
            close = lines[end][chars:]
            if (
                columns < 4
                and close.startswith(marker * length)
                and not close.lstrip(marker).strip(" \t")
            ):
                self.prev = OTHER
                return end + 1
            end += 1
        self.prev = OTHER
        return end

    def comment(self, i: int, chars: int) -> int:
        """A ``%%`` comment block: everything up to the next ``%%``, which may be far on."""
        if not self.starts:  # once per note: a note of many comments stays linear
            self.starts = [0]
            for text in self.lines:
                self.starts.append(self.starts[-1] + len(text) + 1)
        starts = self.starts
        begin = starts[i] + chars
        close = self.text.find("%%", begin + 2)
        if close == -1:
            meta = {"start": begin, "end": len(self.text), "closed": False}
            self.tokens.append(
                BlockToken("vc_comment", [i, len(self.lines)], self.text[begin + 2 :], meta=meta)
            )
            return len(self.lines)
        line = i
        while line + 1 < len(self.lines) and starts[line + 1] <= close:
            line += 1
        meta = {"start": begin, "end": close + 2, "closed": True}
        self.tokens.append(
            BlockToken("vc_comment", [i, line + 1], self.text[begin + 2 : close], meta=meta)
        )
        self.prev = OTHER
        return line + 1
