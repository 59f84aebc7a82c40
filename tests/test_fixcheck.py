"""The fix verifier: a fix that would damage a note is refused, reported and never written.

The project's rules are meant never to make such a fix; the verifier is the guard for when
one does. So besides the real rules' cases, a rule written here makes damaging fixes on
purpose and is run through the real engine and CLI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.fixing.fixcheck import damage
from vaultcheck.parse.tables import count_cells
from vaultcheck.rules import REGISTRY, Context, Rule
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

runner = CliRunner()


def _damage(tmp_path: Path, files: dict[str, str | bytes], path: str, edits: list[Edit]) -> str:
    vault = load_vault(write_vault(tmp_path, files))
    return damage(vault.notes[path], edits, LinkIndex(vault, Counter())) or "kept"


def _replace(text: str, old: str, new: str) -> Edit:
    start = text.index(old)
    return Edit(start, start + len(old), new)


NOTE = "---\ntitle: 'x'\n---\n| a | b |\n|---|---|\n| [[T]] | y |\n\n[[T]] and %% [[U]] %%\n"

# (id, edit, expected answer of the verifier)
DAMAGE: list[tuple[str, Edit, str]] = [
    ("a harmless edit", _replace(NOTE, "y |", "z |"), "kept"),
    ("an escaped pipe in a cell", _replace(NOTE, "[[T]] |", "[[T\\|t]] |"), "kept"),
    (
        "an unescaped pipe in a cell",
        _replace(NOTE, "[[T]] |", "[[T|t]] |"),
        "the table row on line 6 would have 3 cells instead of 2",
    ),
    (
        "YAML made invalid",
        _replace(NOTE, "'x'", "'P'u'"),
        "it would make the frontmatter invalid YAML (line 2: "
        "did not find expected key (while parsing a block mapping))",
    ),
    (
        "the closing line removed",
        _replace(NOTE, "---\n|", "|"),
        "it would leave the frontmatter without its closing `---`",
    ),
    (
        "the frontmatter removed",
        _replace(NOTE, "---\ntitle: 'x'\n---\n", ""),
        "it would remove the frontmatter",
    ),
    (
        "a comment opened before a link",
        _replace(NOTE, "%% [[U]]", "[[U]]"),
        "kept",  # [[U]] is in the edit: a link the fix means to change
    ),
    (
        "a hidden link uncovered",
        Edit(NOTE.index("%% [[U]]"), NOTE.index("%% [[U]]") + 2, "%%x%%"),
        "it would turn `[[U]]` on line 8 into a link",
    ),
    (
        "a link turned into code",
        Edit(NOTE.index("[[T]] and"), NOTE.index("[[T]] and"), "    "),
        "`[[T]]` on line 8 would no longer be a link",
    ),
    (
        "edits outside the note",
        Edit(len(NOTE), len(NOTE) + 3, ""),
        "its edits overlap or fall outside the note",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in DAMAGE], ids=[c[0] for c in DAMAGE])
def test_verifier_answers(tmp_path: Path, edit: Edit, expected: str) -> None:
    assert _damage(tmp_path, {"a.md": NOTE, "T.md": "", "U.md": ""}, "a.md", [edit]) == expected


NOTE2 = "---\na: |\n  text\nb: 1\n---\n# Title\n\npara ^blk\n\nline\n"


def _insert(before: str, text: str) -> Edit:
    at = NOTE2.index(before)
    return Edit(at, at, text)


# What other notes and Obsidian's properties depend on, outside the edits.
DAMAGE2: list[tuple[str, Edit, str]] = [
    (
        "a property swallowed by a block scalar",
        _insert("b: 1", "  "),
        "the property on line 4 would no longer be read as written",
    ),
    (
        "a heading escaped",
        _insert("# Title", "\\"),
        "the heading on line 6 would no longer be `# Title`",
    ),
    (
        "a setext heading made",
        Edit(len(NOTE2) - 1, len(NOTE2) - 1, "\n==="),
        "it would turn line 10 into a heading",
    ),
    ("a block id renamed", _insert("\n\nline", "x"), "the block id `^blk` on line 8 would be lost"),
    ("an item added to a block scalar's end", _insert("b: 1", "  more\n"), "kept"),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [c[1:] for c in DAMAGE2], ids=[c[0] for c in DAMAGE2]
)
def test_verifier_keeps_properties_headings_and_block_ids(
    tmp_path: Path, edit: Edit, expected: str
) -> None:
    assert _damage(tmp_path, {"a.md": NOTE2}, "a.md", [edit]) == expected


def test_a_link_the_fix_rewrites_may_lead_elsewhere(tmp_path: Path) -> None:
    text = "[[Note]] then [[Other]]\n"
    files: dict[str, str | bytes] = {"a.md": text, "Note.md": "", "Other.md": ""}
    assert _damage(tmp_path, files, "a.md", [_replace(text, "Note", "Other")]) == "kept"


def test_overlapping_edits_are_refused(tmp_path: Path) -> None:
    edits = [Edit(0, 4, "x"), Edit(2, 6, "y")]
    assert _damage(tmp_path, {"a.md": "abcdefgh\n"}, "a.md", edits) == (
        "its edits overlap or fall outside the note"
    )


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", 2),
        ("a | b", 2),
        ("| [[T\\|t]] | b |", 2),
        ("| [[T|t]] | b |", 3),
        ("| a \\\\| b |", 1),  # markdown-it: a pipe after any backslash is text
        ("|", 1),
        ("| a |", 1),
    ],
)
def test_cells_are_counted_as_markdown_it_splits_them(row: str, cells: int) -> None:
    assert count_cells(row) == cells


class CarelessFix(Rule):
    """What it does: offers, on each line holding `teh`, the safe fix `the`; and on each
    `[[T]]` in a table row the damaging fix `[[T|t]]` (an unescaped pipe).

    Why: to run the verifier through the real engine and CLI.

    Example:
        teh

    Fix safety: the second fix is not safe; the verifier must refuse it.
    """

    code = "ZZ901"
    name = "careless-fix"
    severity = Severity.WARNING
    fixable = "safe"
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for word, new in (("teh", "the"), ("[[T]] |", "[[T|t]] |")):
            at = note.text.find(word)
            if at >= 0:
                fix = Fix((Edit(at, at + len(word), new),), Applicability.SAFE, f"Write {new}")
                line = note.text.count("\n", 0, at) + 1
                yield self.report(note.path, Span(at, at + len(word), line, 1, line, 1), word, fix)


@pytest.fixture
def careless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, CarelessFix.code, CarelessFix)


def test_refused_fix_is_reported_and_the_good_one_kept(tmp_path: Path, careless: None) -> None:
    text = "# H\n| a | b |\n|---|---|\n| [[T]] | y |\n\nteh end\n"
    write_vault(tmp_path, {"a.md": text, "T.md": ""})
    args = ["lint", str(tmp_path), "--select", "ZZ901", "--output-format", "concise", "--no-cache"]
    diff = runner.invoke(app, [*args, "--diff"])
    assert diff.stdout.endswith("-teh end\n+the end\n")
    assert diff.stderr == (
        f"vaultcheck: {tmp_path.as_posix()}/a.md:4:1: ZZ901 fix not applied: "
        "the table row on line 4 would have 3 cells instead of 2\n"
        "Would fix 1 problem in 1 note.\n"
    )
    result = runner.invoke(app, [*args, "--fix"])
    assert (tmp_path / "a.md").read_text() == text.replace("teh", "the")
    assert result.stderr == (
        f"vaultcheck: {tmp_path.as_posix()}/a.md:4:1: ZZ901 fix not applied: "
        "the table row on line 4 would have 3 cells instead of 2\n"
    )
    # The refused fix is not offered: no [*] on what remains.
    assert result.stdout == (
        f"{tmp_path.as_posix()}/a.md:4:1: ZZ901 [[T]] |\nFound 2 problems (1 fixed, 1 remaining).\n"
    )
    assert result.exit_code == 1
    again = runner.invoke(app, [*args, "--fix"])
    assert (tmp_path / "a.md").read_text() == text.replace("teh", "the")
    assert again.stdout.endswith("Found 1 problem (1 warning).\n")


def test_the_next_pass_reuses_the_notes_the_verifier_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verifier parses each edited note; the next pass's lint takes that parse instead of
    parsing the same bytes again (and parses what it was not given)."""
    from vaultcheck.core.config import Config
    from vaultcheck.fixing.fixer import fix_vault
    from vaultcheck.parse import parallel
    from vaultcheck.rules.selection import select_rules

    write_vault(tmp_path, {"a.md": "---\ntags: [x, x]\n---\n", "b.md": "plain\n"})
    parsed: list[str] = []
    real = parallel.Workers.parse

    def counting(
        self: parallel.Workers, todo: list[tuple[str, bytes]], *release: parallel.Release
    ) -> dict[str, Note]:
        parsed.extend(path for path, _ in todo)
        return real(self, todo, *release)

    monkeypatch.setattr(parallel.Workers, "parse", counting)
    outcome = fix_vault(tmp_path, select_rules(["TAG006"]), Config())
    assert outcome.changed == {"a.md": "---\ntags: [x]\n---\n"}
    assert sorted(parsed) == ["a.md", "b.md", "b.md"]  # a.md's fixed text: the verifier's


@pytest.mark.parametrize(
    ("select", "files", "refused"),
    [
        (
            # The list item added at the end of the section would split a setext heading.
            "REL005",
            {"n1.md": "", "a.md": "---\nrelated: [n1]\n---\n## Related\nSetext\n---\n"},
            "a.md:2:11: REL005 fix not applied: the heading on line 5 would no longer be `## Setext`",
        ),
    ],
    ids=["REL005 before a setext underline"],
)
def test_real_rules_fixes_the_verifier_refuses(
    tmp_path: Path, select: str, files: dict[str, str | bytes], refused: str
) -> None:
    """Found by running every rule's fixes over generated notes: the rules' edits are right
    on their own and wrong in these surroundings, and the verifier keeps the notes intact."""
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", select, "--unsafe-fixes", "--no-cache"]
    result = runner.invoke(app, [*args, "--fix", "--output-format", "concise"])
    assert result.stderr == f"vaultcheck: {tmp_path.as_posix()}/{refused}\n"
    assert "[*]" not in result.stdout
    for path, content in files.items():
        assert (tmp_path / path).read_text() == content


def test_the_python_api_says_which_fixes_were_refused(tmp_path: Path, careless: None) -> None:
    import vaultcheck

    text = "# H\n| a | b |\n|---|---|\n| [[T]] | y |\n\nteh end\n"
    write_vault(tmp_path, {"a.md": text, "T.md": ""})
    result = vaultcheck.fix(tmp_path, select=["ZZ901"])
    assert [(d.code, d.span.line, path, why) for d, path, why in result.refused] == [
        ("ZZ901", 4, "a.md", "the table row on line 4 would have 3 cells instead of 2")
    ]
    assert result.changes == {"a.md": (text, text.replace("teh", "the"))}
    assert result.fixed == 1


class CarelessElsewhere(Rule):
    """What it does: on each note holding `see T`, offers to write a `|` into the table row of
    `T.md` (a fix that edits another note, as REL004's do).

    Why: to check that a fix editing another note is verified in that note.

    Example:
        see T

    Fix safety: not safe; the verifier must refuse it.
    """

    code = "ZZ902"
    name = "careless-elsewhere"
    severity = Severity.WARNING
    fixable = "unsafe"
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        at = note.text.find("see T")
        if at >= 0:
            other = ctx.other_note("T.md")
            cell = other.text.index("| c")
            edit = Edit(cell + 2, cell + 2, "c | ", path="T.md")
            fix = Fix((edit,), Applicability.UNSAFE, "Split a cell of T")
            yield self.report(note.path, Span(at, at + 5, 1, at + 1, 1, at + 6), "see T", fix)


def test_a_fix_refused_in_another_note_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY, CarelessElsewhere.code, CarelessElsewhere)
    table = "| a | b |\n|---|---|\n| c | d |\n"
    write_vault(tmp_path, {"a.md": "x see T\n", "T.md": table})
    args = ["lint", str(tmp_path), "--select", "ZZ902", "--unsafe-fixes", "--no-cache"]
    result = runner.invoke(app, [*args, "--fix", "--output-format", "concise"])
    root = tmp_path.as_posix()
    assert result.stderr == (
        f"vaultcheck: {root}/a.md:1:3 (in {root}/T.md): ZZ902 fix not applied: "
        "the table row on line 3 would have 3 cells instead of 2\n"
    )
    assert (tmp_path / "T.md").read_text() == table


class IdleFix(Rule):
    """What it does: offers, on each `same`, a fix that writes `same` over it.

    Why: the phantoms of issue 15 (LNK001's fix for a link in the wrong folder, FM008's for
    `tag: *t`) were such fixes; those rules now make real ones, and this keeps the guard tested.

    Example:
        same

    Fix safety: safe, and useless: it must be neither offered nor counted.
    """

    code = "ZZ903"
    name = "idle-fix"
    severity = Severity.WARNING
    fixable = "safe"
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        at = note.text.find("same")
        if at >= 0:
            fix = Fix((Edit(at, at + 4, "same"),), Applicability.SAFE, "Write `same`")
            yield self.report(note.path, Span(at, at + 4, 1, at + 1, 1, at + 5), "same", fix)


def test_a_fix_that_changes_nothing_is_not_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY, IdleFix.code, IdleFix)
    write_vault(tmp_path, {"a.md": "the same\n"})
    args = ["lint", str(tmp_path), "--select", "ZZ903", "--no-cache"]
    report = runner.invoke(app, [*args, "--output-format", "concise"])
    assert (
        report.stdout
        == f"{tmp_path.as_posix()}/a.md:1:5: ZZ903 same\nFound 1 problem (1 warning).\n"
    )
    diff = runner.invoke(app, [*args, "--diff"])
    assert (diff.exit_code, diff.stdout, diff.stderr) == (
        0,
        "",
        "Would fix 0 problems in 0 notes.\n",
    )
    fixed = runner.invoke(app, [*args, "--fix", "--output-format", "concise"])
    assert fixed.stdout == report.stdout
    assert (tmp_path / "a.md").read_text() == "the same\n"
