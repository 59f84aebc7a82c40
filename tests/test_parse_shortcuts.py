"""Small shortcuts of the parser held equal to the plain Python they replace.

Each replaces a step that ran once per note or per line with a cheaper one; a difference
would change a parsed note silently, so each is compared with the original expression on
fuzzed input built from the characters it looks at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultcheck.core.model import Frontmatter, Note
from vaultcheck.parse import oneline
from vaultcheck.parse.blocklines import HEADING, HTML_START, html_start
from vaultcheck.parse.blockscan import _heading_level
from vaultcheck.parse.body import _BodyParser
from vaultcheck.parse.frontmatter import (
    _OPEN_RE,
    FrontmatterResult,
    _block_bounds,
    parse_frontmatter,
)
from vaultcheck.parse.linksyntax import _split_path
from vaultcheck.parse.mdparser import INLINE_TRIGGER, body_lines, inline_trigger, markdown_text
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import BOM, LineIndex, has_pair
from vaultcheck.parse.yamlline import (
    _REFUSED,
    ITEM,
    KEY,
    OTHER,
    PLAIN_START,
    _common_line,
    plain_scalar,
    refused,
    typed,
)
from vaultcheck.parse.yamltypes import NotSimple, plain_value

TEXT = st.text(alphabet="$%:]\\@ab\n", max_size=40) | st.text(alphabet="$%:]a", max_size=80)


@settings(max_examples=500, deadline=None)
@given(
    TEXT,
    st.sampled_from(["$$", "%%", "::", "]:", ":]", "a$"]),
    st.sampled_from([0, 1000]),
    st.sampled_from([0, 0, 1, 3, 999, 1001, 1003]),
)
@example(":" * 8 + "]:", "]:", 1000, 0)  # its colon the ninth: past the memchr steps
@example("::", "::", 1000, 1001)  # the pair straddles the start
@example("::", "::", 0, 1)
def test_has_pair_is_in(text: str, pair: str, pad: int, start: int) -> None:
    text = "b" * pad + text  # (a text under 1,000 characters is searched with ``in``)
    assert has_pair(text, pair) == (pair in text)
    assert has_pair(text, pair, start) == (pair in text[start:])


_CLOSE_REFERENCE = re.compile(r"^---[ \t]*(?:\r\n?|\n|$)", re.MULTILINE)


def _bounds_by_regex(text: str) -> tuple[int, int, int] | bool | None:
    """The frontmatter's bounds as found before: the closing line by a MULTILINE search."""
    start = 1 if text.startswith(BOM) else 0
    opening = _OPEN_RE.match(text, start)
    if not opening:
        return None
    for closing in _CLOSE_REFERENCE.finditer(text, opening.end()):
        return opening.end(), closing.start(), closing.end()
    return False


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.sampled_from(["---", "----", "--- ", "---\t", " ---", "a: 1", "-", "", "\ufeff---"]),
        max_size=6,
    ),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=6, max_size=6),
    st.booleans(),
)
def test_frontmatter_bounds_are_found_as_by_the_multiline_search(
    lines: list[str], breaks: list[str], bom: bool
) -> None:
    text = ("\ufeff" if bom else "") + "".join(
        line + brk for line, brk in zip(lines, breaks, strict=False)
    )
    for cut in (len(text), max(0, len(text) - 1)):  # with and without the last break
        assert _block_bounds(text[:cut]) == _bounds_by_regex(text[:cut])


def test_frontmatter_of_the_simple_reader_has_every_field_in_order() -> None:
    """The simple reader's ``Frontmatter`` and result are built with ``tuple.__new__``
    from all their fields: they must equal those built by name."""
    text = "---\ntitle: A\ntags:\n  - x\n---\nbody\n"
    result = parse_frontmatter(text, LineIndex(text))
    fm = result.frontmatter
    assert fm is not None
    assert len(fm) == len(Frontmatter._fields)
    assert fm == Frontmatter(fm.span, fm.yaml_span, fm.entries)
    assert [entry.key for entry in fm.entries] == ["title", "tags"]
    assert result == FrontmatterResult(fm, ())


@settings(max_examples=800, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("a :-\n\r\t\x00\x1f\x7f\x85\xa0\u2028\ufeffé")), max_size=30
    )
)
def test_refused_characters_are_those_of_the_pattern(yaml: str) -> None:
    """ASCII frontmatter is checked with ``isprintable``, the rest with the pattern."""
    assert refused(yaml) == (_REFUSED.search(yaml) is not None)


#: The characters libyaml accepts as the simple reader takes them (line breaks, printable
#: ASCII, and the printable rest of Unicode less NEL, the line separators and a byte order
#: mark): :data:`_REFUSED` names their ranges' complement instead.
_ACCEPTED_REFERENCE = re.compile(
    "[\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def test_refused_characters_are_every_character_not_accepted() -> None:
    """Every code point (lone surrogates too: a note read with ``surrogateescape`` has
    them) is either accepted or refused, never both nor neither."""
    every = "".join(map(chr, range(0x110000)))
    refused_ones = set(_REFUSED.findall(every))
    accepted = set(_ACCEPTED_REFERENCE.findall(every))
    assert not refused_ones & accepted
    assert len(refused_ones) + len(accepted) == 0x110000
    assert {"\t", "\x85", "\u2028", "\ufeff", "\udc80", "\x00", "\x7f"} <= refused_ones
    assert {"\n", "\r", " ", "~", "\xa0", "\u202a", "\ufffd", "\U0010ffff"} <= accepted


def test_a_parsed_note_has_every_field_in_order() -> None:
    """``parse_note`` builds its ``Note`` with ``tuple.__new__`` from all its fields: it
    must equal the note built by name, field for field."""
    data = b"---\ntags: [a]\nup: '[[U]]'\n---\n# H\n\nText [[A]] #b ^id\n"
    note = parse_note(data, "n.md")
    assert len(note) == len(Note._fields)
    assert note == Note(**note._asdict())
    assert (note.path, note.skipped_size, note.internal_error, note.unread) == (
        "n.md",
        None,
        None,
        False,
    )
    assert [tag.name for tag in note.tags] == ["a", "b"]
    assert [link.target for link in note.links] == ["U", "A"]
    assert [heading.text for heading in note.headings] == ["H"]
    assert note.line_starts == (0, 4, 14, 26, 30, 34, 35, 53)


@pytest.mark.parametrize(
    "text",
    [
        "text <!-- c --> more [[A]]\n",  # an inline HTML comment in a note of the fast loop
        "%% c [[X]] %%\n\ntext <!-- c --> more [[A]] #t\n\n%% open [[Y]]\n",
        "# H [[A]]\n\n%%\nx\n%%\n| a | [[b]] |\n|---|---|\n| [[c]] | d |\n",
        "a %% b\n\n[[A]] %%\n\n%%\n[[B]]\n%%\n",  # a text opens a comment: the general loop
        "- [[A]] <!-- x -->\n> [[B]] `[[C]]` ^id\n\n%%[[D]]%%\n",
    ],
)
def test_notes_of_the_scanned_loop_parse_as_the_reference(text: str) -> None:
    """``bodyscanned`` reads notes whose ``%%`` all lie in comment blocks and notes without
    any; texts it does not send to ``oneline`` (HTML, code, block ids) still record all."""
    data = text.encode()
    note = parse_note(data, "n.md")
    assert note == parse_note(data, "n.md", fast=False)
    assert note.comments or note.links


def test_the_scanned_loop_sends_texts_to_the_fused_scan_by_their_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``bodyscanned.run`` asks for two characters together (double backticks, ``](``)
    only after finding the first alone: a text with single backticks or a parenthesis but
    no Markdown link still goes to ``oneline.scan_and_place`` at once without Markdown
    links, one with ``](`` with them, one with two backticks in a row the general way."""
    sent: list[tuple[str, bool]] = []
    original = oneline.scan_and_place

    def recording(content: str, *args: Any, markdown_links: bool = False) -> bool:
        sent.append((content, markdown_links))
        return original(content, *args, markdown_links=markdown_links)

    general: list[str] = []
    text = _BodyParser.text

    def recording_text(parser: _BodyParser, content: str, *args: Any) -> None:
        general.append(content)
        text(parser, content, *args)

    monkeypatch.setattr(oneline, "scan_and_place", recording)
    monkeypatch.setattr(_BodyParser, "text", recording_text)
    texts = [
        "a `b` [[A]]",
        "see (b) [[B]]",
        "a ``b`` [[C]]",
        "a [t](u) [[D]]",
        "a] (b) `c` [[E]] #t",
    ]
    data = "\n\n".join(texts).encode()
    note = parse_note(data, "n.md")
    assert sent == [
        ("a `b` [[A]]", False),
        ("see (b) [[B]]", False),
        ("a [t](u) [[D]]", True),
        ("a] (b) `c` [[E]] #t", False),
    ]
    assert general == ["a ``b`` [[C]]"]  # (the others at once, not through text())
    assert note == parse_note(data, "n.md", fast=False)
    assert [link.target for link in note.links] == ["A", "B", "C", "u", "D", "E"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="# \ta\t", max_size=12).map(lambda text: "#" + text))
def test_heading_level_is_what_the_heading_pattern_matches(line: str) -> None:
    match = HEADING.match(line)
    assert _heading_level(line) == (len(match.group(1)) if match else 0)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[#^%<a ]é\n", max_size=12))
def test_inline_trigger_is_the_pattern(text: str) -> None:
    assert inline_trigger(text) == (INLINE_TRIGGER.search(text) is not None)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([" ", "\t", ">", "-", "*", "+", "1.", "2)", "<", "a"])).map(
            "".join
        ),
        max_size=5,
    ).map("\n".join)
)
def test_html_start_is_the_pattern_s_search(text: str) -> None:
    assert html_start(text) == (HTML_START.search(text) is not None)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-a:\n\ufeff ", max_size=40), st.integers(0, 12))
@example("---\na: 1\n---", 3)  # a frontmatter closing on the last line: no line after it
@example("\ufeff# x\n", 0)
@example("", 0)
def test_body_lines_are_the_split_markdown_text(text: str, body_start_line: int) -> None:
    """The body's lines are taken from those ``LineIndex.with_lines`` split the note into,
    instead of splitting the text markdown-it reads again: the same lines, and the same
    index, for any text and any number of frontmatter lines."""
    index, lines = LineIndex.with_lines(text)
    assert index.table == LineIndex(text).table
    assert lines == text.split("\n")
    expected = markdown_text(text, body_start_line, index).split("\n")
    made = body_lines(text, body_start_line, lines)
    assert (made is None and text.startswith(BOM)) or made == expected
    assert LineIndex.with_lines(text + "\r\n")[1] is None


@pytest.mark.corpus
def test_body_lines_of_every_corpus_note_are_the_split_markdown_text() -> None:
    """As above, on every note of the corpora with the frontmatter the parser finds."""
    from tests.conftest import CORPORA

    checked = 0
    for path in sorted(CORPORA.rglob("*.md")):
        text = path.read_bytes().decode("utf-8", "replace")
        index, lines = LineIndex.with_lines(text)
        if lines is None:
            continue
        fm = parse_frontmatter(text, index).frontmatter
        start = 0
        if fm is not None and not fm.unclosed:
            start = fm.span.end_line - 1 if fm.span.end_column == 1 else fm.span.end_line
        made = body_lines(text, start, lines)
        assert made == markdown_text(text, start, index).split("\n"), path
        checked += start > 0
    assert checked > 100


_LAZY_KEY = re.compile(rf"((?![.]){PLAIN_START}[^:#]*?) *(:)(?: +({PLAIN_START}[^:#]*?))? *")
_LAZY_ITEM = re.compile(rf"( *)- +({PLAIN_START}[^:#]*?) *")


def _common_line_by_lazy_groups(line: str) -> tuple[object, ...]:
    """What the two commonest YAML lines say, read with lazy groups (as before)."""
    common = _LAZY_KEY.fullmatch(line)
    if common is not None and common.start(2) <= 1000:
        key, plain = common.group(1, 3)
        value, is_text = typed(key)
        name = value if is_text else str(value)
        scalar = None if plain is None else plain_scalar(plain, common.start(3))
        return (KEY, name, len(key), common.end(2), scalar)
    common = _LAZY_ITEM.fullmatch(line)
    if common is not None:
        return (ITEM, common.end(1), plain_scalar(common.group(2), common.start(2)))
    return (OTHER,)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=" \t-:#.ab1é'\"[", max_size=14))
@example("key :  v  ")
@example("  - v \t ")
@example("a\t: b\t ")
def test_common_lines_are_read_as_the_lazy_groups_read_them(line: str) -> None:
    try:
        expected: object = _common_line_by_lazy_groups(line)
    except NotSimple as err:
        expected = err.args
    try:
        assert _common_line(line) == expected
    except NotSimple as err:
        assert err.args == expected


def _typed_by_the_loader(text: str) -> object:
    try:
        return plain_value(text)
    except NotSimple as err:
        return err.args


@settings(max_examples=1000, deadline=None)
@given(st.characters(max_codepoint=0x17F) | st.sampled_from(["", "\u00a0", "\u3000", "\U0001f600"]),
       st.text(alphabet=" -:.0123456789abeflnorsuxyAEFLNORSTUY~", max_size=8))  # fmt: skip
@example("y", "es")  # the typed ones start with the loader's first characters
@example("N", "o")
@example("O", "ff")
@example("2", "025-07-07")
@example(".", "inf")
@example("~", "")
@example("-", "1")
@example("", "")
def test_a_plain_value_is_typed_as_the_loader_types_it(first: str, rest: str) -> None:
    """``typed`` says "a string" at once for a text no implicit type starts as: the same
    as the loader's resolvers and constructors, whatever the first character."""
    text = first + rest
    try:
        found: object = typed(text)
    except NotSimple as err:
        found = err.args
    assert found == _typed_by_the_loader(text)


def _fragment_by_split(fragment: str) -> tuple[tuple[str, ...], str | None]:
    """A wikilink fragment's headings and block, split on every ``#`` (as before)."""
    parts = [p.strip() for p in fragment.split("#")]
    block = parts.pop()[1:] if parts and parts[-1].startswith("^") else None
    return tuple(filter(None, parts)), block


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=" #^ab\\é", max_size=12))
@example("A# ^b ")
@example("A#^")
@example("A# ")
def test_a_wikilink_path_splits_as_by_splitting_every_fragment(path: str) -> None:
    parts = _split_path(path, None)
    fragment = path.split("#", 1)[1] if "#" in path else ""
    expected = _fragment_by_split(fragment) if fragment else ((), None)
    assert (parts.headings, parts.block) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a\n é%", max_size=30))
def test_an_index_of_split_lines_is_the_text_s_index(text: str) -> None:
    """``_BodyParser.norm_index`` indexes the body's lines as split before."""
    index = LineIndex.of_lines(text.split("\n"), len(text))
    assert index.table == LineIndex(text).table
    assert [index.position(i) for i in range(len(text) + 2)] == [
        LineIndex(text).position(i) for i in range(len(text) + 2)
    ]
