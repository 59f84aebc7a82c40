"""YAML scalars as written: where each decoded character sits in the source, and how to write
new text into a scalar in its own style.

Links, aliases and tags in frontmatter are what YAML decodes (``'[[Pa''u]]'`` is a link to
``Pa'u``), but fixes edit the source. So a decoded position is mapped back to the source,
and text written into a scalar is escaped as its style needs: ``''`` in single quotes,
backslash escapes in double quotes; in a plain or block scalar it must need no escaping.
"""

from __future__ import annotations

import json
import re

from vaultcheck.core.model import Link, LinkKind
from vaultcheck.parse.linksyntax import WIKILINK_RE, split_wikilink
from vaultcheck.parse.text import LineIndex, make_span

#: Backslash escapes of double-quoted YAML and how many source characters each takes.
_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}

#: What may be written into a plain scalar without changing how YAML reads it (no `: `,
#: ` #`, quotes, flow indicators, backslash or line break).
_PLAIN_SAFE = re.compile(r"[^:#'\"\\\[\]{},\n\r\t\x85\u2028\u2029]*")

#: Characters YAML reads as line breaks (PyYAML counts NEL and the Unicode separators too).
_BREAKS = re.compile(r"[\n\r\x85\u2028\u2029]")


def source_offsets(raw: str, style: str | None, value: str) -> list[int] | None:
    """For a one-line scalar written as ``raw`` (quotes included) in ``style`` (PyYAML's:
    ``None`` plain, ``'``, ``"``), the offset in ``raw`` of each character of the decoded
    ``value``, plus one for its end; ``None`` when it cannot be mapped exactly."""
    if "\n" in raw or "\r" in raw:
        return None
    if style is None:
        return list(range(len(value) + 1)) if raw == value else None
    if style not in ("'", '"') or len(raw) < 2 or raw[0] != style or raw[-1] != style:
        return None
    offsets: list[int] = []
    at, end = 1, len(raw) - 1
    while at < end:
        offsets.append(at)
        if style == "'" and raw.startswith("''", at):
            at += 2
        elif style == '"' and raw[at] == "\\":
            at += _ESCAPE_LENGTHS.get(raw[at + 1 : at + 2], 2)
        else:
            at += 1
    offsets.append(end)
    return offsets if len(offsets) == len(value) + 1 else None


def scalar_links(
    text: str, index: LineIndex, key: str, start: int, end: int, style: str | None, value: str
) -> list[Link]:
    """The ``[[links]]`` of the string ``value`` of key ``key``, written as ``text[start:end]``
    in ``style``, placed where they are written: exactly in a one-line scalar (escapes mapped
    back), else where the link's text appears as written, else on the whole value (and then no
    fix may rewrite its target)."""
    raw = text[start:end]
    offsets = source_offsets(raw, style, value)
    cursor = 0
    links: list[Link] = []
    for match in WIKILINK_RE.finditer(value):
        parts = split_wikilink(match.group(1))
        inner = match.start() + 2
        target_from, target_to = inner + parts.target_start, inner + parts.target_end
        if offsets is not None:
            at = [offsets[i] for i in (match.start(), match.end(), target_from, target_to)]
        else:
            found = raw.find(match.group(0), cursor)
            if found == -1:
                at = [0, len(raw), -1, -1]
            else:
                shift = found - match.start()
                at = [found, found + len(match.group(0)), target_from + shift, target_to + shift]
                cursor = at[1]
        target_span = None
        if at[2] >= 0:
            target_span = make_span(index, start + at[2], start + at[3])
        links.append(
            Link(
                kind=LinkKind.FRONTMATTER,
                target=parts.target,
                span=make_span(index, start + at[0], start + at[1]),
                headings=parts.headings,
                block=parts.block,
                text=parts.text,
                key=key,
                target_at=target_span,
            )
        )
    return links


def escape_for(style: str | None, text: str) -> str | None:
    """``text`` as it must be written inside a scalar of ``style`` to decode to itself, or
    ``None`` when that style cannot hold it safely (then the edit is not made)."""
    if style == '"':
        # Escaped, as JSON does, which YAML's double quotes read the same; the characters
        # YAML takes for line breaks are escaped too (JSON writes them as they are).
        inner = json.dumps(text, ensure_ascii=False)[1:-1]
        return _BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", inner)
    if _BREAKS.search(text):
        return None
    if style == "'":
        return text.replace("'", "''")
    if style in ("|", ">"):
        return text
    return text if _PLAIN_SAFE.fullmatch(text) else None


def style_of(raw: str) -> str | None:
    """The style of a scalar from its source text: ``'``, ``"``, ``|``, ``>`` or ``None``."""
    first = raw[:1]
    return first if first in ("'", '"', "|", ">") else None
