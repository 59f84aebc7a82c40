"""Comments at the edges of blocks: a `%%` comment opened in a paragraph and closed by a
`%%` that begins a line, and HTML comment blocks inside list items and quotes.

What Obsidian hides is what vaultcheck must skip, and no more: the headings and links after
the closing `%%` are the note's (other notes link to them), and removing an unused
suppression from a list item or a quote must keep its marker. Checked on the parsed note
(both parse paths) and through the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.parse.note import parse_note

runner = CliRunner()

OPEN_THEN_LINE_START = (
    "text %% opens a comment\n"
    "# Hidden [[H1]]\n"
    "%% after [[R]]\n"
    "# Shown [[S]]\n"
    "%%\n"
    "# Hidden again [[H2]]\n"
    "%%\n"
    "end [[E]] #tag\n"
)


@pytest.mark.parametrize("fast", [True, False], ids=["scanners", "markdown-it"])
def test_a_comment_closed_where_a_line_begins_hides_only_what_it_holds(fast: bool) -> None:
    note = parse_note(OPEN_THEN_LINE_START.encode(), "a.md", fast=fast)
    assert [(h.level, h.text, h.span.line) for h in note.headings] == [(1, "Shown [[S]]", 4)]
    assert [(x.target, x.span.line, x.span.column) for x in note.links] == [
        ("R", 3, 10),
        ("S", 4, 9),
        ("E", 8, 5),
    ]
    assert [(t.name, t.span.line) for t in note.tags] == [("tag", 8)]
    comments = [(s.line, s.column, s.end_line, inner) for s, inner in note.comments]
    assert comments == [
        (5, 1, 7, "\n# Hidden again [[H2]]\n"),
        # From `%%` to the closing `%%` (before, to its paragraph's end: the hidden heading
        # counted as prose, for mentions and Dataview fields).
        (1, 6, 3, " opens a comment\n# Hidden [[H1]]\n"),
    ]
    assert note.unclosed_comments == ()


def test_the_heading_after_the_comment_is_a_link_target(tmp_path: Path) -> None:
    """Before, `# Shown` was taken for hidden: `[[a#Shown]]` was a false LNK003 and the
    broken `[[Gone]]` after it went unreported."""
    write_vault(
        tmp_path,
        {"a.md": "see %% a note\n\nto self\n\n%%\n## Shown\n[[Gone]]\n", "b.md": "[[a#Shown]]\n"},
    )
    result = runner.invoke(
        app, ["lint", str(tmp_path), "--no-cache", "--select", "LNK", "--output-format", "json"]
    )
    found = [(d["path"], d["line"], d["column"], d["message"]) for d in json.loads(result.stdout)]
    assert found == [("a.md", 7, 1, "Broken link: no note named `Gone`")]
    assert result.exit_code == 1


# (id, note, the note after `--fix` removes the unused suppression)
REMOVALS = [
    (
        "list item",
        "- one\n- <!-- vaultcheck: ignore[LNK001] -->\n  two\n",
        "- one\n- \n  two\n",
    ),
    (
        "quote",
        "> <!-- vaultcheck: ignore[LNK001] -->\n> quoted\n",
        "> \n> quoted\n",
    ),
    (
        "several lines in a list item",
        "1. first\n2. <!--\n   vaultcheck: ignore[LNK001]\n   -->\n   second\n",
        "1. first\n2. \n   second\n",
    ),
    (
        "several lines on their own",
        "para\n\n<!--\nvaultcheck: ignore[LNK001]\n-->\n\nmore\n",
        "para\n\n\nmore\n",
    ),
]


@pytest.mark.parametrize(("text", "fixed"), [c[1:] for c in REMOVALS], ids=[c[0] for c in REMOVALS])
def test_removing_a_suppression_keeps_list_and_quote_markers(
    tmp_path: Path, text: str, fixed: str
) -> None:
    write_vault(tmp_path, {"a.md": text})
    args = ["lint", str(tmp_path), "--no-cache", "--select", "VC001,LNK001", "--fix"]
    result = runner.invoke(app, [*args, "--output-format", "concise"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Found 1 problem (1 fixed, 0 remaining).\n"
    assert (tmp_path / "a.md").read_bytes() == fixed.encode()


def test_a_comment_blocks_span_is_the_comment() -> None:
    text = "- <!-- one -->\n> <!-- two\n> lines --> after\n"
    note = parse_note(text.encode(), "a.md")
    spans = [(text[s.start : s.end], inner) for s, inner in note.comments]
    assert spans == [("<!-- one -->", " one "), ("<!-- two\n> lines -->", " two\nlines ")]


def test_a_suppression_followed_by_text_on_its_line_is_read(tmp_path: Path) -> None:
    """An HTML comment block ends at its line's end; the directive is what is inside
    `<!--` and `-->`, as for a comment within a line (before, ` see below` was taken into
    it and the range was not read)."""
    text = "<!-- vaultcheck: disable[LNK001] --> see below\n\n[[Gone]]\n\n<!-- vaultcheck: enable -->\n"
    write_vault(tmp_path, {"a.md": text})
    result = runner.invoke(app, ["lint", str(tmp_path), "--no-cache", "--select", "LNK001,VC001"])
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


# Obsidian renders what follows a closing `%%` on its line (obsidianmd/obsidian-help#1132:
# `_inline markdown_` after it is shown formatted), so its links and tags are the note's.
AFTER_CLOSING = "%%\nhidden [[H]]\n%% see [[R]] #t\n\n%% one %% [[S]]\n  %%\n%%   \n"


@pytest.mark.parametrize("fast", [True, False], ids=["scanners", "markdown-it"])
def test_the_text_after_a_comment_blocks_closing_is_read(fast: bool) -> None:
    note = parse_note(AFTER_CLOSING.encode(), "a.md", fast=fast)
    assert [(x.target, x.span.line, x.span.column) for x in note.links] == [
        ("R", 3, 8),
        ("S", 5, 11),
    ]
    assert [(t.name, t.span.line, t.span.column) for t in note.tags] == [("t", 3, 14)]
    comments = [(s.line, s.column, s.end_line, s.end_column, inner) for s, inner in note.comments]
    assert comments == [
        (1, 1, 3, 3, "\nhidden [[H]]\n"),
        (5, 1, 5, 10, " one "),
        (6, 3, 7, 3, "\n"),
    ]


def test_a_link_after_a_comment_blocks_closing_is_checked_and_drawn(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "%%\ndraft\n%% see [[Gone]] and [[b]]\n", "b.md": "b\n"})
    args = ["lint", str(tmp_path), "--no-cache", "--select", "LNK001", "--output-format"]
    result = runner.invoke(app, [*args, "concise"])
    assert (result.exit_code, result.stdout) == (
        1,
        f"{tmp_path / 'a.md'}:3:8: LNK001 Broken link: no note named `Gone`\nFound 1 problem (1 error).\n",
    )
    links = runner.invoke(app, ["graph", "backlinks", "b", "-C", str(tmp_path), "--no-cache"])
    assert (links.exit_code, links.stdout) == (
        0,
        "a.md:3:21: wikilink: %% see [[Gone]] and [[b]]\n",
    )


# A comment opened in a paragraph and closed by a `%%` that begins an indented line after a
# blank line: markdown-it reads that line as an indented code block, and the rest of it was
# dropped with the block. Obsidian's help gives no exception for indentation (a comment
# hides up to the next `%%`), so the rest is read as after a `%%` at the line's start; so
# is a rest indented by spaces after a `%%` that begins its line.
INDENTED_CLOSING = (
    "text %% opens\n"
    "\n"
    "Hidden [[H1]]\n"
    "\n"
    "    %% shown [[S1]] #t1\n"
    "more [[S2]]\n"
    "\n"
    "text %% opens again\n"
    "\n"
    "%%     spaced [[S3]]\n"
)


@pytest.mark.parametrize("fast", [True, False], ids=["scanners", "markdown-it"])
def test_a_closing_percent_pair_indented_four_columns_keeps_the_rest_of_its_line(
    fast: bool,
) -> None:
    note = parse_note(INDENTED_CLOSING.encode(), "a.md", fast=fast)
    assert [(x.target, x.span.line, x.span.column) for x in note.links] == [
        ("S1", 5, 14),
        ("S2", 6, 6),
        ("S3", 10, 15),
    ]
    assert [(t.name, t.span.line, t.span.column) for t in note.tags] == [("t1", 5, 21)]
    comments = [(s.line, s.column, s.end_line, s.end_column, inner) for s, inner in note.comments]
    assert sorted(comments) == [
        (1, 6, 5, 7, " opens\n\nHidden [[H1]]\n\n    "),
        (8, 6, 10, 3, " opens again\n\n"),
    ]


def test_hidden_text_in_a_later_paragraph_is_no_prose(tmp_path: Path) -> None:
    """Before, the comment's span ended with its first paragraph: the hidden `Target` below
    was an unlinked mention (GR005), and the broken link after the indented `%%` went
    unreported."""
    text = "text %% open\n\nTarget hidden\n\n    %% shown [[Gone]]\n"
    write_vault(tmp_path, {"Target.md": "body\n", "b.md": text})
    args = ["lint", str(tmp_path), "--no-cache", "--select", "GR005,LNK001"]
    result = runner.invoke(app, [*args, "--output-format", "concise"])
    assert result.stdout == (
        f"{tmp_path.as_posix()}/b.md:5:14: LNK001 Broken link: no note named `Gone`\n"
        "Found 1 problem (1 error).\n"
    )
    assert result.exit_code == 1
