"""Findings on one-line paragraphs and headings are placed by a shortcut (``parse/oneline.py``,
plain wikilinks and tags built where they are placed); the reference places every finding
through ``Mapper.origins``, ``locate`` and ``make_span`` (``parse_note(..., fast=False)``).
The two must give the same ``Note`` on texts built to hit the shortcut's edges: text that is
not its whole line (indentation, list and quote markers, trailing spaces, closing ``#``s),
the last line with and without a line break, CRLF, a BOM, frontmatter above, and wikilinks
whose inside is not their target (spaces, ``#``, ``|``).
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from vaultcheck.core.model import Link, LinkKind, Span, Tag
from vaultcheck.parse import findings, oneline
from vaultcheck.parse.body import _BodyParser
from vaultcheck.parse.findings import BodyResult
from vaultcheck.parse.inlinescan import links_and_tags_only, scan_text
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import LineIndex, make_span

STARTS = ["", "", "", " ", "   ", "\t", "- ", "  - ", "1. ", "> ", "# ", "## ", "### "]
PIECES = [
    "word", "two words", "[[A]]", "[[ A ]]", "[[A#H]]", "[[A#^b]]", "[[A|t]]", "[[A\\|t]]",
    "[[#H]]", "[[]]", "![[i.png]]", "![[i.png|20]]", "[[ A | t]]", "![[ i.png |2]]", "#tag", "#t/x", "#1", " ^blk", "^id",
    "[t](x.md)", "[t](x%20y.md#H)", "é", "🧩", " ", "  ", "\t", " #", " ##", "#", "`",
    "`[[C]] #c`", "<https://x.y/[[D]]>", '<b title="[[E]]">',
]  # fmt: skip
LINES = st.tuples(
    st.sampled_from(STARTS), st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join)
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(LINES, min_size=1, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["", "\n"]),
    st.sampled_from(["", "\ufeff", "---\ntags: [a]\n---\n"]),
)
@example(["# [[A]] #t ##"], "\n", "", "")
@example(["  [[A]] x  "], "\r\n", "\n", "---\ntags: [a]\n---\n")
@example(["\t![[i.png|20]] [[ A#H | t ]]"], "\n", "", "\ufeff")
def test_one_line_findings_are_placed_as_the_reference_places_them(
    lines: list[str], newline: str, end: str, head: str
) -> None:
    data = (head + newline.join(lines) + end).encode()
    assert parse_note(data, "n.md") == parse_note(data, "n.md", fast=False)


def test_the_shortcut_places_a_heading_link_and_tag_exactly() -> None:
    """The columns a user sees, spelled out for one case of each kind."""
    note = parse_note(b"## See [[A#H|t]] and #tag ##\r\npara ![[i.png]]", "n.md")
    link, embed = note.links
    assert (link.span.line, link.span.column, link.span.end_column) == (1, 8, 17)
    assert link.target_span is not None
    assert (link.target_span.column, link.target_span.end_column) == (10, 11)
    assert embed.target_span is not None
    assert (embed.span.line, embed.span.column) == (2, 6)
    assert (embed.target_span.line, embed.target_span.column, embed.target_span.end_column) == (
        2,
        9,
        14,
    )
    (tag,) = note.tags
    assert (tag.name, tag.span.line, tag.span.column, tag.span.end_column) == ("tag", 1, 22, 26)


def test_cells_are_placed_along_their_row_past_cells_holding_nothing() -> None:
    """Cells without ``[ # ^ % <`` are never looked for along their row (nothing they hold
    can be a later cell's text); cells that hold such a character but record nothing (code)
    still move the row's cursor. The columns a user sees, spelled out."""
    text = "| a | b | c | d |\n|---|---|---|---|\n| A | [[A]] A | `[[A]]` | [[A]] |\n| x | x #t | #t | y |\n"
    note = parse_note(text.encode(), "n.md")
    assert note == parse_note(text.encode(), "n.md", fast=False)
    assert [(link.span.line, link.span.column) for link in note.links] == [(3, 7), (3, 27)]
    assert [(tag.span.line, tag.span.column) for tag in note.tags] == [(4, 9), (4, 14)]


class _Recorder:
    """What ``oneline`` fills: the body's result, and the findings it records otherwise."""

    def __init__(self) -> None:
        self.result = BodyResult()
        self.recorded: list[tuple[str, Span, object]] = []

    def record(self, kind: str, span: Span, data: object) -> None:
        self.recorded.append((kind, span, data))


LINK_PIECES = [
    "w", " ", "  ", "\t", "[[A]]", "[[ A ]]", "[[A#H|t]]", "![[i.png|20]]", "[[", "]]", "[", "]",
    "!", "![", "#", "#t", "#t/x", "#1", "a#t", "é", "🧩", "[[a[[b]]", "[[\\|x]]", "[x]", "#[[A]]",
    "![[", "!![[A]]", "[[[A]]", "![[[A]]", "#t![[i]]", "[[A#H]]",
    "`", "`", "`x`", "`[[A]]`", "`#t`", "a`b", "`![[i]]`", "!`", "#`",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(LINK_PIECES), min_size=1, max_size=12).map("".join),
    st.sampled_from(["", " ", "\t", "- ", "## ", "\t> "]),
    st.sampled_from(["para", "atx"]),
    st.sampled_from(["", "\n", "\r\n"]),
    st.sampled_from([0, 0, 3]),
)
@example("[[a[[b]]", "", "para", "", 0)
@example("#t [[A]]", "", "para", "", 3)
@example("![[a[[b]] ![[[A]] !![[B]]", "", "para", "", 0)
@example("`[[A]]` [[B]] `#t` #u `x", "", "para", "", 0)
@example("[[A`]] `x` #t` [[B]]`", "", "atx", "\n", 0)
@example("`a [[b` c]] `#t` d` #u", "- ", "para", "", 3)
def test_links_and_tags_are_scanned_and_placed_as_the_scan_then_placing_does(
    content: str, lead: str, mode: str, end: str, cut: int
) -> None:
    """``oneline.scan_and_place`` (the scan's loop building findings as it finds them) gives
    what ``inlinescan.scan_text`` and ``oneline.place`` give together, on texts it is used
    for: placed within their line, or clamped at its start when the line lacks the text's
    first characters (``cut``; as markdown-it's tab expansion can leave it), on the last
    line or not; code spans of single backticks passed over, their insides ignored."""
    assume("``" not in content)  # (runs of two or more backticks go to the scan)
    source = (lead + content)[cut:]
    text = "x\n" + source + end
    index = LineIndex(text)
    assert links_and_tags_only(content)
    found = scan_text(content)
    assert found is not None
    placed, scanned = _Recorder(), _Recorder()
    oneline.place(found, source, content, 1, mode, index, placed)
    oneline.scan_and_place(content, source, 1, mode, index, scanned)
    assert scanned.result == placed.result
    assert scanned.recorded == placed.recorded


MARKDOWN_PIECES = [
    *LINK_PIECES, "](", "[t](x.md)", "[t](x.md#H)", "[é](ü.md)", "![i](p.png)", "[x](a b)",
    "[x](y \"t\")", "[[A]](x.md)", "[t](x.md)]", "[#t](x.md)", "[`c`](x.md)", "[t](`x`.md)",
    "![[A]](x.md)", "[t]", "[t](", "!", "[x](javascript:y)", "[](y)", "[t](https://x.y)",
]  # fmt: skip
_EARLIER = Span(0, 1, 1, 1, 1, 2)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=10).map("".join),
    st.sampled_from(["", " ", "- ", "## "]),
    st.sampled_from(["para", "atx"]),
    st.sampled_from(["", "\n"]),
    st.sampled_from([0, 0, 3]),
)
@example("[t](x.md) [[A]] #t `[u](y.md)` [v](z.md)", "", "para", "", 0)
@example("[[A]] #t ![i](p.png) [[B]]", "", "para", "", 0)
@example("[t](x.md) [x](a b)", "- ", "para", "\n", 3)
def test_markdown_links_are_scanned_and_placed_as_the_scan_then_placing_does(
    content: str, lead: str, mode: str, end: str, cut: int
) -> None:
    """``oneline.scan_and_place`` with ``markdown_links`` (texts that may hold Markdown
    links) records what ``scan_text`` then ``place`` record, into a body parser already
    holding a link and a tag; where the scan gives up it answers ``False`` and leaves them
    as they were (the text then goes the general way)."""
    assume("``" not in content)
    source = (lead + content)[cut:]
    text = "x\n" + source + end
    index = LineIndex(text)
    found = scan_text(content)
    placed, scanned = _BodyParser(text, index, True), _BodyParser(text, index, True)
    for body in (placed, scanned):
        body.result.links.append(Link(LinkKind.WIKILINK, "earlier", _EARLIER))
        body.result.tags.append(Tag("earlier", _EARLIER))
    taken = oneline.scan_and_place(content, source, 1, mode, index, scanned, True)
    assert taken == (found is not None)
    if found is not None:
        oneline.place(found, source, content, 1, mode, index, placed)
    assert scanned.result == placed.result


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="a |\\#^ \té", max_size=10), st.booleans(), st.sampled_from(["", "xy "]))
@example("a|b", False, "")
@example("a |b", False, "")
@example(" a|b", True, "xy ")
@example("a\\|b", False, "")
@example("a#h|b", False, "")
@example("|b", False, "")
@example("a|b#c|d", True, "")
def test_a_wikilink_is_built_as_the_general_path_builds_it(
    inner: str, embed: bool, before: str
) -> None:
    """``oneline.link_of`` (its shortcuts for a plain target, and a target and text split
    at one ``|``) builds the ``Link`` that ``findings.wikilink`` builds from
    ``split_wikilink``: target, headings, block, text and the target's place."""
    opener = "![[" if embed else "[["
    text = before + opener + inner + "]]\n"
    start = len(before)
    index = LineIndex(text)
    span = make_span(index, start, len(text) - 1)
    kind = "embed" if embed else "wikilink"
    expected = findings.wikilink(kind, span, (start + len(opener), inner), index)
    target = start + len(opener)
    assert oneline.link_of(embed, inner, span, target) == expected
