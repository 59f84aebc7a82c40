"""A link's target placed by its offset from the link's start (``Link.target_at`` an int, most
wikilinks) gives the span the parser used to store: the one ``make_span`` finds for the same
characters, which hold the target as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpus
from vaultcheck.core.model import Link, LinkKind, Span
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import LineIndex, make_span

TRICKY = (
    "[[A]] and ![[B.png]] and [[C#H|shown]] and [[ D ]] and [[E#^id]]\n"
    "| [[F\\|x]] | [[G]] |\n|---|---|\n"
    "> quoted [[H|x]]\n- item ![[I#J]]\n"
    "tab\tbefore [[K]], wide 한국어 [[L]] and an emoji 🎉 [[M]]\r\n"
    "a [[link\nover two lines]] and one at the end [[N"
)


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
    "name", ["OldManUmby__DND.SRD.Wiki", "kepano__kepano-obsidian", "foambubble__foam_docs"]
)
def test_every_corpus_link_placed_by_an_offset_is_where_make_span_says(name: str) -> None:
    root: Path = corpus(name)
    offsets = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_bytes()
        note = parse_note(text, path.relative_to(root).as_posix())
        offsets += _check(note.text, note.links)
    assert offsets > 50
