"""The parser: positions of everything found, frontmatter reading, and bad input."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.generate import files as hostile_files
from vaultcheck.core.model import LinkKind, Note
from vaultcheck.parse import mdparser
from vaultcheck.parse.note import parse_note


def parse(text: str | bytes, path: str = "n.md") -> Note:
    return parse_note(text.encode() if isinstance(text, str) else text, path)


def link_positions(note: Note) -> list[tuple[str, int, int, int]]:
    return [(lk.target, lk.span.line, lk.span.column, lk.span.end_column) for lk in note.links]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[A]] and [[B]]", [("A", 1, 1, 6), ("B", 1, 11, 16)]),
        ("- item\n  - nested [[A]]", [("A", 2, 12, 17)]),
        ("> quote\n> more [[A]]", [("A", 2, 8, 13)]),
        ("1. 1. [[A]]", [("A", 1, 7, 12)]),
        ("## Title [[A]] ##", [("A", 1, 10, 15)]),
        ("Setext [[A]]\n===", [("A", 1, 8, 13)]),
        (
            "| [[A]] | [[A]] |\n|---|---|\n| x\\|y [[B]] | z |",
            [("A", 1, 3, 8), ("A", 1, 11, 16), ("B", 3, 8, 13)],
        ),
        ("\tindented para? no: code", []),
        ("para\n\t[[A]] after a tab", [("A", 2, 2, 7)]),
        ("é ✓ 🧩 [[A]]", [("A", 1, 7, 12)]),
    ],
)
def test_link_positions_point_at_the_link(
    text: str, expected: list[tuple[str, int, int, int]]
) -> None:
    assert link_positions(parse(text)) == expected


def test_crlf_and_bom_keep_columns_and_offsets() -> None:
    text = "\ufeff---\r\ntitle: x\r\n---\r\nline\r\nsee [[A]]\r\n"
    note = parse(text)
    [link] = note.links
    assert (link.span.line, link.span.column) == (5, 5)
    assert note.text[link.span.start : link.span.end] == "[[A]]"
    assert note.frontmatter is not None and note.frontmatter.get("title") == "x"


def test_lone_cr_line_breaks() -> None:
    note = parse("one\rtwo [[A]]\r")
    assert link_positions(note) == [("A", 2, 5, 10)]


def test_link_parts() -> None:
    note = parse("[[Note#H1#H2|text]] ![[img.png|100]] [[Note#^blk]] [[#Here]]")
    first, embed, block, here = note.links
    assert (first.target, first.headings, first.text) == ("Note", ("H1", "H2"), "text")
    assert (embed.kind, embed.embed, embed.text) == (LinkKind.EMBED, True, "100")
    assert (block.target, block.block) == ("Note", "blk")
    assert here.same_note and here.headings == ("Here",)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#tag", ["tag"]),
        ("a #nested/tag and #under_score #dash-ed", ["nested/tag", "under_score", "dash-ed"]),
        ("#1984 is not a tag but #y1984 is", ["y1984"]),
        # Only ASCII digits make a number, as JavaScript's `\d`: a Persian or Devanagari
        # year is a tag.
        ("#۱۴۰۲ #٢٠٢٤ #१२३ #2024", ["۱۴۰۲", "٢٠٢٤", "१२३"]),
        ("a#b is not a tag", []),
        ("#tag, then punctuation.", ["tag"]),
        ("# Heading is not a tag", []),
        ("#café #日本 #🧩emoji", ["café", "日本", "🧩emoji"]),
        ("`#code` $#math$ %% #hidden %%", []),
        # Obsidian's tag ends at Unicode's general punctuation: a dash, a curly quote, a
        # zero-width non-joiner (Persian), an ellipsis; the supplemental block too (`⸮`).
        (
            "#project—later #python’s #می\u200cخواهم #wait… #ok⸮ #తెలుగు",
            ["project", "python", "می", "wait", "ok", "తెలుగు"],
        ),
    ],
)
def test_body_tags(text: str, tags: list[str]) -> None:
    assert [t.name for t in parse(text).tags] == tags


def test_citation_keys_start_with_a_letter_of_any_script() -> None:
    """Pandoc keys start with a letter, digit or `_`: `[@Özdemir2020]` was no citation, so a
    misspelt `[@Özdemir2021]` was never reported (CIT002)."""
    note = parse("See [@Özdemir2020; -@müller2021, p. 3] and [@_x] [@1984a] (@ü).")
    assert [(c.key, c.span.column) for c in note.citations] == [
        ("Özdemir2020", 6),
        ("müller2021", 21),
        ("_x", 45),
        ("1984a", 51),
    ]


def test_block_ids_close_their_line() -> None:
    note = parse("para ^abc-1\n\nmid ^not here\n\n- item ^item1")
    assert [(b.name, b.span.line) for b in note.block_ids] == [("abc-1", 1), ("item1", 5)]


def test_headings() -> None:
    note = parse("# One\n\ntext\n\nTwo\n---\n\n```\n# not a heading\n```\n### Three ###")
    assert [(h.level, h.text, h.span.line) for h in note.headings] == [
        (1, "One", 1),
        (2, "Two", 5),
        (3, "Three", 11),
    ]


def test_frontmatter_positions_and_values() -> None:
    text = "---\ntitle: T\ntags:\n  - a\n  - b\ncreated: 2025-10-02\n---\nbody [[X]]\n"
    note = parse(text)
    fm = note.frontmatter
    assert fm is not None
    assert [e.key for e in fm.entries] == ["title", "tags", "created"]
    tags = fm.entry("tags")
    assert tags is not None
    assert [(i.value, i.span.line, i.span.column) for i in tags.items] == [("a", 4, 5), ("b", 5, 5)]
    assert fm.get("created") == datetime.date(2025, 10, 2)
    assert [t.name for t in note.tags] == ["a", "b"]
    assert link_positions(note) == [("X", 8, 6, 11)]


def test_frontmatter_links_carry_key_and_position() -> None:
    note = parse('---\nup: "[[Parent|p]]"\nlist: ["[[A]]", "[[B]]"]\n---\n')
    assert [(lk.target, lk.key, lk.span.line, lk.span.column) for lk in note.links] == [
        ("Parent", "up", 2, 6),
        ("A", "list", 3, 9),
        ("B", "list", 3, 18),
    ]
    assert all(lk.kind is LinkKind.FRONTMATTER for lk in note.links)


def test_frontmatter_must_start_on_the_first_line() -> None:
    note = parse("\n---\ntitle: x\n---\n")
    assert note.frontmatter is None


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("---\ntitle: a: b\n---\n", 2, 9),
        ("---\ncreated: {{date}}\n---\n", 2, 11),
        ("---\nlist:\n\t- tab\n---\n", 3, 1),
        ('---\nt: "unterminated\n---\n', 3, 1),
    ],
)
def test_yaml_errors_point_into_the_file(text: str, line: int, column: int) -> None:
    fm = parse(text).frontmatter
    assert fm is not None and fm.error is not None
    assert (fm.error.span.line, fm.error.span.column) == (line, column)


def test_yaml_cannot_construct_objects() -> None:
    fm = parse("---\nx: !!python/object/apply:os.system ['true']\n---\n").frontmatter
    assert fm is not None and fm.error is not None
    assert "could not determine a constructor" in fm.error.message


def test_a_value_yaml_cannot_build_is_the_frontmatters_error_also_outside_a_mapping() -> None:
    # A list whose item's constructor fails: this crashed the parse (an internal error).
    for text in ("---\nx: !!int 12z\n---\n", "---\n- a\n- !!int 12z\n---\n"):
        note = parse(text)
        assert note.internal_error is None
        assert note.frontmatter is not None and note.frontmatter.error is not None
        assert note.frontmatter.error.message.startswith("cannot read value `")
        assert note.frontmatter.error.span.line == 2


def test_a_character_yaml_refuses_is_the_frontmatters_error_also_without_libyaml() -> None:
    # PyYAML's own reader refuses it when the loader is made: that used to escape as a crash.
    script = (
        "import yaml; del yaml.CSafeLoader\n"
        "from vaultcheck.parse.note import parse_note\n"
        "note = parse_note(b'---\\na: x\\x07y\\n---\\n', 'n.md')\n"
        "print(note.internal_error, note.frontmatter.error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("None YamlProblem(message='unacceptable character #x0007")
    assert "line=2, column=5" in done.stdout


def test_duplicate_keys_are_all_kept_in_order() -> None:
    fm = parse("---\na: 1\nb: 2\na: 3\n---\n").frontmatter
    assert fm is not None
    assert [(e.key, e.value, e.key_span.line) for e in fm.entries] == [
        ("a", 1, 2),
        ("b", 2, 3),
        ("a", 3, 4),
    ]
    assert fm.get("a") == 3


def test_unclosed_frontmatter_is_not_frontmatter() -> None:
    note = parse("---\ntitle: x\n\n[[Link]]\n")
    assert note.frontmatter is not None and note.frontmatter.unclosed
    assert [lk.target for lk in note.links] == ["Link"]


@pytest.mark.parametrize(
    "text",
    ["", "---\n---\n", "---\ntitle: only frontmatter\n---", "\n\n\n", "[[", "[[a|", "%%", "<!--"],
)
def test_degenerate_notes_parse(text: str) -> None:
    note = parse(text)
    assert note.text == text


def test_invalid_utf8_is_recorded_with_its_position() -> None:
    note = parse(b"ok\ncaf\xe9 [[A]]\n")
    assert note.encoding_problem is not None
    assert not note.encoding_problem.binary
    assert (note.encoding_problem.span.line, note.encoding_problem.span.column) == (2, 4)
    assert note.encoding_problem.bad_bytes == b"\xe9"
    assert [lk.target for lk in note.links] == ["A"]


def test_binary_file_is_not_parsed() -> None:
    note = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert note.encoding_problem is not None and note.encoding_problem.binary
    assert note.links == ()


def test_unclosed_comments_are_recorded() -> None:
    note = parse("text %% never closed\n\n<!-- nor this\n")
    assert [(s.line, s.column) for s in note.unclosed_comments] == [(1, 6)]
    note = parse("<!-- never closed\n\n[[A]]\n")
    assert [(s.line, s.column) for s in note.unclosed_comments] == [(1, 1)]
    assert note.links == ()


def test_text_after_a_comment_closed_in_a_code_block_is_read() -> None:
    """`50%% off` opens a comment that the `%%` of a later code block closes (the closing
    `%%` is looked for in the raw text); before, the paragraphs after it were dropped as
    if still hidden, with no TXT003 to say why: [[A]] was lost, its note an orphan."""
    for closer in ("    %% indented\n", "```\n%% fenced\n```\n", "<div>%%</div>\n"):
        note = parse(f"50%% off\n\n{closer}\n[[A]] and #tag\n")
        found = ([lk.target for lk in note.links], [tag.name for tag in note.tags])
        assert found == (["A"], ["tag"]), closer
        assert note.unclosed_comments == ()


def _inputs_of_every_kind() -> list[tuple[str, bytes]]:
    root = Path(__file__).resolve().parent.parent
    found = [
        (path.as_posix(), path.read_bytes())
        for folder in ("examples/vault", "fuzz/corpus", "fuzz/regressions", "tests/golden")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and path.suffix in ("", ".md")
    ]
    small = [(name, data) for name, data in hostile_files().items() if len(data) < 65536]
    # Each construct alone in its paragraph, so each trigger character is needed.
    alone = ["#tag", "Ends ^block1", "a %%hidden%%", "a <!-- note -->", "[[A]]", "[md](b.md)",
             "![img](c.png)", "[see @key]", "[^1] and $x$"]  # fmt: skip
    return found + sorted(small) + [("alone.md", "\n\n".join(alone).encode())]


def test_skipping_inline_text_without_trigger_characters_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inline text without ``[ # ^ % <`` is not tokenised; every input parses the same as
    when all inline text is (a new inline rule needs its first character in the set)."""
    inputs = _inputs_of_every_kind()
    assert len(inputs) > 60

    def inline_findings(note: Note) -> tuple[object, ...]:
        # Not the whole note: two readings of the YAML "billion laughs" take ages to compare.
        return (note.links, note.tags, note.block_ids, note.citations, note.comments,
                note.unclosed_comments, note.headings)  # fmt: skip

    shortcut = [inline_findings(parse_note(data, path)) for path, data in inputs]
    monkeypatch.setattr(mdparser, "inline_trigger", lambda text: True)
    tokenised = [inline_findings(parse_note(data, path)) for path, data in inputs]
    assert tokenised == shortcut


def test_switching_off_block_rules_that_cannot_match_changes_no_token() -> None:
    """A block rule is switched off for a text lacking its characters: the tokens of every
    input are the same as with all rules on (a wrong entry in the table fails this)."""
    inputs = [data.decode("utf-8", "replace") for _, data in _inputs_of_every_kind()]
    # Each construct alone, so each character of each entry is needed.
    inputs += ["    code", "\tcode", "> quote", "1) item", "2. item", "+ item", "* item", "- item",
               "* * *", "___", "- - -", "Title\n===", "Title\n---", "[ref]: /url\n\n[ref]",
               "<div>\nhtml\n</div>", "$$\nx\n$$", "~~~\nfence\n~~~", "```\nfence\n```",
               "| a |\n| - |", "%%\nhidden\n%%", "# H"]  # fmt: skip
    everything = mdparser.build_parser()
    for text in inputs:
        assert mdparser.block_parser_for(text).parse(text, {}) == everything.parse(text, {})


def test_a_table_cell_is_placed_after_an_earlier_cell_with_the_same_text() -> None:
    # The first cell holds the link's text in code (nothing recorded there); the link itself
    # is in the second cell, and fixes that edit it must edit that one.
    note = parse("| a | b |\n|---|---|\n| `[[A]]` | [[A]] |\n")
    [link] = note.links
    assert (link.target, link.span.line, link.span.column, link.span.end_column) == ("A", 3, 13, 18)
    assert note.text[link.span.start : link.span.end] == "[[A]]"
