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

import re

from vaultcheck.parse import blocklines, blocktables
from vaultcheck.parse.blocklines import ScannedToken
from vaultcheck.parse.blockreaders import (
    BLANK,
    ITEM,
    MARKUP,
    OTHER,
    PARA,
    QUOTE,
    TAG,
    BlockReader,
    GiveUp,
)
from vaultcheck.parse.text import has_pair

#: What a line may start with when it is not text whatever comes next (``blocklines.plain``
#: says no, or a delimiter row, a list item, indentation, a quote, a comment may start so).
_NOT_PLAIN_START = blocklines.NOT_PLAIN_START

#: The empty lines a body starts with (its frontmatter's, blanked).
_LEADING_BREAKS = re.compile("\n*")


def block_tokens(text: str, lines: list[str] | None = None) -> list[ScannedToken] | None:
    """The tokens markdown-it-py would give ``parse/body.py`` for ``text`` (lines split on
    ``\\n`` only, given as ``lines`` if split before), or ``None`` when the text holds
    anything this scanner does not handle."""
    trim = blocklines.TRIM
    if trim is blocklines.UNREAD:
        trim = blocklines.read_trim()
    if trim is None or has_pair(text, "$$") or "\x00" in text or blocklines.html_start(text):
        return None
    if has_pair(text, "]:") and blocklines.REFERENCE_START.search(text):
        return None
    try:
        return _Scanner(text, text.split("\n") if lines is None else lines).run()
    except GiveUp:
        return None


def _emphasis(line: str) -> bool:
    """Whether ``line``, starting with ``*`` or ``_``, is paragraph text (``*italic*``,
    ``**Bold:**``): what ``blocklines.plain`` says of it, for the commonest such lines
    (no list item, and not only ``*_=`` and white space, a break or an underline)."""
    return (line[0] == "_" or line[1:2] not in ("", " ", "\t")) and bool(line.strip("*_= \t"))


def _heading_level(line: str) -> int:
    """How many ``#`` open ``line`` as an ATX heading, ``0`` if they do not: what
    ``blocklines.HEADING`` matches at the start (1 to 6 ``#``, then a space, a tab or the
    end), without a regular expression."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or (level < len(line) and line[level] not in " \t"):
        return 0
    return level


class _Scanner(BlockReader):
    """Decides what each line starts and hands it to its reader."""

    def run(self) -> list[ScannedToken]:
        lines = self.lines
        count = len(lines)
        # Leading empty lines (a frontmatter's, blanked) change nothing: skip them at once.
        # (Counted by a match: ``lstrip`` copied the rest of the note, in other scripts than
        # Latin at two bytes a character.)
        # (An assert, not ``cast(re.Match[str], ...)``: that subscript builds a type alias
        # at every call.)
        leading = _LEADING_BREAKS.match(self.text)
        assert leading is not None  # it matches anything
        i = leading.end()
        not_plain = _NOT_PLAIN_START
        trim = blocklines.TRIM
        stack = self.stack  # (emptied or refilled in place, never replaced)
        append = self.tokens.append  # (likewise)
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
                elif i + 1 < count and not lines[i + 1]:
                    # A paragraph of one line, the commonest block, and the empty line
                    # ending it (end_paragraph() written out; a ``|`` starts no table).
                    if stack:
                        stack.clear()
                    content = line.strip(trim)
                    append(("inline", [i, i + 1], content, "", "", None))
                    self.prev = BLANK
                    i += 2
                    continue
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
                and (level := _heading_level(line))
            ):
                # An unindented heading, as block() reads it (it ends a paragraph).
                if self.prev == PARA:
                    self.end_paragraph(i)
                if line[-1] in " \t#":  # closing #s or spaces to cut
                    self.heading(i, line, level)
                else:  # most headings: heading() written out
                    rows = [i, i + 1]  # both tokens' line range (read, never changed)
                    opening = ("heading_open", rows, "", MARKUP[level], TAG[level], None)
                    append(opening)
                    content = line[level:].strip(trim)
                    append(("inline", rows, content, "", "", None))
                    self.prev = OTHER
                i += 1
                continue
            if (
                line[0] in "-*+"
                and line[1:2] == " "
                and line[2:3] not in ("", " ", "\t")  # (plain() below: nor a break)
                and self.prev != QUOTE
                and ("|" not in line or i + 1 == count or not lines[i + 1])
                and blocklines.plain(line[2:])
            ):
                # An unindented bullet item of one line, as block() and item() read it: it
                # ends a paragraph and the items above.
                if self.prev == PARA:
                    self.end_paragraph(i)
                self.stack[:] = [2]
                content = line[2:].strip(blocklines.TRIM)
                self.tokens.append(("inline", [i, i + 1], content, "", "", None))
                self.prev = ITEM
                i += 1
                continue
            if line[0] == ">" and self.prev != ITEM and self.prev != QUOTE and "|" not in line:
                # An unindented quote, as block() reaches quote() (it ends a paragraph).
                if self.prev == PARA:
                    self.end_paragraph(i)
                self.stack.clear()
                i = self.quote(i)
                continue
            columns, chars = blocklines.indent(line)
            if chars == len(line):
                self.end_paragraph(i)
                self.prev = BLANK
                i += 1
                continue
            rest = line[chars:]
            if self.prev != BLANK and blocklines.DELIMITER_ROW.match(line):
                raise GiveUp  # a table, a setext heading or a break after text
            if self.prev == PARA:
                if columns >= 4 or (blocklines.plain(rest) or rest.startswith("%%")):
                    self.para_lines.append(line)  # a continuation line
                    i += 1
                    continue
                self.end_paragraph(i)
            elif self.prev == QUOTE and rest[0] != ">":
                raise GiveUp  # a lazy continuation, or whatever ends a quote
            elif (
                self.prev == ITEM
                and not blocklines.ANY_ITEM.match(rest)
                and (columns >= self.stack[0] or not blocklines.ENDS_LIST.match(rest))
            ):
                raise GiveUp  # a continuation of the item, or a lazy line
            i = self.block(i, line, columns, chars, rest)
        self.end_paragraph(count)
        return self.tokens

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
                raise GiveUp  # a block inside a list item
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
            raise GiveUp  # indented code
        if rest[0] == ">":
            return self.quote(i)
        if rest.startswith("%%"):
            return self.comment(i, chars)
        if rest.startswith(("```", "~~~")):
            return self.fence(i, rest)
        if blocklines.BREAK.match(rest):
            if self.prev != BLANK:
                raise GiveUp
            self.prev = OTHER
            return i + 1
        heading = blocklines.HEADING.match(rest)
        if heading:
            self.heading(i, line, chars + len(heading.group(1)))
            return i + 1
        if not blocklines.plain(rest):
            raise GiveUp
        self.para_start = i
        self.para_lines = [line]
        self.prev = PARA
        return i + 1
