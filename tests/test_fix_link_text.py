"""A fix never writes a wikilink target that the link's own syntax would cut short.

`[bracket].md` is a real file name (made outside Obsidian); `[[[bracket]]]` names `[bracket`
(the first `]]` closes the link). LNK001's "did you mean `[bracket]`" fix wrote `[bracket]`
there, which reads back as the same broken link plus a `]`, so each pass of `--fix` added one
more `]` (ten in one run: `[[[bracket]]]]]]]]]]]]]`). A name a wikilink cannot hold gets the
message, and no fix.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.parse.linksyntax import fits_wikilink

runner = CliRunner()


def test_no_fix_for_a_name_a_wikilink_cannot_hold(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v",
        {"[bracket].md": "x\n", "Closing.md": "y\n", "Src.md": "[[[bracket]]] [[Closin]]\n"},
    )
    args = ["lint", str(root), "--select", "LNK001", "--no-cache", "--output-format", "concise"]
    done = runner.invoke(app, [*args, "--fix", "--unsafe-fixes"])
    assert (done.exit_code, done.stdout) == (
        1,
        f"{root}/Src.md:1:1: LNK001 Broken link: no note named `[bracket`; did you mean "
        "`[bracket]`?\nFound 2 problems (1 fixed, 1 remaining).\n",
    )
    assert (root / "Src.md").read_text("utf-8") == "[[[bracket]]] [[Closing]]\n"


def test_what_a_wikilink_target_can_hold() -> None:
    fits = ["Note", "a/b c", "Sq]uare", "x[y", "Ünï 東京", "a^b"]
    cut = ["[bracket]", "a|b", "a#b", "a]]b", "a[[b", "line\nbreak", "back\\slash", "end]"]
    cut += [" lead", "trail ", "\tx"]
    assert [fits_wikilink(t) for t in fits] == [True] * len(fits)
    assert [fits_wikilink(t) for t in cut] == [False] * len(cut)


def test_no_fix_for_a_name_with_a_space_at_an_end(tmp_path: Path) -> None:
    """` lead.md`: a target is read trimmed, so `[[ lead]]` names `lead` again; the fix
    added one more space on every pass (`[[           lead]]`)."""
    root = write_vault(tmp_path / "v", {" lead.md": "x\n", "Src.md": "[[lead]]\n"})
    args = ["lint", str(root), "--select", "LNK001", "--no-cache", "--output-format", "concise"]
    done = runner.invoke(app, [*args, "--fix", "--unsafe-fixes"])
    assert done.stdout.splitlines()[0] == (
        f"{root}/Src.md:1:1: LNK001 Broken link: no note named `lead`; did you mean ` lead`?"
    )
    assert (root / "Src.md").read_text("utf-8") == "[[lead]]\n"
