"""What a set of edits changed in a parsed note, outside the edits themselves.

The fix verifier (``fixcheck.py``) asks: after these edits, is everything the parser found
outside them (links, properties, headings, block ids, table rows) still there, at the same
text, meaning the same? Each question returns why not, or ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from vaultcheck.core.diagnostics import Edit
from vaultcheck.core.model import FrontmatterEntry, Heading, Note, Span
from vaultcheck.parse.tables import table_rows
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Resolution

T = TypeVar("T")


class EditMap:
    """Sorted, non-overlapping edits, and where text outside them moves."""

    def __init__(self, ordered: list[Edit]) -> None:
        self.old = [(e.start, e.end) for e in ordered]
        self.new: list[tuple[int, int]] = []
        self._shifts: list[tuple[int, int]] = []  # (old offset from which, shift)
        shift = 0
        for edit in ordered:
            self.new.append((edit.start + shift, edit.start + shift + len(edit.replacement)))
            shift += len(edit.replacement) - (edit.end - edit.start)
            self._shifts.append((edit.end, shift))
        self.replacements = [e.replacement for e in ordered]

    def moved(self, offset: int) -> int:
        """Where an offset of the old text outside the edits is in the new text."""
        moved = 0
        for edit_end, shift in self._shifts:
            if offset < edit_end:
                break
            moved = shift
        return offset + moved

    def touches(self, span: Span) -> bool:
        """Whether ``span`` (of the old text) meets an edit, an insertion at its very
        start or end included (it extends what it touches: an item added to a list)."""
        return any(span.start <= end and start <= span.end for start, end in self.old)

    def match(
        self, before: Iterable[tuple[Span, T]], after: Iterable[tuple[Span, T]]
    ) -> tuple[list[tuple[T, T | None]], list[T]]:
        """Pair the things found outside the edits before with those found at the same text
        after (``None`` when gone); and list what is new outside the edits."""
        kept = {(s.start, s.end): x for s, x in after if not _touches(s, self.new)}
        pairs: list[tuple[T, T | None]] = []
        for span, item in before:
            if _touches(span, self.old):
                continue  # what the edits mean to change
            start = self.moved(span.start)
            pairs.append((item, kept.pop((start, start + span.end - span.start), None)))
        return pairs, list(kept.values())


def _touches(span: Span, ranges: list[tuple[int, int]]) -> bool:
    for start, end in ranges:
        if span.start < end and start < span.end:
            return True
        if start == end and span.start < start < span.end:
            return True  # an insertion inside it
    return False


def link_damage(before: Note, after: Note, edits: EditMap, links: LinkIndex) -> str | None:
    """A link outside the edits lost, leading elsewhere, or new."""
    pairs, new = edits.match(
        ((x.span, x) for x in before.links), ((x.span, x) for x in after.links)
    )
    for link, now in pairs:
        written = before.text[link.span.start : link.span.end]
        if now is None:
            return f"`{written}` on line {link.span.line} would no longer be a link"
        # Asked of the resolver, so this follows Obsidian's rules as the project models them.
        was, becomes = links.resolve(before, link), links.resolve(after, now)
        if _where(was) != _where(becomes) or (link.headings, link.block) != (
            now.headings,
            now.block,
        ):
            return (
                f"`{written}` on line {link.span.line} would lead to {_describe(becomes)} "
                f"instead of {_describe(was)}"
            )
    if new:
        written = after.text[new[0].span.start : new[0].span.end]
        return f"it would turn `{written}` on line {new[0].span.line} into a link"
    return None


def _where(res: Resolution) -> tuple[str, str | None]:
    """Where a link goes: the file Obsidian opens (how it chose it does not matter here)."""
    return (res.status.value, res.target)


def _describe(res: Resolution) -> str:
    return f"`{res.target}`" if res.target is not None else f"no note ({res.status.value})"


def property_damage(before: Note, after: Note, edits: EditMap) -> str | None:
    """A property outside the edits no longer read from the same text (say, swallowed by a
    block scalar an edit opened), or a new one read from text the edits did not write."""
    fm, new_fm = before.frontmatter, after.frontmatter
    if fm is None or new_fm is None or fm.error is not None or new_fm.error is not None:
        return None  # (whether the YAML stays valid is asked separately)
    pairs, new = edits.match(
        ((e.key_span, e) for e in fm.entries), ((e.key_span, e) for e in new_fm.entries)
    )
    for entry, now in pairs:
        lost = now is None or now.key != entry.key
        if lost or (
            not edits.touches(entry.value_span) and _value(before, entry) != _value(after, now)
        ):
            return f"the property on line {entry.key_span.line} would no longer be read as written"
    if new:
        return f"it would make line {new[0].key_span.line} a new property"
    return None


def _value(note: Note, entry: FrontmatterEntry | None) -> str | None:
    if entry is None:
        return None
    return note.text[entry.value_span.start : entry.value_span.end]


def heading_damage(before: Note, after: Note, edits: EditMap) -> str | None:
    """A heading or block id outside the edits lost or changed, or a new one: links from
    other notes (`[[Note#Heading]]`, `[[Note#^id]]`) depend on them."""
    pairs, new = edits.match(
        ((_whole_heading(before, h), h) for h in before.headings),
        ((_whole_heading(after, h), h) for h in after.headings),
    )
    for heading, now in pairs:
        if now is None or (now.level, now.text) != (heading.level, heading.text):
            shown = f"{'#' * heading.level} {heading.text}"
            return f"the heading on line {heading.span.line} would no longer be `{shown}`"
    if new:
        return f"it would turn line {new[0].span.line} into a heading"
    blocks, new_blocks = edits.match(
        ((b.span, b) for b in before.block_ids), ((b.span, b) for b in after.block_ids)
    )
    for block, now_block in blocks:
        if now_block is None or now_block.name != block.name:
            return f"the block id `^{block.name}` on line {block.span.line} would be lost"
    if new_blocks:
        found = new_blocks[0]
        return f"it would make `^{found.name}` on line {found.span.line} a block id"
    return None


#: A line holding a `|` with a delimiter row (dashes, colons, pipes) under it: a superset of
#: where markdown-it starts a table, found with one search instead of a parse.
_TABLE = re.compile(r"\|[^\r\n]*(?:\r\n|\r|\n)[ \t]*[-:|]*-[-:| \t]*(?:\r|\n|$)")


def _whole_heading(note: Note, heading: Heading) -> Span:
    """A heading's span over all its text lines: a setext heading's text may span several,
    and its span is its first line's."""
    extra = heading.text.count("\n")
    if not extra:
        return heading.span
    last = heading.span.line + extra  # 1-based
    end = note.line_starts[last] if last < len(note.line_starts) else len(note.text)
    return heading.span._replace(end=end)


def table_damage(before: Note, after: Note, edits: EditMap) -> str | None:
    """A table row whose number of cells changes (an unescaped ``|`` splits a cell)."""
    if not (_TABLE.search(before.text) or _TABLE.search(after.text)):
        return None  # a table needs a line with `|` and a delimiter row under it
    if not _may_change_tables(before.text, edits):
        return None
    old, new = table_rows(before), table_rows(after)
    for (line, cells), (_, now) in zip(old, new, strict=False):
        if cells != now:
            return f"the table row on line {line} would have {now} cells instead of {cells}"
    if len(old) != len(new):
        return f"it would change the rows of a table ({len(old)} rows, then {len(new)})"
    return None


def _may_change_tables(text: str, edits: EditMap) -> bool:
    """Whether the edits can change a table row: they write or remove a ``|`` or a line
    break, or edit a line holding a ``|``. (Parsing for tables twice per edited note cost
    a third of the verifier's time, for links such as ``[[a|b]]`` in ordinary paragraphs.)"""
    for (start, end), replacement in zip(edits.old, edits.replacements, strict=True):
        if any(c in replacement for c in "|\r\n") or any(c in text[start:end] for c in "|\r\n"):
            return True
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        line_end = min(i for i in (text.find("\n", end), text.find("\r", end), len(text)) if i >= 0)
        if "|" in text[line_start:line_end]:
            return True
    return False
