"""Minimal texts on which the parser's fast path once differed from the reference.

Each text was found by comparing ``parse_note(..., fast=True)`` with ``fast=False`` on Markdown
no one here wrote (system documentation, package READMEs) and on generated Obsidian-style and
mutated corpus notes, then reduced to a few lines. Each must parse to the same findings both
ways, and where our scanners take it, to markdown-it-py's tokens and findings. (Some were
found in the markdown-it-pyrs block splitter the parser once used; they stay as cases.)
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_blockscan import _same_tokens
from vaultcheck.core.model import Note
from vaultcheck.parse import inlinescan, mdparser
from vaultcheck.parse.note import parse_note


def _findings(note: Note) -> tuple[object, ...]:
    return (note.links, note.tags, note.headings, note.block_ids, note.citations,
            note.comments, note.unclosed_comments)  # fmt: skip


def _both_ways(text: str) -> None:
    data = text.encode()
    reference = _findings(parse_note(data, "r.md", fast=False))
    assert _findings(parse_note(data, "r.md")) == reference


def _scanners_agree(text: str) -> None:
    """Where our block and inline scanners take ``text``, they give markdown-it-py's answer."""
    _same_tokens(text)
    env: dict[str, object] = {}
    for token in mdparser.block_parser_for(text).parse(text, env):
        if token.type == "inline":
            found = inlinescan.scan(token.content, env)
            if found is not None:
                expected: list[object] = []
                inline_env = {**env, "vc_found": expected}
                mdparser.PARSER.inline.parse(token.content, mdparser.PARSER, inline_env, [])
                assert found == expected, token.content


#: One line each: what once differed (see the commit that added it).
REGRESSIONS = [
    # Emptying the paragraph between a list and an indented code block let the list's item
    # take the code as its own paragraph (a link found where there is none).
    "- [a\n\nplain\n\n    [[X]]",
    "- [[A]]\n\nplain\n\n\t#tag",
    # An HTML comment opened in a list item ends with the item, where the next unindented
    # block begins; emptying that block let the comment run on.
    "plain words\n\n- <!--\n\nplain words\n",
    "> <!--\n\nplain words\n\nmore [[x]]\n",
    "- a\n\n  <!-- open\n\nplain\n\n-->\n",
    "- [\n\n\ufeff\n\n    [[]]",
    "- [a\n\nplain\n\n    > [[X]]",
    # ... or let a fence open in the item run on over a paragraph indented by two.
    "- [a\n\n  ```\n\nplain\n\n  [[X]]",
    "- ```\n  [x\n\nplain\n\n  [[X]]",
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regression_parses_the_same_both_ways(text: str) -> None:
    _both_ways(text)
    _scanners_agree(text)


#: Top-level blocks with and without something to record, indented or not: what the fast
#: path empties sits between blocks that may reach over it (list items, fences in them).
BLOCKS = ["plain words", "- a", "- [a", "1. [a", "- ```", "- [a\n\n  ```", "> q", "    code",
          "\tcode", "  two", "   - b", "[[X]]", "    [[X]]", "\t#tag", "  [[X]]", "    > [[X]]",
          "# H", "| a |\n|---|", "\ufeff", "\u00a0", "- <!--", "```", "***"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), min_size=2, max_size=7), st.sampled_from(["\n\n", "\n"]))
def test_fuzzed_blocks_apart_parse_the_same_both_ways(blocks: list[str], gap: str) -> None:
    _both_ways(gap.join(blocks))


def test_many_brackets_scan_in_linear_time() -> None:
    """The inline scanner once looked for ``](`` again from every ``[``: 1 MB of ``[ `` took
    minutes (markdown-it-py alone: 13 s)."""

    def cpu(count: int) -> float:
        src = "[ " * count
        start = time.process_time()
        assert inlinescan.scan(src, {}) == []
        return time.process_time() - start

    small, large = cpu(20_000), cpu(80_000)
    assert large < 8 * small + 0.05
