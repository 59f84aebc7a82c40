"""The parser's fast path against the reference: markdown-it-py alone (``fast=False``).

Every note of every corpus, the fixtures, the hostile corpus and fuzzed Markdown must parse to
equal ``Note``s both ways, and a vault must get the same findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA, REPO, diagnostics, write_vault
from tests.hostile.generate import files as hostile_files
from vaultcheck.core.model import Note
from vaultcheck.parse import fastblocks
from vaultcheck.parse.note import parse_note

needs_fast_path = pytest.mark.skipif(
    not fastblocks.available(), reason="markdown-it-pyrs is not installed"
)


def _both_ways(data: bytes, path: str) -> None:
    assert parse_note(data, path, fast=True) == parse_note(data, path, fast=False), path


def _forced_both_ways(text: str) -> None:
    """Both ways, with the fast path taken even where it would not pay (short fuzz texts)."""
    worth_it = fastblocks.WORTH_IT
    fastblocks.WORTH_IT = 0.0
    try:
        _both_ways(text.encode(), "fuzz.md")
    finally:
        fastblocks.WORTH_IT = worth_it


def _body_of(note: Note) -> tuple[object, ...]:
    # Not the whole note: two readings of the YAML "billion laughs" take ages to compare.
    return (note.links, note.tags, note.headings, note.block_ids, note.citations,
            note.comments, note.unclosed_comments)  # fmt: skip


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "OldManUmby__DND.SRD.Wiki",
        "foambubble__foam_docs",
        "kepano__kepano-obsidian",
        "tldr-pages__tldr",
    ],
)
def test_every_corpus_note_parses_the_same_both_ways(name: str) -> None:
    root = CORPORA / name
    if not root.is_dir():
        pytest.skip(f"corpus {name} not available")
    notes = sorted(root.rglob("*.md"))
    assert notes
    skipped = 0
    for path in notes:
        data = path.read_bytes()
        _both_ways(data, str(path))
        skipped += fastblocks.blank_unneeded(data.decode("utf-8", "replace")) is not None
    if fastblocks.available() and name in ("OldManUmby__DND.SRD.Wiki", "tldr-pages__tldr"):
        # The comparison means something only if the fast path was taken.
        assert skipped > len(notes) // 2


def test_fixtures_and_hostile_inputs_parse_the_same_both_ways() -> None:
    found = [
        path
        for folder in ("examples/vault", "fuzz/corpus", "fuzz/regressions", "tests/golden")
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file() and path.suffix in ("", ".md")
    ]
    assert len(found) > 20
    for path in found:
        _both_ways(path.read_bytes(), str(path))
    for name, data in sorted(hostile_files().items()):
        if len(data) < 65536:  # the largest ones take minutes through markdown-it-py twice
            fast, reference = parse_note(data, name), parse_note(data, name, fast=False)
            assert _body_of(fast) == _body_of(reference), name


#: Pieces of the constructs our grammar and CommonMark have, so random joins make blocks of
#: every kind, with and without something to record, touching or apart.
PIECES = [
    "\n", "\n\n", "\n\n\n", "  ", "    ", "\t", "- ", "* ", "1. ", "2) ", "> ", "# ", "## ",
    "===", "---", "***", "```", "~~~", "$$", "$x$", "`", "``", "%%", "<!--", "-->", "<div>",
    "</div>", "<span>", "[[A]]", "[[B#H|t]]", "![[i.png]]", "[[", "]]", "#tag", "#a/b", "^id",
    " ^blk", "[@key]", "[t](x.md)", "![i](y.png)", "[ref]", "[ref]: /u", "|", "\\|", "| a |",
    "|---|", "|:-:|", "word", "words here", "é", "🧩", "\\", "(", ")", "<", "[", "]", ":",
]  # fmt: skip


#: What a line may start with: block markers of every kind, or nothing (often).
LINE_STARTS = ["", "", "", "", "- ", "  - ", "> ", "> > ", "1. ", "# ", "    ", "\t", "%%",
               "$$", "```", "~~~", "<!--", "-->", "<div>", "| ", "===", "---", "[ref]: /u"]  # fmt: skip
LINES = st.tuples(
    st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
).map("".join)


@needs_fast_path
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_fuzzed_markdown_parses_the_same_both_ways(text: str) -> None:
    _forced_both_ways(text)


@needs_fast_path
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=25).map("\n".join))
def test_fuzzed_lines_parse_the_same_both_ways(text: str) -> None:
    _forced_both_ways(text)


@needs_fast_path
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["plain words\n", "- item\n", "> quote\n", "| a | b |\n|---|---|\n"]),
        max_size=6,
    ).map("\n".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
)
def test_skippable_blocks_around_fuzz_change_nothing(plain: str, fuzz: str) -> None:
    """Blocks the fast path skips, before and after fuzzed ones, touching or not."""
    for text in (plain + fuzz, fuzz + plain, plain + "\n" + fuzz + "\n\n" + plain):
        _forced_both_ways(text)


@needs_fast_path
def test_only_blocks_that_cannot_yield_are_emptied() -> None:
    text = "# Title\n\nplain\nlines\n\n- a\n- b\n\nwith [[Link]]\n\nlast plain"
    assert fastblocks.blank_unneeded(text) == "# Title\n\n\n\n\n\n\n\nwith [[Link]]\n\n"


@needs_fast_path
def test_a_skippable_block_touching_a_kept_one_is_kept() -> None:
    # The list ends where the paragraph starts: no blank line between, so both are kept.
    text = "plain\n\n- a\n- b\nlazy [[Link]]\n\n" + "other plain\n\n" * 3
    assert fastblocks.blank_unneeded(text) == "\n\n- a\n- b\nlazy [[Link]]\n\n" + "\n\n" * 3


@needs_fast_path
def test_everything_from_the_first_comment_or_math_block_on_is_kept() -> None:
    text = "plain\n\nmore plain\n\n%%\n\nhidden\n\n%%\n\nplain after\n\nand more plain\n"
    assert fastblocks.blank_unneeded(text) == (
        "\n\n\n\n%%\n\nhidden\n\n%%\n\nplain after\n\nand more plain\n"
    )
    note = parse_note(text.encode(), "n.md")
    assert [(span.line, span.end_line) for span, _ in note.comments] == [(5, 9)]


@needs_fast_path
@pytest.mark.parametrize(
    "text",
    [
        "plain words\n\n- <!--\n\nplain words\n",  # found by the fuzzer: the item ends there
        "> <!--\n\nplain words\n\nmore [[x]]\n",
        "- a\n\n  <!-- open\n\nplain\n\n-->\n",
    ],
)
def test_an_html_comment_left_open_keeps_the_rest(text: str) -> None:
    _forced_both_ways(text)


def test_without_the_rust_parser_every_note_takes_the_reference_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = {"a.md": "# A\n\nplain\n\n[[B]] and [[Missing]]\n", "B.md": "plain\n\n#tag\n"}
    vault = write_vault(tmp_path, files)
    with_fast_path = diagnostics(vault)
    monkeypatch.setattr(fastblocks, "_SPLITTER", None)
    assert not fastblocks.available()
    assert fastblocks.blank_unneeded("plain\n\n[[A]]") is None
    assert diagnostics(vault) == with_fast_path
    assert [(d.code, d.span.line) for d in with_fast_path if d.code == "LNK001"] == [("LNK001", 5)]


@needs_fast_path
@pytest.mark.parametrize(
    "deep",
    [
        "> " * 200_000 + "x",
        ">" * 200_000,
        "- " * 200_000 + "x",
        "1. " * 200_000,
        "\n".join("  " * i + "- a" for i in range(300)),
        "> " * 20 + "[[A]]",
    ],
)
def test_deep_nesting_takes_the_reference_path(deep: str) -> None:
    """The Rust parser has no nesting limit and overflows its stack (a crash, not an
    exception) at some 100,000 levels; markdown-it-py stops at 20."""
    text = "plain\n\nmore plain\n\n" + deep + "\n\nplain again\n"
    assert fastblocks.blank_unneeded("> " * 19 + "[[A]]" + "\n\nplain words" * 9) is not None
    parse_note(text.encode(), "deep.md")
