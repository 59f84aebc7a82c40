"""Findings placed where they are written, in shapes where they once were not.

Each case was found by an oracle over generated notes (``tests/differential.py``:
``placed_where_written``), wrong both with and without the fast path, since placing findings
in the file is shared; each is reduced to a few lines. The note must parse the same both
ways, and each link and tag must sit exactly on its text.
"""

from __future__ import annotations

import pytest

from tests.differential import same_both_ways
from vaultcheck.core.model import LinkKind
from vaultcheck.parse.note import parse_note

#: A paragraph whose first lines hold only white space markdown-it does not take for a blank
#: line (U+3000, NBSP, an em space, a vertical tab): its trim drops those lines from the text,
#: which then starts on a later line than the paragraph. Both ways once placed every link and
#: tag of such a paragraph at 1:1 (an empty span; the target span on the wrong characters).
DROPPED_FIRST_LINES = [
    "\u3000\n[[A]] #t",
    "\u00a0\n\u2003\n[[A]] #t\nmore [[A]]",
    "x\n\n\u3000\u3000\n[[A]] and #t",
    "> \u00a0\n> [[A]] #t",
    "- \u3000\n  [[A]] #t",
    "\u3000\nTitle [[A]] #t\n===",
    "\x0b\n[[A]] #t [x](A.md)",
    "| a |\n|---|\n| b |\n\n\u3000\n[[A]]\u3000#t",
]


@pytest.mark.parametrize("text", DROPPED_FIRST_LINES)
def test_a_paragraph_whose_first_lines_are_trimmed_is_placed_where_it_is(text: str) -> None:
    data = text.encode()
    same_both_ways(data)
    note = parse_note(data, "n.md")
    assert note.links and note.tags
    for link in note.links:
        assert note.text[link.span.start : link.span.end] in ("[[A]]", "[x](A.md)"), link
        if link.kind is not LinkKind.MARKDOWN:  # (a Markdown link has no target span)
            assert link.target_span is not None
            assert note.text[link.target_span.start : link.target_span.end] == "A", link
        assert note.text.split("\n")[link.span.line - 1][link.span.column - 1] == "[", link
    for tag in note.tags:
        assert note.text[tag.span.start : tag.span.end] == "#t", tag


#: Findings ending where a table cell has an escaped pipe took the backslash into their
#: span (``#tag\``, ``[[A]]\``), both ways.
BEFORE_ESCAPED_PIPES = [
    "| a |\n|---|\n| [[A]]\\|x |",
    "| a |\n|---|\n| #t\\|[[A]]\\|b |",
    "| a | b |\n|---|---|\n| x | ![[A]]\\| #t\\| |",
]


@pytest.mark.parametrize("text", BEFORE_ESCAPED_PIPES)
def test_a_finding_before_an_escaped_pipe_in_a_cell_ends_before_it(text: str) -> None:
    data = text.encode()
    same_both_ways(data)
    note = parse_note(data, "n.md")
    assert note.links
    for link in note.links:
        assert note.text[link.span.start : link.span.end] in ("[[A]]", "![[A]]"), link
        assert link.target_span is not None
        assert note.text[link.target_span.start : link.target_span.end] == "A", link
    for tag in note.tags:
        assert note.text[tag.span.start : tag.span.end] == "#t", tag


#: A ``%%`` comment opened in a paragraph or a cell and closed in a later block: that
#: block's text was placed as the block before it was (a paragraph after a table as a cell,
#: a heading as a paragraph) and by its blanked text (a heading's not found in its line),
#: so its findings landed on the closing ``##`` or at 1:1, both ways.
AFTER_A_COMMENT = [
    "x %%\n## a %% [[A]] #t ##",
    "x %%\n# %%[[A]] #t #",
    "| %% | b |\n|---|---|\n\u3000\n%% [[A]] #t",
    "| a %% | b |\n|---|---|\n\u00a0\n\u00a0\nx %% [[A]] #t",
    # Closed by a `%%` indented into a code block (the rest was dropped), or followed by
    # spaces or a tab that would indent the rest into one.
    "x %%\n\n    %% [[A]] #t",
    "x %%\n\n\t  %%[[A]] #t\n",
    "x %%\n\n%%     [[A]] #t",
    "x %%\n\n%%\t[[A]] #t",
    "> x %%\n\n      %% [[A]] #t",
]


@pytest.mark.parametrize("text", AFTER_A_COMMENT)
def test_findings_after_a_comment_closed_in_a_later_block_are_placed(text: str) -> None:
    data = text.encode()
    same_both_ways(data)
    note = parse_note(data, "n.md")
    assert [link.target for link in note.links] == ["A"]
    [link] = note.links
    assert note.text[link.span.start : link.span.end] == "[[A]]", link
    assert link.target_span is not None
    assert note.text[link.target_span.start : link.target_span.end] == "A", link
    assert [note.text[tag.span.start : tag.span.end] for tag in note.tags] == ["#t"]


#: What an image's alt text holds: markdown-it parses that text as a string of its own, and
#: our rules recorded offsets from its start, so ``x ![see [[A]] #t](i.png)`` put the link
#: and the tag near the start of the line, both ways.
IN_IMAGE_ALT_TEXT = [
    "abcdefgh ![x [[A]] #t](i.png)",
    "a ![x\n[[A]] #t ![y [[A]]](j.png)](i.png)",
    "| ![a [[A]]](p.png) | b |\n|-|-|\n| ![c #t](q.png) | d |",
    "> x ![a [[A]] #t](i.png)",
]


@pytest.mark.parametrize("text", IN_IMAGE_ALT_TEXT)
def test_findings_in_an_image_alt_text_are_placed_where_they_are(text: str) -> None:
    data = text.encode()
    same_both_ways(data)
    note = parse_note(data, "n.md")
    wikilinks = [link for link in note.links if link.kind is LinkKind.WIKILINK]
    assert wikilinks
    for link in wikilinks:
        assert note.text[link.span.start : link.span.end] == "[[A]]", link
        assert link.target_span is not None
        assert note.text[link.target_span.start : link.target_span.end] == "A", link
    for tag in note.tags:
        assert note.text[tag.span.start : tag.span.end] == "#t", tag


def test_a_citation_in_an_image_alt_text_is_placed_where_it_is() -> None:
    note = parse_note(b"xx ![alt [@key]](i.png)", "n.md")
    assert [note.text[c.span.start : c.span.end] for c in note.citations] == ["@key"]


#: A setext heading after a line markdown-it trims off (as above): its span was that line.
@pytest.mark.parametrize("text", ["\u00a0\nTitle [[A]]\n===", "x\n\n\u3000\nSub #t\n---\nafter"])
def test_a_setext_heading_after_a_trimmed_line_is_on_its_own_line(text: str) -> None:
    data = text.encode()
    same_both_ways(data)
    [heading] = parse_note(data, "n.md").headings
    assert (heading.span.line, heading.text) in ((2, "Title [[A]]"), (4, "Sub #t"))
