"""The markdown-it parser as vaultcheck configures it, and the work it is spared.

CommonMark with tables, ``$math$`` and the Obsidian rules of :mod:`vaultcheck.parse.mdrules`. A cold
run spends most of its time here, so two things are skipped where they provably change
nothing: block rules that cannot match a given text, and inline tokenising of text that holds
none of the characters an Obsidian construct starts with. Both are checked by tests that
compare with the full parse over every fixture, fuzz and hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from vaultcheck.parse import blocklines, mdrules
from vaultcheck.parse.text import LineIndex

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def build_parser() -> MarkdownIt:
    """CommonMark + tables + ``$math$`` + Obsidian rules; only the rules that decide structure."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    blocklines.read_trim()  # what the Obsidian rules trim (:mod:`mdrules`)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    mdrules.install(md)
    # Emphasis and entities never change what is code, a link or a tag: skip the work.
    md.disable(["emphasis", "entity"])
    # Inline parsing is driven by ``parse_body`` so it can keep track of positions.
    md.core.ruler.disable(["inline", "text_join"])
    return md


def parser() -> MarkdownIt:
    """:data:`PARSER`, built first if no parse has needed it yet."""
    global PARSER, _built
    if _built is None:
        _built = PARSER = build_parser()
    return _built


class _BuiltOnFirstUse:
    """Stands for :data:`PARSER` until an attribute of it is first read: then builds the
    parser and puts it in its place (every use reads ``mdparser.PARSER.something``)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(parser(), name)


#: The parser with every rule on; inline text is tokenised with it. Built on first use, as
#: markdown-it-py is imported: a run that parses nothing (every finding from the cache)
#: needs neither, a fifth of its start. (Not a module ``__getattr__``: Python 3.11 then
#: specialises no ``mdparser.X`` read.)
PARSER: MarkdownIt = cast("MarkdownIt", _BuiltOnFirstUse())
_built: MarkdownIt | None = None


_ORDERED_MARKER = re.compile(r"[0-9][.)]")

#: Each block rule's first check, as a test on the whole text: a rule whose characters the
#: text lacks cannot match anywhere in it, so it is switched off for that text instead of
#: being tried (and failing) on every line. The tokens are the same either way (tested).
#: (``code`` also decides ``is_code_block`` for other rules; without four columns of
#: indentation anywhere, that is false on every line anyway.)
_BLOCK_RULE_NEEDS: dict[str, Callable[[str], bool]] = {
    "vc_comment": lambda t: "%%" in t,
    "table": lambda t: "|" in t,
    "code": lambda t: "    " in t or "\t" in t,
    "math_block": lambda t: "$$" in t,
    "fence": lambda t: "```" in t or "~~~" in t,
    "blockquote": lambda t: ">" in t,
    "hr": lambda t: "-" in t or "*" in t or "_" in t,
    "list": lambda t: "-" in t or "*" in t or "+" in t or _ORDERED_MARKER.search(t) is not None,
    "reference": lambda t: "]:" in t,
    "html_block": lambda t: "<" in t,
    "heading": lambda t: "#" in t,
    "lheading": lambda t: "-" in t or "=" in t,
}


@lru_cache(maxsize=256)
def _parser_without(rules: frozenset[str]) -> MarkdownIt:
    md = build_parser()
    if rules:
        md.block.ruler.disable(sorted(rules))
    return md


def block_parser_for(text: str) -> MarkdownIt:
    """The parser with only the block rules that can match somewhere in ``text``."""
    return _parser_without(
        frozenset(rule for rule, needed in _BLOCK_RULE_NEEDS.items() if not needed(text))
    )


#: Every construct recorded from inline text starts with one of these characters (links,
#: embeds and citations ``[``, tags ``#``, block ids ``^``, comments ``%%`` and ``<!--``).
#: Inline text without any of them yields nothing, so it is not tokenised at all: that is
#: most paragraphs of most vaults.
INLINE_TRIGGER = re.compile(r"[\[#^%<]")


def inline_trigger(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`INLINE_TRIGGER`: five ``in`` tests,
    each a ``memchr``, ten times quicker than the pattern's search, which tests every
    character against its class (1.5 us for a paragraph of 250 characters)."""
    return "[" in text or "#" in text or "^" in text or "%" in text or "<" in text


def markdown_text(text: str, body_start_line: int, raw_index: LineIndex) -> str:
    """The text markdown-it reads: line breaks as ``\\n``, a BOM as a space (columns stay),
    the frontmatter's lines (before 0-based ``body_start_line``) emptied."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if body_start_line:
            lines = text.split("\n")
            text = "\n" * body_start_line + "\n".join(lines[body_start_line:])
    elif body_start_line:  # the raw index has the same lines when there is no CR
        text = "\n" * body_start_line + text[raw_index.line_start(body_start_line + 1) :]
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keeps columns; a BOM is not content
    return text


def body_lines(text: str, body_start_line: int, lines: list[str]) -> list[str] | None:
    """The lines of ``markdown_text(text, body_start_line, ...)`` made from ``lines``,
    ``text`` (holding no ``\\r``) split on ``\\n``: the frontmatter's lines empty, the
    others the same strings. ``None`` for a text starting with a BOM (shown as a space)."""
    if text.startswith("\ufeff"):
        return None
    if not body_start_line:
        return lines
    return [""] * body_start_line + (lines[body_start_line:] or [""])
