"""Positions kept as ints and made into spans when asked give the spans the parser used to
store: a link's target placed by its offset from the link's start (``Link.target_at``, most
wikilinks) and a property's key placed from its value's span (``FrontmatterEntry.key_at``,
most keys) are where ``make_span`` puts the same characters, which hold what was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpus
from vaultcheck.core.model import FrontmatterEntry, Link, LinkKind, Note, Span, key_place
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import LineIndex, make_span

TRICKY = (
    "[[A]] and ![[B.png]] and [[C#H|shown]] and [[ D ]] and [[E#^id]]\n"
    "| [[F\\|x]] | [[G]] |\n|---|---|\n"
    "> quoted [[H|x]]\n- item ![[I#J]]\n"
    "tab\tbefore [[K]], wide 한국어 [[L]] and an emoji 🎉 [[M]]\r\n"
    "a [[link\nover two lines]] and one at the end [[N"
)


YAML = (
    "---\n"
    "title: plain\n"
    "tags:\n  - a\n  - b\n"
    "spaced   :   far\n"
    '"quoted": x\n'
    "list: [a, b]\n"
    "empty:\n"
    "after_blank:\n\n  - z\n"
    "dated: 2024-01-01\n"
    "한국어: 값\n"
    "---\nbody\n"
)


def _check_keys(note: Note) -> int:
    """How many keys are placed by an int; each is checked against make_span."""
    if note.frontmatter is None:
        return 0
    index = LineIndex(note.text)
    placed = 0
    for entry in note.frontmatter.entries:
        if not isinstance(entry.key_at, int):
            continue
        placed += 1
        span = entry.key_span
        assert span == make_span(index, span.start, span.end), entry
        assert note.text[span.start : span.end] == entry.key, entry
    return placed


def test_keys_placed_by_ints_give_the_spans_make_span_gives() -> None:
    for fast in (True, False):
        note = parse_note(YAML.encode(), "keys.md", fast=fast)
        assert note.frontmatter is not None
        entries = {entry.key: entry for entry in note.frontmatter.entries}
        assert _check_keys(note) == 7
        assert entries["title"].key_at == 7  # on its value's line
        assert entries["tags"].key_at == -8  # alone on the line before its list
        assert isinstance(entries["quoted"].key_at, Span)  # written other than its name
        assert isinstance(entries["after_blank"].key_at, Span)  # its list two lines on


def test_key_place_keeps_a_span_it_cannot_make_again() -> None:
    value = Span(20, 21, 3, 5, 3, 6)
    assert key_place("k", Span(10, 11, 2, 2, 2, 3), value) == Span(10, 11, 2, 2, 2, 3)
    assert key_place("kk", Span(0, 1, 1, 1, 1, 2), Span(4, 5, 1, 5, 1, 6)) == Span(0, 1, 1, 1, 1, 2)
    entry = FrontmatterEntry("k", 1, key_place("k", Span(16, 17, 2, 1, 2, 2), value), value)
    assert entry.key_at == -4 and entry.key_span == Span(16, 17, 2, 1, 2, 2)


def _check(text: str, links: tuple[Link, ...]) -> int:
    """How many links place their target by an offset; each is checked against make_span."""
    index = LineIndex(text)
    offsets = 0
    for link in links:
        if not isinstance(link.target_at, int):
            continue
        offsets += 1
        span = link.target_span
        assert span is not None
        assert span == make_span(index, span.start, span.end), link
        assert text[span.start : span.end] == link.target, link
    return offsets


def test_offsets_give_the_spans_make_span_gives() -> None:
    note = parse_note(TRICKY.encode(), "tricky.md")
    kinds = {link.kind for link in note.links}
    assert {LinkKind.WIKILINK, LinkKind.EMBED} <= kinds
    assert _check(note.text, note.links) >= 10


def test_a_link_without_an_offset_keeps_its_span() -> None:
    note = parse_note(b'---\nup: "[[Parent]]"\n---\n[[A]]\n', "n.md")
    prop, body = note.links
    assert isinstance(prop.target_at, Span) and prop.target_span == prop.target_at
    assert body.target_at == 2 and body.target_span == Span(27, 28, 4, 3, 4, 4)


@pytest.mark.parametrize(
    ("name", "least_keys"),
    [
        ("OldManUmby__DND.SRD.Wiki", 0),
        ("kepano__kepano-obsidian", 50),
        ("foambubble__foam_docs", 5),
    ],
)
def test_every_corpus_link_and_key_placed_by_an_int_is_where_make_span_says(
    name: str, least_keys: int
) -> None:
    root: Path = corpus(name)
    offsets = keys = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_bytes()
        note = parse_note(text, path.relative_to(root).as_posix())
        offsets += _check(note.text, note.links)
        keys += _check_keys(note)
    assert offsets > 50 and keys >= least_keys
