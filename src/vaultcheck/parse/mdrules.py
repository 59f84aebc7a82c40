"""markdown-it-py rules for Obsidian syntax: wikilinks, embeds, tags, block ids, ``%%`` comments.

The rules only *record* what they find (kind, inline-source offsets, data) into
``env["vc_found"]``; :mod:`vaultcheck.parse.body` maps those offsets back to the file. Because they
run inside markdown-it, nothing is found inside code spans, code blocks, math or HTML: the
built-in rules consume that text before ours can see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vaultcheck.parse import blocklines

if TYPE_CHECKING:  # (the matchers here serve the scanners too, which need no markdown-it)
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

#: What a tag may not contain (besides white space): ASCII punctuation but ``_ - /``, and
#: Unicode's general and supplemental punctuation, as Obsidian's own pattern: a tag ends at
#: a dash (``#project—later``), a right single quote (U+2019) or a zero-width joiner.
_TAG_RE = re.compile(r"#([^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~\u2000-\u206F\u2E00-\u2E7F]+)")
_BLOCK_ID_RE = re.compile(r"\^([A-Za-z0-9-]+)")
#: A pandoc citation key in brackets (``@doe99``, ``-@doe99``); trailing punctuation is not in it.
#: It starts with a letter of any script, a digit or ``_`` (``@Özdemir2020``), as in pandoc.
_CITEKEY_RE = re.compile(r"(?:(?<=^)|(?<=[\s;\[-]))-?@(\w[\w:.#$%&\-+?<>~/]*)")
_KEY_TRAILING = ":.#$%&-+?<>~/"

#: How far to look for the end of a wikilink or citation. Real ones are short; a bound keeps
#: text full of unclosed ``[[`` linear instead of quadratic.
MAX_LINK_LENGTH = 2048

#: One finding: (kind, start, end, data), offsets into the inline source being parsed.
Found = tuple[str, int, int, Any]


def _record(state: StateInline, kind: str, start: int, end: int, data: Any = None) -> None:
    state.env["vc_found"].append((kind, start, end, data))


def match_wikilink(src: str, pos: int) -> tuple[bool, int, int, str] | None:
    """(embed, inner start, end, inner) of a ``[[target]]`` or ``![[target]]`` at ``pos``."""
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return None
    open_end = pos + (3 if embed else 2)
    close = src.find("]]", open_end, open_end + MAX_LINK_LENGTH)
    if close == -1:
        return None
    inner = src[open_end:close]
    if "\n" in inner or "[[" in inner:
        return None
    return embed, open_end, close + 2, inner


def match_tag(src: str, pos: int) -> re.Match[str] | None:
    """A ``#tag`` at ``pos`` (after white space, not only digits)."""
    if src[pos] != "#" or not (pos == 0 or src[pos - 1].isspace()):
        return None
    match = _TAG_RE.match(src, pos)
    name = match.group(1) if match else ""
    if not match or (name.isascii() and name.isdigit()):
        return None  # `#1984`; `#۱۴۰۲` is a tag, as JavaScript's `\d` is ASCII digits only
    return match


def match_block_id(src: str, pos: int) -> re.Match[str] | None:
    """A ``^block-id`` at ``pos``, after white space and closing its line."""
    if src[pos] != "^" or not (pos == 0 or src[pos - 1].isspace()):
        return None
    match = _BLOCK_ID_RE.match(src, pos)
    if not match:
        return None
    after = match.end()
    while after < len(src) and src[after] in " \t":
        after += 1
    if after < len(src) and src[after] != "\n":
        return None  # more text follows on the line
    return match


def wikilink(state: StateInline, silent: bool) -> bool:
    """``[[target]]`` and ``![[target]]`` on one line; ``[[]]`` is recorded as empty."""
    found = match_wikilink(state.src, state.pos)
    if found is None:
        return False
    embed, open_end, end, inner = found
    if not silent:
        _record(state, "embed" if embed else "wikilink", state.pos, end, (open_end, inner))
    state.pos = end
    return True


def tag(state: StateInline, silent: bool) -> bool:
    """``#tag`` after white space, with at least one character that is not a digit."""
    match = match_tag(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        _record(state, "tag", state.pos, match.end(), match.group(1))
    state.pos = match.end()
    return True


def block_id(state: StateInline, silent: bool) -> bool:
    """``^block-id`` after white space, closing its line."""
    match = match_block_id(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        _record(state, "block_id", state.pos, match.end(), match.group(1))
    state.pos = match.end()
    return True


def citation(state: StateInline, silent: bool) -> bool:
    """Pandoc citations: ``[@key]``, ``[see @a, p. 4; @b]`` (but not ``[x](url)``)."""
    src, pos = state.src, state.pos
    if src[pos] != "[" or src.startswith("[[", pos):
        return False
    close = src.find("]", pos + 1, pos + 1 + MAX_LINK_LENGTH)
    if close == -1 or "[" in src[pos + 1 : close] or src[close + 1 : close + 2] in ("(", "["):
        return False
    inner = src[pos + 1 : close]
    keys = [
        (pos + 1 + m.start(1), m.group(1).rstrip(_KEY_TRAILING))
        for m in _CITEKEY_RE.finditer(inner)
    ]
    if not keys:
        return False
    if not silent:
        for start, key in keys:
            _record(state, "citekey", start - 1, start + len(key), key)
    state.pos = close + 1
    return True


def inline_comment(state: StateInline, silent: bool) -> bool:
    """``%%hidden%%`` inside a paragraph; an unclosed one hides the rest of the paragraph."""
    src, pos = state.src, state.pos
    if not src.startswith("%%", pos):
        return False
    close = src.find("%%", pos + 2)
    end = len(src) if close == -1 else close + 2
    if not silent:
        kind = "comment" if close != -1 else "open_comment"
        _record(state, kind, pos, end, src[pos + 2 : close if close != -1 else end])
    state.pos = end
    return True


def _recording(
    builtin: Callable[[StateInline, bool], bool], kind: str
) -> Callable[[StateInline, bool], bool]:
    """Wrap a built-in rule so a successful, non-silent match is recorded with its extent."""

    def rule(state: StateInline, silent: bool) -> bool:
        start, first_token = state.pos, len(state.tokens)
        found: list[Found] | None = state.env.get("vc_found")
        first_found = 0 if found is None else len(found)
        if not builtin(state, silent):
            return False
        if not silent:
            if kind == "image" and found is not None:
                _shift(found, first_found, start + 2)
            _record(state, kind, start, state.pos, state.tokens[first_token:])
        return True

    return rule


def _shift(found: list[Found], first: int, label_start: int) -> None:
    """Move what an image's alt text holds (found from ``first`` on) to offsets of the
    source: markdown-it parses that text as a string of its own, so the rules record
    offsets from its start (``label_start``), and a wikilink's inner start likewise."""
    for k in range(first, len(found)):
        what, start, end, data = found[k]
        if what == "wikilink" or what == "embed":
            data = (data[0] + label_start, data[1])
        found[k] = (what, start + label_start, end + label_start, data)


def comment_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A ``%%`` comment starting a block: hides every line up to the closing ``%%``; the
    rest of that line is a paragraph."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("%%", begin):
        return False
    if silent:
        return True
    close = state.src.find("%%", begin + 2)
    line = start_line
    if close == -1:
        line = end_line - 1
        stop = len(state.src)
    else:
        stop = close + 2
        while line + 1 < end_line and state.bMarks[line + 1] <= close:
            line += 1
    state.line = line + 1
    token = state.push("vc_comment", "", 0)
    token.map = [start_line, state.line]
    token.content = state.src[begin + 2 : close if close != -1 else stop]
    token.meta = {"start": begin, "end": stop, "closed": close != -1}
    if close != -1:
        # Obsidian shows what follows the closing `%%` on its line (`%% see [[R]]`): a
        # paragraph of that text, as the block scanner gives it.
        rest = state.src[stop : state.eMarks[line]].strip(blocklines.TRIM)
        if rest:
            state.push("paragraph_open", "p", 1).map = [line, line + 1]
            text = state.push("inline", "", 0)
            text.map, text.content, text.children = [line, line + 1], rest, []
            state.push("paragraph_close", "p", -1)
    return True


def install(md: MarkdownIt) -> None:
    """Add the Obsidian rules to ``md``, replacing ``link``/``image``/``html_inline``."""
    from markdown_it.rules_inline import html_inline as builtin_html_inline
    from markdown_it.rules_inline import image as builtin_image
    from markdown_it.rules_inline import link as builtin_link

    md.block.ruler.before("table", "vc_comment", comment_block)
    md.inline.ruler.before("math_inline", "vc_comment", inline_comment)
    md.inline.ruler.before("math_inline", "vc_wikilink", wikilink)
    md.inline.ruler.before("math_inline", "vc_tag", tag)
    md.inline.ruler.before("math_inline", "vc_block_id", block_id)
    md.inline.ruler.before("math_inline", "vc_citation", citation)
    md.inline.ruler.at("link", _recording(builtin_link, "link"))
    md.inline.ruler.at("image", _recording(builtin_image, "image"))
    md.inline.ruler.at("html_inline", _recording(builtin_html_inline, "html"))
