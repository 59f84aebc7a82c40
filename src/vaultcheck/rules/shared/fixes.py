"""Building blocks for fixes: in-place edits of frontmatter lists and keys.

Frontmatter is never re-serialised. Each helper returns the few :class:`Edit` s that change
exactly one thing, in the note's own style: its line endings, the list's indentation and
bullet, flow (``[a, b]``) or block (``- a``) form, and the item's quoting. A helper returns
``None`` when it cannot make the change safely; the fix is then not offered.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from vaultcheck.core.diagnostics import Applicability, Edit, Fix
from vaultcheck.core.model import FrontmatterEntry, Link, LinkKind, Note, Span
from vaultcheck.parse.text import NEWLINE_RE
from vaultcheck.parse.yamlscalar import escape_for, style_of

if TYPE_CHECKING:
    import yaml

_PLAIN = re.compile(r"[^\W\d_][\w .\-/()'&]*", re.UNICODE)
_BLOCK_ITEM_PREFIX = re.compile(r"^(\s*)-\s+$")
#: Before an empty item (`-` at the end of the line), the space after the dash may be missing.
_EMPTY_ITEM_PREFIX = re.compile(r"^(\s*)-\s*$")


def _scalar_style_at(note: Note, offset: int) -> str | None:
    """The style of the innermost frontmatter value or list item holding ``offset`` (plain
    when only a nested collection holds it: the most restrictive choice)."""
    assert note.frontmatter is not None
    found: Span | None = None
    for entry in note.frontmatter.entries:
        for span in (entry.value_span, *(item.span for item in entry.items)):
            if span.start <= offset < span.end:
                found = span
    return style_of(note.text[found.start : found.end]) if found is not None else None


def link_edit(note: Note, link: Link, start: int, end: int, text: str) -> Edit | None:
    """Write ``text`` over ``[start, end)`` inside ``link``: as is in the body, escaped for
    its scalar's style in the frontmatter (``None`` when that style cannot hold it)."""
    if link.kind is not LinkKind.FRONTMATTER or note.frontmatter is None:
        return Edit(start, end, text)
    escaped = escape_for(_scalar_style_at(note, start), text)
    return None if escaped is None else Edit(start, end, escaped)


def newline(note: Note) -> str:
    """The note's line ending (the first one in it), ``\\n`` when it has none."""
    match = NEWLINE_RE.search(note.text)
    return match.group() if match else "\n"


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if _PLAIN.fullmatch(value) and value == value.rstrip() and _reads_as_text(value):
        return value
    return '"' + (escape_for('"', value) or "") + '"'


def _reads_as_text(plain: str) -> bool:
    """Whether YAML reads ``plain`` back as that very string (not `true`, `null`, `1.5`)."""
    import yaml

    resolved = _resolver().resolve(yaml.ScalarNode, plain, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved == "tag:yaml.org,2002:str")


@cache
def _resolver() -> yaml.resolver.Resolver:
    """PyYAML's resolver, made by the first fix that writes a value: importing PyYAML is
    about 15 % of a one-note lint's start, and a run that only reports needs none of it."""
    import yaml

    return yaml.resolver.Resolver()


def replace_scalar(note: Note, span: Span, value: str) -> Edit | None:
    """Replace a scalar's text so that it decodes to ``value``, in its own style: inside its
    quotes when it has them (escaped as they need), plain when plain can say it, else
    double-quoted. A block scalar (``|``, ``>``) is left alone (``None``)."""
    raw = note.text[span.start : span.end]
    style = style_of(raw)
    if style in ("'", '"') and len(raw) >= 2 and raw[-1] == raw[0]:
        inner = escape_for(style, value)
        return None if inner is None else Edit(span.start + 1, span.end - 1, inner)
    if style is not None or raw.startswith(("&", "!")):
        return None  # a block scalar, or one with an anchor or a tag to keep: left alone
    return Edit(span.start, span.end, yaml_scalar(value))


def _line_bounds(note: Note, line: int) -> tuple[int, int]:
    start = note.line_starts[line - 1]
    end = note.line_starts[line] if line < len(note.line_starts) else len(note.text)
    return start, end


def remove_list_item(note: Note, span: Span) -> Edit | None:
    """Remove one element of a YAML list: its whole line in a block list, or the element and
    one separating comma in a flow list."""
    if span.line != span.end_line:
        return None
    line_start, line_end = _line_bounds(note, span.line)
    before = note.text[line_start : span.start]
    after = note.text[span.end : line_end].rstrip("\r\n")
    empty = span.start == span.end and _EMPTY_ITEM_PREFIX.match(before)
    if empty or _BLOCK_ITEM_PREFIX.match(before):
        if after.strip() and not after.strip().startswith("#"):
            return None
        return Edit(line_start, line_end, "")
    text = note.text
    back = span.start
    while back > line_start and text[back - 1] in " \t":
        back -= 1
    if back > line_start and text[back - 1] == ",":
        return Edit(back - 1, span.end, "")
    forward = span.end
    while forward < line_end and text[forward] in " \t":
        forward += 1
    if forward < line_end and text[forward] == ",":
        forward += 1
        while forward < line_end and text[forward] in " \t":
            forward += 1
        if not before.strip(" \t") and not text[forward:line_end].strip("\r\n"):
            # The element had its line in a flow list written over several lines: the
            # line goes, rather than staying behind as white space.
            return Edit(line_start, line_end, "")
        return Edit(span.start, forward, "")
    return None  # the only element of a flow list: leave `[x]` alone


def append_list_items(
    note: Note, entry: FrontmatterEntry | None, key: str, values: list[str]
) -> Edit | None:
    """Add ``values`` to the list property ``key`` in its own style, creating the key when
    it is missing. One edit, so several values never compete for one insertion point."""
    fm = note.frontmatter
    if not values or fm is None or fm.unclosed or fm.error is not None or not fm.is_mapping:
        return None
    nl = newline(note)
    scalars = [yaml_scalar(v) for v in values]
    if entry is None:
        lines = "".join(f"  - {s}{nl}" for s in scalars)
        return Edit(fm.yaml_span.end, fm.yaml_span.end, f"{key}:{nl}{lines}")
    if entry.value is None:
        _, key_line_end = _line_bounds(note, entry.key_span.line)
        prefix = "" if note.text[:key_line_end].endswith(("\n", "\r")) else nl
        return Edit(key_line_end, key_line_end, prefix + "".join(f"  - {s}{nl}" for s in scalars))
    raw = note.text[entry.value_span.start : entry.value_span.end]
    if raw.startswith("["):
        close = note.text.rfind("]", entry.value_span.start, entry.value_span.end)
        if close == -1:
            return None
        separator = ", " if entry.items else ""
        return Edit(close, close, separator + ", ".join(scalars))
    if entry.items:
        last = entry.items[-1].span
        before = note.text[note.line_starts[last.line - 1] : last.start]
        if not _BLOCK_ITEM_PREFIX.match(before):
            return None
        line_start, line_end = _line_bounds(note, last.end_line)
        prefix = "" if note.text[line_start:line_end].endswith(("\n", "\r")) else nl
        return Edit(line_end, line_end, prefix + "".join(f"{before}{s}{nl}" for s in scalars))
    if isinstance(entry.value, str) and "\n" not in raw and raw[:1] not in ("|", ">"):
        # One line of text becomes a flow list; a block scalar (`>-` and its lines) or a
        # plain one over several lines cannot be put between brackets as written.
        return Edit(entry.value_span.start, entry.value_span.end, f"[{', '.join([raw, *scalars])}]")
    return None


def remove_entry(note: Note, entry: FrontmatterEntry) -> Edit:
    """Remove a top-level key with its value (all its lines)."""
    end_line = entry.value_span.end_line
    if entry.value_span.end_column == 1 and end_line > entry.key_span.line:
        end_line -= 1  # a block value ends at the start of the next key's line
    start, _ = _line_bounds(note, entry.key_span.line)
    _, end = _line_bounds(note, end_line)
    return Edit(start, end, "")


def drop_duplicate(note: Note, span: Span) -> Fix | None:
    """The safe fix of a repeated list element (AL002, TAG006, REL003), when it can be made."""
    return drop_item(note, span, "Remove the duplicate")


def drop_item(note: Note, span: Span, message: str) -> Fix | None:
    """The safe fix removing one list element, when it can be made."""
    edit = remove_list_item(note, span)
    return Fix((edit,), Applicability.SAFE, message) if edit else None
