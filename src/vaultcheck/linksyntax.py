"""The syntax of link targets: wikilink insides and Markdown link destinations.

Shared by the body parser and the frontmatter parser, so a link means the same wherever
it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

#: A URL scheme (``https:``, ``mailto:``, ``obsidian:``); such links leave the vault.
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

#: Wikilinks inside a frontmatter string value (one line, no nested brackets).
WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")


@dataclass(frozen=True, slots=True)
class LinkParts:
    """A link target split into its parts. Offsets are relative to the text that was split."""

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
    if fragment:
        parts = [p.strip() for p in fragment.split("#")]
        if parts and parts[-1].startswith("^"):
            block = parts.pop()[1:]
        headings = tuple(p for p in parts if p)
    return LinkParts(target, headings, block, text, lead, lead + len(target))


def is_external(destination: str) -> bool:
    """Whether a Markdown link destination points outside the vault (has a URL scheme)."""
    return bool(_SCHEME_RE.match(destination))


def split_destination(destination: str) -> LinkParts:
    """Split a Markdown link destination (``My%20Note.md#Some%20Heading``), percent-decoded."""
    hash_at = destination.find("#")
    path = destination if hash_at == -1 else destination[:hash_at]
    fragment = "" if hash_at == -1 else "#" + destination[hash_at + 1 :]
    return _split_path(unquote(path) + unquote(fragment), None)
