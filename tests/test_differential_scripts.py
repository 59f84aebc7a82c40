"""The fast parse paths against markdown-it-py and PyYAML alone, on what people write.

``tests/test_blockscan.py``, ``test_simpleyaml.py`` and ``test_fastpath_regressions.py``
compare the scanners with ``parse_note(..., fast=False)`` on the corpora and on texts joined
from short pieces. This module adds what those pieces lack, the way users of other scripts
and other editors write notes: right-to-left text around links, combining marks and emoji
joiner sequences touching ``[[``, tags after CJK punctuation, full-width and no-break
spaces, tabs in list and code indentation, setext headings, lazy lines, HTML blocks, nested
callouts, footnotes, ``$$`` math, tables with escaped pipes in code, CRLF and lone CR, and
frontmatter in flow style, with block scalars, comments, anchors, duplicate keys, tabs, a
BOM; hand-written, and as mutations of real notes of every corpus (all 39 tldr languages).

The reference here is stricter than ``fast=False`` (``tests/differential.py``: markdown-it-py
with none of its shortcuts). A note must parse to the same :class:`~vaultcheck.core.model.Note`
both ways (compared by ``repr``, so ``1`` is not ``True``), with its findings where written.
"""

from __future__ import annotations

import json
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA, REPO
from tests.differential import same_both_ways
from tests.test_blockscan import _markdown_of, _same_tokens
from vaultcheck.parse import body
from vaultcheck.parse.frontmatter import _block_bounds, parse_frontmatter
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.simpleyaml import read_simple
from vaultcheck.parse.text import LineIndex

#: Hand-written notes, one construct each (with something to record in and around it).
HOSTILE = {
    "arabic": "مرحبا [[ملاحظة]] و #وسم، انظر [[كتاب|الكتاب]]\n- [[قائمة]] #عنصر\n",
    "hebrew_marks": "\u200fשלום [[הערה|טקסט]]\u200f #תג\n\u202b[[א]]\u202c ^blk\n",
    "rtl_markdown_link": "راجع [النص](My%20Note.md#قسم) و [[ب#عنوان|ج]]\n",
    "combining": "e\u0301[[Note]] a\u0308 #tag\u0301 [[e\u0301te\u0301]]\n",
    "zwj": "👩\u200d💻[[Dev]] #👩\u200d💻 🏳️\u200d🌈#x [[👩\u200d💻]] #a\u200db\n",
    "cjk_punct": "日本語、#タグ。「#引用」，#中文：[[日本]]、[[中文|文]]。\n",
    "fullwidth": "\u3000[[A]]\u3000#tag\n\u3000- [[B]]\n\u3000\u3000# not heading\n",
    "nbsp": "\u00a0[[A]]\u00a0#t\n- \u00a0[[B]]\n#\u00a0no\n[[C]]\u00a0^id\n",
    "tabs_lists": "- a\n\t- [[b]]\n    - [[c]]\n\t\t- #d\n  \t- [[e]]\n",
    "tab_code": "para\n\n\t[[code]] #no\n\n    [[code]]\n\n- x\n\n\t\t[[in item]]\n",
    "setext": "Title [[A]]\n===\n\nSub #t\n---\n\n[[B]]\n=\n",
    "lazy": "> quote [[A]]\nlazy [[B]] #t\n\n- item [[C]]\nlazy #u\n",
    "comment_close_text": "%%\nx [[H]]\n%% see [[R]] #t\nnext [[N]]\n\n%% a %%   [[S]]\n> %%\n> %% [[Q]]\n",
    "html_block": "<div>\n[[A]] #no\n</div>\n\n[[B]]\n\n<!-- [[C]] -->\n<details>\n\n[[D]]\n</details>\n",
    "nested_callouts": "> [!note] Title [[A]]\n> > [!tip]- inner #t\n> > body [[B]]\n> back [[C]]\n",
    "callout_list": "> [!warning]+ [[W]]\n> - [[X]] #t\n> - y\n>\n> 1. [[Z]]\n",
    "footnotes": "text[^1] [[A]]\n\n[^1]: foot [[B]] #t\n[^note]: x\n",
    "math": "$$\n[[A]] #t\n$$\n\n$x [[B]]$ and $$[[C]]$$ #u\n\n$ [[D]] $\n",
    "table_pipes": "| a | b |\n|---|---|\n| `x\\|y` | [[A\\|b]] |\n| \\| | #t |\n| `[[B]]` | [[B]] |\n",
    "table_rtl": "| اسم | رابط |\n|:-:|--:|\n| س | [[ملاحظة\\|نص]] #وسم |\n",
    "crlf": "# H [[X]]\r\n\r\n[[A]] #t\r\n- [[B]]\r\n  - [[C]]\r\n> [[D]]\r\n",
    "lone_cr": "# H\r\r[[A]] #t\r- [[B]]\r> [!note] [[C]]\r",
    "mixed_breaks": "a [[A]]\r\nb [[B]]\rc [[C]]\nd #t\r\n",
    # What Python's str.strip() and splitlines() take for white space or breaks, markdown-it not.
    "separators": "[[A]]\x85\n\x1c[[B]] #t\x1c\n- [[C]]\u2028\n# [[D]]\x85\n> [[E]]\x1f\n\n\x0b#t\x0c\n",
    "bom": "\ufeff# Title [[A]]\n\n\ufeff[[B]] #t\n",
    "bom_list": "\ufeff- [[A]]\n  - [[B]]\n",
    "headings": "# [[A]] #\n## #t ##\n### a [[B]] ###   \n#### ####\n####### [[no]]\n",
    "code_spans": "`[[no]]` [[A]] ``#no` `` #t `` ` `` [[B]]`\n",
    "escapes": "\\[[A]] \\#t [[B\\]] \\\\#u [[C]]\n",
    "comments": "%% [[no]] %%\n[[A]] %%[[no]]%% #t\n\n%%\n#no\n%%\n[[B]]\n",
    "thai_devanagari": "ภาษาไทย[[หน้า]] #แท็ก हिन्दी [[पृष्ठ]] #टैग ^blk\n",
    "fm_flow": "---\nmeta: {a: 1, b: '[[X]]'}\ntags: [a, \"b/c\"]\nup: [\"[[P]]\", '[[Q]]']\n---\n[[A]]\n",
    "fm_block_scalars": "---\ndesc: |\n  line [[X]]\n  two\nother: >-\n  folded [[Y]]\n---\n#t\n",
    "fm_comments": "---\n# c\ntitle: a # c\ntags:\n  - a # c\n  # between\n  - b\n---\n",
    "fm_odd_indent": "---\ntags:\n   - a\n   - b\nx:\n - y\nz:\n- '[[Z]]'\n---\n",
    "fm_tabs": "---\ntitle:\ta\ntags:\n\t- x\n---\n[[A]]\n",
    "fm_quotes": '---\na: "x\\"y [[A]]"\nb: \'it\'\'s [[B]]\'\nc: "[[C|c]]"\n---\n',
    "fm_anchor": "---\na: &x '[[A]]'\nb: *x\nc: [*x, '[[C]]']\n---\n",
    "fm_duplicate": "---\na: 1\na: 2\ntags: [x]\ntags: [y]\n---\n",
    "fm_dashes": "---\na: ---\nb: '---'\nc: x --- y\nd: |\n  ---x\n---\n[[A]]\n",
    "fm_bom_crlf": "\ufeff---\r\ntitle: a\r\ntags:\r\n  - x\r\n---\r\n[[A]]\r\n",
    "fm_multiline_plain": "---\ntitle: a long\n  title [[X]]\ntags: a, b\n---\n",
    "fm_scripts": "---\nعنوان: مرحبا\n日本: [語, 'é']\ntags: [タグ, وسم]\nrelated: \"[[ملاحظة]]\"\n---\n",
    "fm_nbsp": "---\na: \u00a0x\u00a0\nb: \u3000[[B]]\n\u00a0c: 1\n---\n",
}

_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@pytest.mark.parametrize("newline", sorted(_NEWLINES))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_notes_parse_as_markdown_it_and_pyyaml_read_them(name: str, newline: str) -> None:
    text = HOSTILE[name].replace("\r\n", "\n").replace("\r", "\n").replace("\n", _NEWLINES[newline])
    same_both_ways(text.encode())
    _same_tokens(_markdown_of(text.encode()))


def test_the_hostile_notes_are_read_by_the_fast_paths() -> None:
    """The comparisons above compare something: the scanners take most of these notes."""
    data = [text.encode() for text in HOSTILE.values()]
    blocks = sum(_same_tokens(_markdown_of(d)) for d in data)
    simple = 0
    for text in HOSTILE.values():
        bounds = _block_bounds(text)
        if isinstance(bounds, tuple):
            simple += read_simple(text, bounds[0], bounds[1], LineIndex(text)) is not None
    assert blocks >= 20 and simple >= 4, (blocks, simple)


def _seed_notes() -> list[str]:
    """A few notes of each corpus: three pages of each tldr language, the rest by stride."""
    seeds: list[str] = []
    tldr = CORPORA / "tldr-pages__tldr"
    for language in sorted(tldr.glob("pages.*")):
        seeds += [p.read_text("utf-8") for p in sorted(language.rglob("*.md"))[:3]]
    for name in ("OldManUmby__DND.SRD.Wiki", "kepano__kepano-obsidian", "foambubble__foam_docs"):
        paths = sorted((CORPORA / name).rglob("*.md"))
        seeds += [p.read_text("utf-8") for p in paths[:: max(1, len(paths) // 25)]]
    return seeds


#: What a mutation inserts: the constructs above in pieces, where they touch other text.
PIECES = [
    "[[A]]", "[[B#H|t]]", "![[i.png]]", "[[", "]]", "#tag", "#タグ", "#وسم", " ^blk", "[t](x.md)",
    "`code`", "`[[C]]`", "%%", "$x$", "$$", "\\", "|", "\\|", "\u00a0", "\u3000", "\t", "\u200f",
    "\u0301", "\u200d", "👩\u200d💻", "、", "。", "「", "：", "#", "> ", "- ", "1. ", "<div>",
    "<!--", "-->", "[^1]", "[^1]: ", "===", "---", "***", "```", "~~~", "\ufeff", "[[مرحبا]]",
    "[[日本|語]]", "> [!note] ", "> > ", "\x85", "\u2028", "<https://x.y/#t>", "&amp;",
]  # fmt: skip
PREFIXES = ["> ", "- ", "  ", "    ", "\t", "> > ", "1. ", "\u00a0", "\u3000", "   - ", ">", "# "]


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    lines = draw(st.sampled_from(seeds)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        line = lines[i] if lines else ""
        op = draw(st.integers(0, 5))
        if op == 0:  # a piece inside a line, at a random place or next to a trigger
            spots = [k for k, c in enumerate(line) if c in "[]#|`$%<>"] or [len(line)]
            at = draw(st.one_of(st.integers(0, len(line)), st.sampled_from(spots)))
            lines[i:i] = [line[:at] + draw(st.sampled_from(PIECES)) + line[at:]]
            del lines[i + 1 : i + 2]
        elif op == 1:
            lines[i:i] = [draw(st.sampled_from(PREFIXES)) + line]
            del lines[i + 1 : i + 2]
        elif op == 2:
            lines.insert(i, draw(st.sampled_from(["", " ", "\t", ">", "\u00a0", "---", "==="])))
        elif op == 3 and lines:
            del lines[i]
        elif op == 4 and lines:
            lines[i] = line.replace(" ", draw(st.sampled_from(["\t", "  ", "\u00a0", "\u3000"])), 1)
        else:
            lines.insert(i, line)
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    return newline.join(lines)


@pytest.mark.corpus
def test_mutated_corpus_notes_parse_as_markdown_it_reads_them() -> None:
    if not (CORPORA / "tldr-pages__tldr").is_dir():
        pytest.skip("corpora not available")
    seeds = _seed_notes()
    assert len(seeds) > 150

    @settings(max_examples=400, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(_mutated(seeds))
    def check(text: str) -> None:
        same_both_ways(text.encode())

    check()


def _frontmatter_seeds() -> list[str]:
    """The YAML of every corpus note with frontmatter, of the example vault and of the seed."""
    folders = [CORPORA / "kepano__kepano-obsidian", CORPORA / "foambubble__foam_docs",
               REPO / "examples" / "vault", REPO.parent / "shared" / "seed"]  # fmt: skip
    seeds = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text("utf-8", errors="replace")
            bounds = _block_bounds(text)
            if isinstance(bounds, tuple):
                seeds.append(text[bounds[0] : bounds[1]])
    return seeds


YAML_PIECES = [
    " ", "  ", "\t", "#", " #", " # c", ":", ": ", "- ", "'", "''", '"', "[", "]", "[[", "]]", "{",
    "}", ",", "|", ">", "&a ", "*a", "!", "%", "@", "`", "?", "\u00a0", "\u3000", "é", "😀",
    "\u200f", "مرحبا", "日本", "---", "...", "~", "yes", "0x1", "1.5", "2024-01-01", "\\", "\\n",
    "\ufeff", "\x85", "<<", "[[A|b]]", "'[[A]]'", '"[[B#H]]"',
]  # fmt: skip


@st.composite
def _mutated_yaml(draw: st.DrawFn, seeds: list[str]) -> str:
    lines = draw(st.sampled_from(seeds)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        line = lines[i] if lines else ""
        op = draw(st.integers(0, 4))
        if op == 0:
            at = draw(st.integers(0, len(line)))
            lines[i:i] = [line[:at] + draw(st.sampled_from(YAML_PIECES)) + line[at:]]
            del lines[i + 1 : i + 2]
        elif op == 1 and line:
            at = draw(st.integers(0, len(line) - 1))
            lines[i] = line[:at] + line[at + 1 :]
        elif op == 2:
            lines[i:i] = [draw(st.sampled_from(["", " ", "  ", "- ", "  - "])) + line.lstrip(" ")]
            del lines[i + 1 : i + 2]
        elif op == 3:
            lines.insert(i, draw(st.sampled_from(["# c", "  # c", "x: [a, b]", "- z", "dup: 1"])))
        else:
            lines.insert(i, line)
    return "\n".join(lines)


def test_mutated_real_frontmatter_reads_as_pyyaml_reads_it() -> None:
    seeds = _frontmatter_seeds()
    assert len(seeds) > 10
    read_simply = 0

    @settings(max_examples=600, deadline=None, database=None)
    @given(_mutated_yaml(seeds), st.sampled_from(["\n", "\n", "\r\n"]))
    def check(yaml: str, newline: str) -> None:
        nonlocal read_simply
        yaml = yaml if yaml.endswith("\n") else yaml + "\n"
        text = f"---\n{yaml}---\n".replace("\n", newline)
        index = LineIndex(text)
        fast, reference = parse_frontmatter(text, index), parse_frontmatter(text, index, fast=False)
        assert repr(fast) == repr(reference), text
        bounds = _block_bounds(text)
        assert isinstance(bounds, tuple)
        read_simply += read_simple(text, bounds[0], bounds[1], index) is not None

    check()
    assert read_simply >= 100  # else the simple reader was hardly compared


def test_canvas_text_cards_parse_as_markdown_it_reads_them() -> None:
    """A canvas's text cards are Markdown parsed by the same scanners: ``fast=False`` reads
    them with markdown-it-py alone, and every hostile note as a card gives the same links."""
    nodes = [{"id": str(k), "type": "text", "text": text, "x": 0, "y": 0, "width": 1, "height": 1}
             for k, text in enumerate(HOSTILE.values())]  # fmt: skip
    for ascii_only in (True, False):
        data = json.dumps({"nodes": nodes}, ensure_ascii=ascii_only, indent=1).encode()
        same_both_ways(data, "board.canvas")
    canvas = parse_note(data, "board.canvas")
    assert len(canvas.links) > 50


def test_the_canvas_reference_switch_reaches_text_cards() -> None:
    """``fast=False`` must not take the scanners for a card (else nothing above compares)."""
    data = json.dumps({"nodes": [{"id": "a", "type": "text", "text": "[[A]] #t"}]}).encode()
    with mock.patch.object(body.blockscan, "block_tokens", side_effect=AssertionError("fast")):
        assert [link.target for link in parse_note(data, "c.canvas", fast=False).links] == ["A"]
        with pytest.raises(AssertionError, match="fast"):
            parse_note(data, "c.canvas")
