"""Our block and inline scanners against markdown-it-py, the reference grammar.

Where :mod:`vaultcheck.parse.blockscan` takes a note, its tokens must equal the ones
markdown-it-py gives ``parse/body.py``; where :mod:`vaultcheck.parse.inlinescan` takes inline
text, its findings must equal what markdown-it-py's inline parse with our rules records; and
either way the parsed ``Note`` must equal the reference (``fast=False``). Checked on every note
of every corpus, the fixtures, the hostile corpus and fuzzed Markdown. The share of notes the
scanners take is asserted too, so these comparisons compare something.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA, REPO
from tests.hostile.generate import files as hostile_files
from vaultcheck.parse import blockscan, inlinescan, mdparser
from vaultcheck.parse.blocklines import BlockToken
from vaultcheck.parse.frontmatter import parse_frontmatter
from vaultcheck.parse.mdparser import markdown_text
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import LineIndex, decode

#: The token types ``parse/body.py`` reads.
_READ = {"inline", "heading_open", "vc_comment", "th_open", "td_open", "html_block"}


def _shape(token: Any) -> tuple[object, ...]:
    """What ``parse/body.py`` reads of a token (an unclosed comment's end line it does not)."""
    heading = token.type == "heading_open"
    comment = token.type == "vc_comment"
    first, last = token.map or (None, None)  # table cells have none
    return (
        token.type,
        first,
        None if comment else last,
        "" if heading else token.content,
        token.markup if heading else "",
        token.tag if heading else "",
        token.meta if comment else None,
    )


def _reference_tokens(text: str) -> list[tuple[object, ...]]:
    tokens = mdparser.block_parser_for(text).parse(text, {})
    return [_shape(t) for t in tokens if t.type in _READ]


def _scanned_tokens(text: str) -> list[tuple[object, ...]] | None:
    tokens = blockscan.block_tokens(text)
    return None if tokens is None else [_shape(BlockToken._make(t)) for t in tokens]


def _markdown_of(data: bytes) -> str:
    """The text markdown-it reads for a note (frontmatter lines emptied), as ``parse_note``."""
    text = decode(data).text
    index = LineIndex(text)
    frontmatter = parse_frontmatter(text, index).frontmatter
    start = 0
    if frontmatter is not None and not frontmatter.unclosed:
        line, column = index.position(frontmatter.span.end)
        start = line - 1 if column == 1 else line
    return markdown_text(text, start, index)


def _same_tokens(text: str) -> bool:
    """Whether the scanner took ``text``; if it did, its tokens must be the reference's."""
    scanned = _scanned_tokens(text)
    if scanned is not None:
        assert scanned == _reference_tokens(text), text
    return scanned is not None


def _reference_inline(src: str) -> list[object]:
    found: list[object] = []
    mdparser.PARSER.inline.parse(src, mdparser.PARSER, {"vc_found": found}, [])
    return found


def _as_read(found: list[Any]) -> list[tuple[object, ...]]:
    """Findings as ``parse/body.py`` reads them: a Markdown link's tokens as its destination
    and the text of its label."""
    result = []
    for kind, start, end, data in found:
        if kind == "link" and isinstance(data, list):  # (the scan gives (href, text))
            opener = next(i for i, t in enumerate(data) if t.type == "link_open")
            label = [t.content for t in data[opener + 1 :] if t.type in ("text", "code_inline")]
            data = (data[opener].attrGet("href"), "".join(label))
        result.append((kind, start, end, data))
    return result


def _same_inline(src: str) -> bool:
    scanned = inlinescan.scan(src, {})
    if scanned is not None:
        assert _as_read(scanned) == _as_read(_reference_inline(src)), src
    return scanned is not None


#: Share of notes the block scanner must take on each corpus (measured: kepano 101/103,
#: foam 28/86, DND 584/1,028, tldr 5,695/5,701).
_TAKEN = {
    "kepano__kepano-obsidian": 0.9,
    "foambubble__foam_docs": 0.25,
    "OldManUmby__DND.SRD.Wiki": 0.5,
    "tldr-pages__tldr": 0.95,
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(_TAKEN))
def test_every_corpus_note_scans_to_the_reference_tokens(name: str) -> None:
    root = CORPORA / name
    if not root.is_dir():
        pytest.skip(f"corpus {name} not available")
    notes = sorted(root.rglob("*.md"))
    taken = sum(_same_tokens(_markdown_of(path.read_bytes())) for path in notes)
    assert taken >= _TAKEN[name] * len(notes), (taken, len(notes))


def test_the_generated_benchmark_vault_scans_to_the_reference(tmp_path: Path) -> None:
    """The kind of vault bench/run.py times: every note taken, every note the same."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(tmp_path), "--notes", "150"],
        check=True,
    )
    notes = sorted(tmp_path.rglob("*.md"))
    assert len(notes) == 150
    for path in notes:
        data = path.read_bytes()
        assert _same_tokens(_markdown_of(data)), path
        assert parse_note(data, str(path)) == parse_note(data, str(path), fast=False), path


def test_fixtures_and_hostile_inputs_scan_to_the_reference_tokens() -> None:
    found = [
        path
        for folder in ("examples/vault", "fuzz/corpus", "fuzz/regressions", "tests/golden")
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file() and path.suffix in ("", ".md")
    ]
    texts = [_markdown_of(path.read_bytes()) for path in found]
    texts += [_markdown_of(data) for data in hostile_files().values() if len(data) < 65536]
    taken = sum(_same_tokens(text) for text in texts)
    assert taken > 20


#: Lines of every kind the scanner handles, and of kinds it must give up on, with and
#: without things to record; joined at random they touch, nest and interrupt each other.
LINE_STARTS = [
    "", "", "", " ", "  ", "   ", "    ", "\t", "\t\t", " \t", "- ", "-  ", "-     ", "* ", "+ ",
    "1. ", "2. ", "1) ", "10. ", "  - ", "    - ", "\t- ", "\t\t- ", "   1. ", "> ", ">", ">  ",
    "> > ", "> - ", "> # ", "# ", "## ", "###### ", "####### ", "#", "```", "```py", "~~~",
    "``` `x`", "%%", "%% x %%", "---", "***", "- - -", "===", "| ", "|---|", "--|--", ":-",
    "<div>", "[ref]: /u", "$$", "\u00a0", "\u3000", "\ufeff", "*", "**", "*\t", "_", "__",
    "_ _ ", "___", "*=", "**Bold:** ", "_a_ ",
]  # fmt: skip
PIECES = [
    "word", "two words", "[[A]]", "[[B#H|t]]", "![[i.png]]", "[[", "]]", "#tag", "#a/b", "#1",
    " ^blk", "^id", "[t](x.md)", "[@key]", "`code`", "%%", "$x$", "\\", "|", "\\|", " ", "  ",
    "\t", "#", "é", "🧩", "\u2003", "]:", ">", "-", "*", "_", "```", "~~~", "<", "!", "\x1c",
    "\x85",
]  # fmt: skip
LINES = st.tuples(
    st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
).map("".join)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=14), st.sampled_from(["\n", "\r\n", "\r"]))
@example(["```|", "|---|"], "\n")  # the table rule comes before the fence rule
# Lines starting with * or _ taken as text at once: not breaks, items or underlines.
@example(["a", "___", "_ _ _", "**", "*\tx", "* x", "**Bold:** x", "_x_", "*=", "*a*"], "\n")
@example(["- a", "", "# h", "  - b"], "\n")  # a heading after a list: it ends the list
def test_fuzzed_lines_scan_to_the_reference(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    data = text.encode()
    _same_tokens(_markdown_of(data))
    assert parse_note(data, "fuzz.md") == parse_note(data, "fuzz.md", fast=False)


#: Only lines of the kinds the scanner handles: most of these texts are taken.
SIMPLE_STARTS = ["", "", "", "- ", "  - ", "\t- ", "\t\t- ", "     - ", "1. ", "2. ", "> ", ">",
                 "# ", "## ", "```", "%%", "---", "  ", "   ", "\x1c", "\x85", "**", "*", "_",
                 "#"]  # fmt: skip
SIMPLE_LINES = st.tuples(
    st.sampled_from(SIMPLE_STARTS),
    st.lists(st.sampled_from([*PIECES[:12], "plain", " ", "é"]), min_size=1, max_size=4).map(
        "".join
    ),
).map("".join)


def test_simple_fuzz_is_mostly_taken() -> None:
    """The generator below makes texts the scanner takes (else its test tests little)."""
    taken = 0

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(SIMPLE_LINES, max_size=12).map("\n".join))
    def check(text: str) -> None:
        nonlocal taken
        taken += _same_tokens(text)
        data = text.encode()
        assert parse_note(data, "fuzz.md") == parse_note(data, "fuzz.md", fast=False)

    check()
    assert taken >= 100


#: Tables: header, delimiter and body rows of varying cell counts, escaped pipes, pipes in
#: wikilinks and code, indentation, and the lines that end a table's rows.
CELLS = st.lists(
    st.sampled_from(["", " ", "a", "[[A|b]]", "[[B]]", "#t", "`x|y`", "\\|", "\\\\|", "é "]),
    max_size=4,
)
TABLE_ROW = st.tuples(
    st.sampled_from(["", "", " ", "    ", "\t"]),
    st.sampled_from(["", "|"]),
    CELLS.map("|".join),
    st.sampled_from(["", "|", "| ", "\u00a0"]),
).map("".join)
DELIMITER = st.tuples(
    st.sampled_from(["", "|", " |", "    |"]),
    st.lists(st.sampled_from(["---", ":-", "-:", ":-:", " --- ", "", "x", "- "]), max_size=4).map(
        "|".join
    ),
    st.sampled_from(["", "|", "| "]),
).map("".join)
AFTER_TABLE = st.sampled_from(["", "plain", "- item", "> quote", "# h", "***", "```", "1. x",
                               "    code", "| a |", "\u00a0", "%%", "___", "+ x", "~~~",
                               "9) x", "a \\| b"])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    TABLE_ROW, DELIMITER, st.lists(TABLE_ROW, max_size=4), AFTER_TABLE, st.sampled_from(["", "- x"])
)
@example("- a | b", "--|--", ["c|d"], "", "")  # a list item's line as a header row
@example("> a | b", "--|--", [], "", "")  # a quote's line as a header row
@example("a | b", "--|--", [], "", "- x")  # a table after a list item (not one of its rows)
@example("| a | b |", "|---|---|", ["| c | d |"], "___", "")  # rows end at a break
@example("| a | b |", "|---|---|", ["c \\| d"], "~~~", "")  # and at a fence
def test_fuzzed_tables_scan_to_the_reference(
    header: str, delimiter: str, rows: list[str], after: str, before: str
) -> None:
    text = "\n".join([before, header, delimiter, *rows, after, "[[Z]]"])
    _same_tokens(text)
    data = text.encode()
    assert parse_note(data, "t.md") == parse_note(data, "t.md", fast=False)


def test_tables_are_taken() -> None:
    # A pipe inside a code span still splits the row (as markdown-it reads it): #x is a third
    # cell of a two-column table, dropped.
    text = "| a | [[A\\|b]] |\n|---|:-:|\n| `x` | #t |\n|`x|y`| #x |\n\n- [[B]]\n"
    assert _same_tokens(text)
    note = parse_note(text.encode(), "t.md")
    assert [(link.target, link.text, link.span.line) for link in note.links] == [
        ("A", "b", 1),
        ("B", None, 6),
    ]
    assert [(tag.name, tag.span.line, tag.span.column) for tag in note.tags] == [("t", 3, 9)]


INLINE_PIECES = [
    "[[A]]", "[[A|b]]", "[[A#H]]", "[[A#^b]]", "![[A]]", "!", "[[", "]]", "[", "]", "#", "#t",
    "#t/x", "#1", "#_", "#é", "^", "^b", "^b-1", " ", "\t", "\n", "  \n", "\u00a0", "\u2003",
    "x", "word", ".", ",", "(", ")", "@", "[@k]", "`", "$", "%", "\\", "<", "](", "é",
    "[[A #t]]", "[[A ^b]]", "[[ #t ", "\x1c", "\x85", "``", "```", " ` ", "`#t`", "`[[A]]`",
    "<https://x.y/#t>", "<a@b.cd>", "<javascript:x>", "<!-- #t -->", "<b>", ">", "<x#t>",
    "[t](x.md)", "[a b](My%20N.md#H)", "[](y)", "[x](javascript:y)", "[x](<y>)", '[x](y "t")',
    "![i](p.png)", "[x](a(b))", "[x] (y)", "[é](ü.md)", "%", "%%", "[x](a%zz.md)",
    "[x](//h/p)", "[中](中文%20名.md#H?x)",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=24).map("".join))
def test_fuzzed_inline_text_scans_to_the_reference_findings(src: str) -> None:
    _same_inline(src)


#: Texts whose code spans are all of single backticks, which the scan closes at the next
#: backtick (no runs to compare): backticks in and around links, tags and block ids.
SINGLE_TICK_PIECES = [
    "`", "`", " `x` ", "`#t`", "`[[A]]`", "[[A`]]", "#t`", "^b`", "[t](x`.md)", "[`t`](x.md)",
    "[[A]]", "#t", " ^b", " ", "x", "é", "\n", "![[A]]", "[", "](",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(SINGLE_TICK_PIECES), max_size=16).map("".join))
def test_fuzzed_single_backtick_text_scans_to_the_reference_findings(src: str) -> None:
    _same_inline(src)


def test_inline_scan_gives_up_on_what_it_does_not_know() -> None:
    for src in ("\\#tag", "[x](a b) [[A]]", "$#x$", "%%[[A]]%%", "<a> #t", "[@k]", "<b #t"):
        assert inlinescan.scan(src, {}) is None, src
    assert inlinescan.scan("[[A]] #t", {"references": {}}) is None
    src = "a [[A|b]] #t/x ![[i.png]] #12 c#no ^id"
    assert (
        inlinescan.scan(src, {})
        == _reference_inline(src)
        == [
            ("wikilink", 2, 9, (4, "A|b")),
            ("tag", 10, 14, "t/x"),
            ("embed", 15, 25, (18, "i.png")),
            ("block_id", 35, 38, "id"),
        ]
    )


def test_what_the_block_scanner_takes_and_gives_up_on() -> None:
    taken = [
        "# Title\n\npara [[A]]\nmore\n\n- a\n  - b\n\t- c\n\n> [!note] x\n> y\n\n```\n[[no]]\n```",
        "%% hidden\n\n[[A]] %%\n\n***\n\n1. a\n2. b\n",
    ]
    for text in taken:
        assert _same_tokens(text), text
    gave_up = [
        "a | b\nc | d\n--|--\n",  # a table interrupting a paragraph
        "Title\n===",  # a setext heading
        "<div>\n[[A]]\n</div>",  # HTML
        "- a\n  continued",  # an item of two lines
        "- a\nlazy",  # a lazy continuation
        "para\n\n    code [[A]]",  # indented code
        "> a\nlazy",  # a lazy quote line
        "$$\n[[A]]\n$$",  # math
        "[x]: /u\n\n[x]",  # a reference definition
        "para\n2. not an item",  # an ordered item that cannot interrupt a paragraph
        "- a\n" + "".join("  " * i + "- x\n" for i in range(1, 7)),  # deep nesting
    ]
    for text in gave_up:
        assert blockscan.block_tokens(text) is None, text


def test_many_comment_blocks_scan_in_linear_time() -> None:
    """Each ``%%`` block needs line offsets; computing them once per note keeps this linear."""

    def cpu(count: int) -> float:
        text = "%%x%%\n" * count
        best = float("inf")
        for _ in range(3):  # the best of three: the machine may be busy
            start = time.process_time()
            tokens = blockscan.block_tokens(text)
            best = min(best, time.process_time() - start)
        assert tokens is not None and len(tokens) == count
        return best

    # Linear: about 4x; quadratic (offsets per block) would be 16x and seconds long.
    small, large = cpu(8000), cpu(32000)
    assert large < 10 * small + 0.1
