"""The strictest reference the fast parse paths are compared with, and where findings must sit.

:func:`reference` parses a note with markdown-it-py as configured but none of its shortcuts
(every block rule on, not only those whose characters the text holds; every inline text
tokenised, not only those holding one of ``[#^%<``) and PyYAML composing the frontmatter.
:func:`placed_where_written` checks what both ways share and so cannot compare: that each
finding's span is where the finding is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from vaultcheck.core.model import LinkKind, Note
from vaultcheck.parse import mdparser
from vaultcheck.parse.note import parse_note

_EVERY_RULE = mdparser.build_parser()


@contextmanager
def no_shortcuts() -> Iterator[None]:
    """markdown-it-py with every block rule, tokenising every inline text."""
    with (
        mock.patch.object(mdparser, "block_parser_for", lambda text: _EVERY_RULE),
        mock.patch.object(mdparser, "inline_trigger", lambda text: True),
    ):
        yield


def reference(data: bytes, path: str) -> Note:
    """The note as markdown-it-py and PyYAML alone read it (``fast=False``, no shortcuts)."""
    with no_shortcuts():
        return parse_note(data, path, fast=False)


def same_both_ways(data: bytes, path: str = "n.md") -> None:
    """``data`` parses to the same note both ways, its findings placed where written."""
    note = parse_note(data, path)
    # repr, not ==: it tells 1 from 1.0 and True, and a NaN property equals itself.
    assert repr(note) == repr(reference(data, path)), data
    if not path.endswith(".canvas"):
        placed_where_written(note)


def placed_where_written(note: Note) -> None:
    """What the body holds sits where its span says: a wikilink's span is the wikilink and
    its target span the target, a tag's the tag, a block id's the id, a heading's line holds
    its text, a citation's key ends it, and each span's line and column are those of its
    offsets. (Equal both ways is not enough: the placement is shared, and it was wrong both
    ways in five shapes.)"""
    text, starts = note.text, note.line_starts
    spans = []
    for link in note.links:
        written = text[link.span.start : link.span.end]
        if link.kind is LinkKind.WIKILINK or link.kind is LinkKind.EMBED:
            opening = "[[" if link.kind is LinkKind.WIKILINK else "![["
            assert written.startswith(opening) and written.endswith("]]"), (written, link)
            assert link.target_span is not None
            target = text[link.target_span.start : link.target_span.end]
            assert target == link.target, (target, link)
        if link.kind is not LinkKind.FRONTMATTER:
            spans.append(link.span)
    for tag in note.tags:
        if not tag.in_frontmatter:
            assert text[tag.span.start : tag.span.end] == "#" + tag.name, tag
            spans.append(tag.span)
    for block in note.block_ids:
        assert text[block.span.start : block.span.end] == "^" + block.name, block
    for heading in note.headings:  # its span is its line (a setext heading's first)
        assert heading.text.split("\n")[0] in text[heading.span.start : heading.span.end]
    for citation in note.citations:
        assert text[citation.span.start : citation.span.end].endswith("@" + citation.key)
    for span in spans:
        assert starts[span.line - 1] + span.column - 1 == span.start, span
        assert starts[span.end_line - 1] + span.end_column - 1 == span.end, span
