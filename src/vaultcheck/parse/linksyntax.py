"""The syntax of link targets: wikilink insides and Markdown link destinations.

Shared by the body parser and the frontmatter parser, so a link means the same wherever
it is written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

#: A URL scheme (``https:``, ``mailto:``, ``obsidian:``); such links leave the vault.
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

#: Wikilinks inside a frontmatter string value (one line, no nested brackets).
WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")


class LinkParts(NamedTuple):
    """A link target split into its parts. Offsets are relative to the text that was split.
    (A ``NamedTuple``: a frozen dataclass took a fifth of building a link with a heading.)"""

    target: str
    headings: tuple[str, ...]
    block: str | None
    text: str | None
    #: Where the target starts and ends inside the split text (after trimming spaces).
    target_start: int
    target_end: int


def split_wikilink(inner: str) -> LinkParts:
    """Split the text between ``[[`` and ``]]``: ``path#heading#^block|text``.

    ``\\|`` (escaped for tables) separates the text exactly like ``|``.
    """
    bar = inner.find("|")
    if bar == -1:
        path, text = inner, None
    else:
        cut = bar - 1 if bar > 0 and inner[bar - 1] == "\\" else bar
        path, text = inner[:cut], inner[bar + 1 :]
    return _split_path(path, text)


def _split_path(path: str, text: str | None) -> LinkParts:
    hash_at = path.find("#")
    target_raw = path if hash_at == -1 else path[:hash_at]
    fragment = "" if hash_at == -1 else path[hash_at + 1 :]
    lead = len(target_raw) - len(target_raw.lstrip())
    target = target_raw.strip()
    headings: tuple[str, ...] = ()
    block: str | None = None
    if fragment and "#" not in fragment:  # one heading or block (most): no list to split
        part = fragment.strip()
        if part.startswith("^"):
            block = part[1:]
        elif part:
            headings = (part,)
    elif fragment:
        parts = [p.strip() for p in fragment.split("#")]
        if parts and parts[-1].startswith("^"):
            block = parts.pop()[1:]
        headings = tuple(filter(None, parts))
    return _new(LinkParts, (target, headings, block, text, lead, lead + len(target)))


#: Builds a ``LinkParts`` from all its fields in order, without ``NamedTuple``'s Python
#: ``__new__`` (a fifth of splitting a wikilink).
_new = tuple.__new__


def is_external(destination: str) -> bool:
    """Whether a Markdown link destination points outside the vault (has a URL scheme)."""
    return bool(_SCHEME_RE.match(destination))


@lru_cache(maxsize=4096)
def split_destination(destination: str) -> LinkParts:
    """Split a Markdown link destination (``My%20Note.md#Some%20Heading``), percent-decoded
    (remembered: links to the same note recur, and decoding costs more than the rest)."""
    hash_at = destination.find("#")
    path = destination if hash_at == -1 else destination[:hash_at]
    fragment = "" if hash_at == -1 else "#" + destination[hash_at + 1 :]
    return _split_path(percent_decoded(path) + percent_decoded(fragment), None)


#: A run of percent escapes (a name in another script is one: ``%E0%A4%AA%20%E0...``).
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def percent_decoded(text: str) -> str:
    """``urllib.parse.unquote(text)``: each run of escapes decoded at once, not one escape
    at a time in a Python loop (three escapes a character of another script: 900 steps
    for a note's name, and names rarely recur, so the memo above rarely spares them).

    The same text: ``unquote`` decodes the bytes of each run of ASCII characters as UTF-8,
    invalid sequences replaced; a literal ASCII character or one beyond ASCII ends any
    sequence either way (only escapes give bytes over ``0x7f``), and the decoder replaces
    a sequence cut off by one as it does one cut off by the end of its bytes, so decoding
    the runs of escapes apart gives the same characters. (``tests/test_linkdest.py``)"""
    if "%" not in text:
        return text
    return _ESCAPES.sub(_decoded_run, text)


def _decoded_run(escapes: re.Match[str]) -> str:
    return bytes.fromhex(escapes.group().replace("%", "")).decode("utf-8", "replace")


#: What cannot stand bare in a Markdown link destination written without ``<...>``.
_DESTINATION_ESCAPES = str.maketrans({"%": "%25", " ": "%20", "(": "%28", ")": "%29"})


def destination_path_edit(written: str, target: str, new: str) -> tuple[int, int, str] | None:
    """Where the path of a Markdown link's destination sits in ``written`` (the link as in
    the note, ``[t](My%20Note.md#Part)``), and ``new`` encoded to replace it; ``None`` when
    the destination is not a plain ``(path)`` or ``(<path>)`` whose path decodes to
    ``target`` (a title, say, or a link across lines)."""
    opened = written.rfind("](")
    if opened == -1 or not written.endswith(")") or "\n" in written:
        return None
    start = opened + 2
    inner = written[start:-1]
    angled = inner.startswith("<") and inner.endswith(">")
    if angled:
        start, inner = start + 1, inner[1:-1]
    path = inner.split("#", 1)[0]
    if unquote(path) != target:
        return None
    if angled:  # spaces and parentheses may stand bare; a percent sign is still decoded
        fitted = None if any(c in new for c in "<>") else new.replace("%", "%25")
    else:
        fitted = new.translate(_DESTINATION_ESCAPES)
    return None if fitted is None else (start, start + len(path), fitted)


def fits_wikilink(text: str) -> bool:
    """Whether ``text`` can stand as a wikilink's target and read back as itself: no `|`
    or `#` (they end the target), no `]]` or `[[`, no final `]` (it would join the closing
    `]]`), no backslash (read as `/`), no line break, and no space at either end (a target
    is read trimmed, so ` lead.md` cannot be named)."""
    return not (
        _WIKILINK_BREAKERS.search(text)
        or "[[" in text
        or "]]" in text
        or text.endswith("]")
        or text != text.strip()
    )


_WIKILINK_BREAKERS = re.compile(r"[|#\\\r\n]")
