"""The blocks :mod:`vaultcheck.parse.blockscan` reads, and its state.

The scanner (``blockscan._Scanner``) walks a note line by line and decides what each line
starts; the readers here emit that block's tokens as markdown-it-py would: a paragraph's
text when it ends, an ATX heading, a list item of one line, a quote of plain paragraphs, a
fence (no tokens) and a ``%%`` comment block. Any of them raises :class:`GiveUp` where it is
not sure, and the note then goes to markdown-it-py.
"""

from __future__ import annotations

from vaultcheck.parse import blocklines
from vaultcheck.parse.blocklines import ScannedToken, token


class GiveUp(Exception):
    """The scanner is not sure what a line means."""


#: What the line before was part of.
BLANK, PARA, ITEM, QUOTE, QUOTE_BLANK, OTHER = range(6)

#: A heading token's markup and tag by level (1 to 6).
MARKUP = ["#" * level for level in range(7)]
TAG = [f"h{level}" for level in range(7)]


class BlockReader:
    """The tokens so far, what the scan is in, and the readers of each kind of block."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self.text = text
        self.lines = lines
        self.tokens: list[ScannedToken] = []
        self.prev = BLANK
        self.stack: list[int] = []  # content columns of the open list items, outermost first
        self.para_start = -1  # first line of the open paragraph
        self.para_lines: list[str] = []  # its lines as markdown-it joins them
        #: The last comment block's line and its offset (comment() counts on from there).
        self.last_start = (0, 0)

    def end_paragraph(self, end: int) -> None:
        if self.para_start >= 0:
            content = "\n".join(self.para_lines).strip(blocklines.TRIM)
            # (token() written out: one call fewer for the commonest block)
            self.tokens.append(("inline", [self.para_start, end], content, "", "", None))
            self.para_start = -1

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
        tokens.append(("heading_open", rows, "", MARKUP[level], TAG[level], None))
        tokens.append(("inline", rows, content, "", "", None))
        self.prev = OTHER

    def item(self, i: int, columns: int, rest: str) -> None:
        """A list item of one line (what follows it is checked by the caller)."""
        bullet = blocklines.BULLET.match(rest)
        marker = bullet or blocklines.ORDERED.match(rest)
        if marker is None:
            raise GiveUp  # empty, or followed by a tab or by more than four spaces
        stack = self.stack
        deepest = stack[-1] if stack else 0
        while stack and columns < stack[-1]:
            stack.pop()
        if not stack and columns >= 4:
            raise GiveUp
        if stack and columns - stack[-1] >= 4:
            raise GiveUp
        interrupts = self.prev == PARA or (self.prev == ITEM and columns >= deepest)
        if interrupts and bullet is None and int(marker.group(1)) != 1:
            raise GiveUp  # does not interrupt a paragraph: a continuation line
        stack.append(columns + marker.end())
        if len(stack) > blocklines.MAX_DEPTH:
            raise GiveUp
        inner = rest[marker.end() :]
        if not blocklines.plain(inner):
            raise GiveUp  # a heading, quote, fence... inside the item
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
                    raise GiveUp  # a lazy continuation, or something ending the quote
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
                raise GiveUp
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
            raise GiveUp  # not a fence: a paragraph with a code span
        lines = self.lines
        fence = marker * length
        end = i + 1
        while end < len(lines):
            line = lines[end]
            if fence in line:  # (a closing line holds the fence: most lines are passed at once)
                columns, chars = blocklines.indent(line)
                close = line[chars:]
                if (
                    columns < 4
                    and close.startswith(fence)
                    and not close.lstrip(marker).strip(" \t")
                ):
                    self.prev = OTHER
                    return end + 1
            end += 1
        self.prev = OTHER
        return end

    def comment(self, i: int, chars: int) -> int:
        """A ``%%`` comment block: everything up to the next ``%%``, which may be far on."""
        # Offsets found from the last comment's line on (a note of many comments stays
        # linear), with no table of every line's start.
        last, offset = self.last_start
        offset += sum(map(len, self.lines[last:i])) + i - last
        self.last_start = (i, offset)
        begin = offset + chars
        close = self.text.find("%%", begin + 2)
        if close == -1:
            meta = {"start": begin, "end": len(self.text), "closed": False}
            self.tokens.append(
                ("vc_comment", [i, len(self.lines)], self.text[begin + 2 :], "", "", meta)
            )
            return len(self.lines)
        line = i + self.text.count("\n", begin, close)  # the line the closing %% is on
        meta = {"start": begin, "end": close + 2, "closed": True}
        self.tokens.append(
            ("vc_comment", [i, line + 1], self.text[begin + 2 : close], "", "", meta)
        )
        end = self.text.find("\n", close)
        rest = self.text[close + 2 : None if end == -1 else end].strip(blocklines.TRIM)
        if rest:  # what follows the closing `%%` on its line is shown: a paragraph
            self.tokens.append(token("inline", [line, line + 1], rest))
        self.prev = OTHER
        return line + 1
