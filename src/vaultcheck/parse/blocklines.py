"""What one line of Markdown can be, as markdown-it-py's block rules see it, for
:mod:`vaultcheck.parse.blockscan`; and the token that scanner emits.

Only spaces and tabs are indentation (tabs to multiples of four columns), as in markdown-it;
Python's notion of white space is never used for structure.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

#: What markdown-it-py trims off paragraph and heading content; an older markdown-it-py
#: trims differently and has no such constant: then the scanner is never used. Read by
#: :func:`read_trim` when the first note is scanned or the parser built; :data:`UNREAD`
#: until then.
TRIM: str | None
UNREAD = TRIM = "\x00 (not read yet)"


def read_trim() -> str | None:
    """:data:`TRIM`, read from markdown-it-py, imported here rather than at start: a run
    that parses nothing (every finding from the cache) needs none of it, a fifth of the
    start. (Not a module ``__getattr__``: Python 3.11 then specialises no ``blocklines.X``
    read, and the scanner reads these per line.)"""
    global TRIM
    from markdown_it.common import utils

    TRIM = getattr(utils, "MD_TRIM_CHARS", None)
    return TRIM


class BlockToken(NamedTuple):
    """The parts of a markdown-it ``Token`` that ``parse/body.py`` reads, by name. The
    scanner emits them as plain tuples of these fields in order (:data:`ScannedToken`): it
    makes one or two per block, and ``tuple.__new__`` of this class cost three times a
    tuple the interpreter builds (about 6 us a note of 25 blocks, 3 % of parsing it); they
    are made ``BlockToken`` only where a token is read by name (``parse/body.py``'s general
    loop, a table cell or a comment block in ``parse/bodyscanned.py``)."""

    type: str
    map: list[int] | None
    content: str = ""
    markup: str = ""
    tag: str = ""
    #: A ``vc_comment``'s offsets (``start``, ``end``, ``closed``); other tokens: ``None``.
    meta: dict[str, Any] | None = None


#: A token as the scanner emits it: :class:`BlockToken`'s fields in order, in a plain tuple
#: (read by index in ``parse/bodyscanned.py``).
ScannedToken = tuple[str, list[int] | None, str, str, str, dict[str, Any] | None]


def token(type: str, map: list[int] | None, content: str = "") -> ScannedToken:
    """A :data:`ScannedToken` of ``type`` with no markup, tag or meta."""
    return (type, map, content, "", "", None)


#: Whole-note reasons to give up (besides ``$$`` math and NUL, which markdown-it replaces):
#: an HTML block start (after indentation, quote or list markers), and reference definitions
#: (a block starting with ``[`` when ``]:`` occurs; ``[[`` cannot start one).
HTML_START = re.compile(r"^[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)*<", re.MULTILINE)
#: What may stand before such a ``<`` on its line.
_HTML_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)*")
REFERENCE_START = re.compile(r"^[ \t>*+\-0-9.)]*\[(?!\[)", re.MULTILINE)


def html_start(text: str) -> bool:
    """Whether :data:`HTML_START` matches somewhere in ``text`` (lines split on ``\\n``),
    looking only at the first ``<`` of each line that has one: a later one has that ``<``
    before it, which no prefix holds. (The pattern's search tried every position of the
    note.)"""
    at = text.find("<")
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        if _HTML_PREFIX.fullmatch(text, line_start, at):
            return True
        line_end = text.find("\n", at)
        if line_end == -1:
            return False
        at = text.find("<", line_end)
    return False


#: A table's delimiter row, a setext underline or a break: only ``|:-`` and white space.
DELIMITER_ROW = re.compile(r"[ \t]*[|:\-][|:\- \t]*$")
BREAK = re.compile(r"([*\-_])(?:[ \t]*\1){2,}[ \t]*$")
BULLET = re.compile(r"([-*+])( {1,4})(?=[^ \t])")
ORDERED = re.compile(r"([0-9]{1,9})[.)]( {1,4})(?=[^ \t])")
ANY_ITEM = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")
#: What ends a list item's paragraph and the list, when less indented than the item's text.
ENDS_LIST = re.compile(r"#{1,6}(?:[ \t]|$)|```|~~~")
#: Lists nested deeper than this go to markdown-it-py (its nesting limit drops content).
MAX_DEPTH = 5


def indent(line: str) -> tuple[int, int]:
    """(columns, characters) of a line's leading spaces and tabs, tabs to multiples of 4."""
    if line[:1] not in (" ", "\t"):
        return 0, 0  # most lines
    columns = chars = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
        chars += 1
    return columns, chars


#: What a line that is not paragraph text may start with (see :func:`plain`): a line
#: starting with anything else is text, or a table's header row if it holds ``|``.
NOT_PLAIN_START = frozenset(" \t<>#`~-*+_=|:%0123456789")


def plain(rest: str) -> bool:
    """Whether ``rest`` (a line after its indentation or markers) can only be paragraph text."""
    if not rest:
        return False
    first = rest[0]
    if first not in NOT_PLAIN_START:
        return True  # most text (a digit other than 0-9 starts no ordered item)
    if first in " \t<>":
        return False
    if first == "#":
        return HEADING.match(rest) is None
    if first in "`~":
        return not rest.startswith(("```", "~~~"))
    if first in "-*+_=|:":
        if ANY_ITEM.match(rest) or DELIMITER_ROW.match(rest):
            return False
        return not (first in "*_=" and not rest.strip("*_= \t"))
    if first == "%":
        return not rest.startswith("%%")
    if first.isdigit():
        return ANY_ITEM.match(rest) is None
    return True


def text_start_line(lines: list[str], first: int, last: int, content: str) -> int:
    """The line of ``first`` to ``last`` (0-based, in ``lines``) a paragraph's text ``content``
    starts on. markdown-it trims the text, and a line holding only white space it does not take
    for blank (U+3000, a no-break space, an em space) is trimmed off whole: the text then
    starts on a later line than its paragraph. Each line of a text is the end of its
    source line, so the first line ending with the text's first line is that line."""
    head = content.split("\n", 1)[0].rstrip()
    for line in range(first, min(last, len(lines))):
        if lines[line].rstrip().endswith(head):
            return line
    return first
