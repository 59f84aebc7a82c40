"""Names that differ only in case or Unicode normal form, and path lengths as JavaScript counts.

On Linux two files can share a folder with names that fold alike (`Case.md`, `case.md`; a
macOS-made NFD `Café.md` beside an NFC one). A link spelt exactly as one of them opens that
one, as a case-sensitive path lookup finds it first; before, the last file indexed won, so
`[[Case]]` opened `case.md` and LNK008 said "`Case` is spelt `case` on disk" beside `Case.md`.

Obsidian's "shortest path" is JavaScript's `length`, which counts UTF-16 code units: an emoji
(outside the Basic Multilingual Plane) counts two, so `abcd/E.md` (9) is shorter than
`😀😀😀/E.md` (11), though Python's `len` says 8.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import as_rows, diagnostics, resolved_links, write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault.resolve import Decided

NFC = unicodedata.normalize("NFC", "Café")
NFD = unicodedata.normalize("NFD", "Café")


def targets(root: Path, source: str) -> list[tuple[str, str | None, Decided | None]]:
    return [(text, res.target, res.decided) for text, res in resolved_links(root, source)]


def test_the_file_spelt_as_written_wins_at_an_exact_path(vault_dir: Path) -> None:
    root = write_vault(
        vault_dir,
        {
            "Case.md": "upper\n",
            "case.md": "lower\n",
            f"{NFC}.md": "composed\n",
            f"{NFD}.md": "decomposed\n",
            "Src.md": f"[[Case]] [[case]] [[Case.md]] [[{NFC}]] [[{NFD}]] [t](case.md)\n",
        },
    )
    assert targets(root, "Src.md") == [
        ("[[Case]]", "Case.md", Decided.EXACT),
        ("[[case]]", "case.md", Decided.EXACT),
        ("[[Case.md]]", "Case.md", Decided.EXACT),
        (f"[[{NFC}]]", f"{NFC}.md", Decided.EXACT),
        (f"[[{NFD}]]", f"{NFD}.md", Decided.EXACT),
        ("[t](case.md)", "case.md", Decided.EXACT),
    ]
    assert as_rows(diagnostics(root, ["LNK"])) == []


def test_a_spelling_of_neither_opens_the_same_file_from_everywhere(vault_dir: Path) -> None:
    root = write_vault(
        vault_dir,
        {
            "a/Note.md": "upper\n",
            "a/note.md": "lower\n",
            "Src.md": "[[a/NOTE]] [[NOTE]]\n",
            "a/Src.md": "[[NOTE]]\n",
        },
    )
    # Code point order among equals: `N` before `n`.
    assert [t for _, t, _ in targets(root, "Src.md")] == ["a/Note.md", "a/Note.md"]
    assert [t for _, t, _ in targets(root, "a/Src.md")] == ["a/Note.md"]


def test_the_file_spelt_as_written_wins_among_candidates(vault_dir: Path) -> None:
    root = write_vault(
        vault_dir,
        {
            "a/Note.md": "upper\n",
            "a/note.md": "lower\n",
            "a/Src.md": "[[note]] [[Note]]\n",
            "Top.md": "[[note]] [[Note]]\n",
        },
    )
    assert targets(root, "a/Src.md") == [
        ("[[note]]", "a/note.md", Decided.SAME_FOLDER),
        ("[[Note]]", "a/Note.md", Decided.SAME_FOLDER),
    ]
    assert [(t, d) for _, t, d in targets(root, "Top.md")] == [
        ("a/note.md", Decided.SHORTEST),
        ("a/Note.md", Decided.SHORTEST),
    ]


def test_shortest_path_counts_utf16_code_units(vault_dir: Path) -> None:
    root = write_vault(
        vault_dir,
        {"😀😀😀/E.md": "emoji\n", "abcd/E.md": "ascii\n", "S.md": "[[E]]\n"},
    )
    assert targets(root, "S.md") == [("[[E]]", "abcd/E.md", Decided.SHORTEST)]
    assert as_rows(diagnostics(root, ["LNK"])) == [
        (
            "LNK002",
            "S.md",
            1,
            1,
            "Ambiguous link: `E` matches 2 files; Obsidian opens `abcd/E.md` (the shortest "
            "path), not `😀😀😀/E.md`; write `abcd/E` to say so",
        )
    ]
    done = CliRunner().invoke(app, ["lint", str(root), "--select", "LNK002", "--fix", "--no-cache"])
    assert done.exit_code == 0, done.stdout
    assert (root / "S.md").read_text("utf-8") == "[[abcd/E]]\n"


def test_graph_queries_take_the_note_spelt_as_typed(vault_dir: Path) -> None:
    root = write_vault(
        vault_dir,
        {"Case.md": "upper\n", "case.md": "lower\n", "Src.md": "[[case]] [[Case]]\n"},
    )
    for typed, column in (("Case", 10), ("case", 1)):
        done = CliRunner().invoke(app, ["graph", "backlinks", typed, "-C", str(root)])
        assert (done.exit_code, done.stdout) == (
            0,
            f"Src.md:1:{column}: wikilink: [[case]] [[Case]]\n",
        )


def test_a_file_at_the_exact_path_wins_over_a_note_named_after_it(vault_dir: Path) -> None:
    """`paper.pdf.md` beside `paper.pdf` (a companion note, as PDF annotation plugins make):
    `![[paper.pdf]]` is the PDF, as Obsidian tries the path as written before adding `.md`.
    Before, the note took the exact path and the embed showed the note."""
    root = write_vault(
        vault_dir,
        {
            "paper.pdf": "%PDF",
            "paper.pdf.md": "Notes on the paper.\n",
            "Src.md": "![[paper.pdf]] [t](paper.pdf) [[paper.pdf.md]] [[paper.pdf#page=2]]\n",
        },
    )
    assert [t for _, t, _ in targets(root, "Src.md")] == [
        "paper.pdf",
        "paper.pdf",
        "paper.pdf.md",
        "paper.pdf",
    ]


def test_case_mismatch_is_told_apart_from_normal_form(vault_dir: Path) -> None:
    """LNK008 compares names as Obsidian does, after NFC: a link differing from a
    decomposed file name in form only is not a case mismatch, and one differing in case
    is reported whatever its form (before, any difference of form hid it); the fix keeps a
    composed link composed."""
    nfd_lower = unicodedata.normalize("NFD", "café")
    root = write_vault(
        vault_dir,
        {f"{NFD}.md": "decomposed\n", "Src.md": f"[[{NFC}]] [[café]] [[{nfd_lower}]]\n"},
    )
    assert as_rows(diagnostics(root, ["LNK008"])) == [
        ("LNK008", "Src.md", 1, 12, f"Link case mismatch: `café` is spelt `{NFC}` on disk"),
        (
            "LNK008",
            "Src.md",
            1,
            21,
            f"Link case mismatch: `{nfd_lower}` is spelt `{NFD}` on disk",
        ),
    ]
    done = CliRunner().invoke(app, ["lint", str(root), "--select", "LNK008", "--fix", "--no-cache"])
    assert done.exit_code == 0, done.stdout
    assert (root / "Src.md").read_text("utf-8") == f"[[{NFC}]] [[{NFC}]] [[{NFD}]]\n"
