"""A backslash in a link target: Obsidian reads it as `/` (a file name cannot hold one), and
`\\|` separates the display text (needed in a table, read the same elsewhere). The parser,
the resolver, the messages and the fixes all take it so; checked through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

HOME = (
    "A [[back\\slash#Part]] and [[sub\\other]] and [[Back\\Slash]].\n"
    "B [[a\\|b]] outside a table, [[Missing\\Slahs]].\n"
    "\n"
    "| col | col2 |\n"
    "| --- | --- |\n"
    "| [[sub\\other\\|x]] | [[back\\slash]] |\n"
)
FILES = {
    "back/slash.md": "# Slash\n## Part\n",
    "sub/Other.md": "x\n",
    "Other.md": "the one `[[Other]]` would open\n",
    "a.md": "x\n",
    "Home.md": HOME,
}


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["lint", str(root), "--no-cache", *args])
    return result.exit_code, result.stdout


def test_backslash_targets_resolve_and_are_reported_as_written(tmp_path: Path) -> None:
    write_vault(tmp_path, FILES)
    code, out = _run(tmp_path, "--select", "LNK", "--output-format", "json")
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(out)]
    assert found == [
        ("LNK008", 1, 29, "Link case mismatch: `other` is spelt `Other` on disk"),
        ("LNK008", 1, 47, "Link case mismatch: `Slash` is spelt `slash` on disk"),
        # the name is what follows the backslash: `Slahs` is one swap from `slash`
        ("LNK001", 2, 29, "Broken link: no note named `Missing\\Slahs`; did you mean `slash`?"),
        ("LNK008", 6, 5, "Link case mismatch: `other` is spelt `Other` on disk"),
    ]
    assert code == 1


def test_case_fix_keeps_the_folder_written_with_a_backslash(tmp_path: Path) -> None:
    # Writing only the file name (`[[Other]]`) would open the root's Other.md instead.
    write_vault(tmp_path, FILES)
    code, _ = _run(tmp_path, "--select", "LNK008", "--fix")
    assert code == 0
    assert (tmp_path / "Home.md").read_text() == (
        "A [[back\\slash#Part]] and [[sub\\Other]] and [[Back\\slash]].\n"
        "B [[a\\|b]] outside a table, [[Missing\\Slahs]].\n"
        "\n"
        "| col | col2 |\n"
        "| --- | --- |\n"
        "| [[sub\\Other\\|x]] | [[back\\slash]] |\n"
    )
    _, out = _run(tmp_path, "--select", "LNK", "--output-format", "json")
    links = [(d["code"], d["line"], d["column"]) for d in json.loads(out)]
    assert links == [("LNK001", 2, 29)]


def test_a_target_ending_in_a_separator_names_no_file(tmp_path: Path) -> None:
    """`[[a/]]` and `[[a\\]]` name no file (the name after the last separator is empty),
    beside `a.md` and a folder `a/` alike: broken, as our reading of Obsidian has it
    (docs/design.md, Link resolution)."""
    write_vault(
        tmp_path, {"a.md": "x\n", "a/b.md": "y\n", "n.md": "[[a\\]] [[a/]] [[a/b/]] [[a]]\n"}
    )
    code, out = _run(tmp_path, "--select", "LNK", "--output-format", "json")
    found = [(d["path"], d["line"], d["column"], d["message"]) for d in json.loads(out)]
    assert found == [
        ("n.md", 1, 1, "Broken link: no note named `a\\`"),
        ("n.md", 1, 8, "Broken link: no note named `a/`"),
        ("n.md", 1, 15, "Broken link: no note named `a/b/`"),
    ]
    assert code == 1
