"""The fix verifier holds the links a fix edits to what its rule means to do with them.

A case or form fix must leave each link it rewrites opening the same file, heading and block
(LNK008 once rewrote `[[sub\\other]]` to `[[Other]]`, another file); a fix that adds, removes
or retargets links may do that and only that. Checked on the verifier's answers and through
the command line with a rule written here to make the old LNK008 mistake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.model import Note
from vaultcheck.fixing.fixcheck import damage
from vaultcheck.rules import REGISTRY, Context, Rule
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    "sub/Other.md": "# Part\n",
    "Other.md": "# Part\n",
    "Note.md": "# Intro\n## Set up\ntext ^blk\n",
}


def _answer(tmp_path: Path, text: str, old: str, new: str, effect: LinkEffect) -> str:
    vault = load_vault(write_vault(tmp_path, {**FILES, "a.md": text}))
    start = text.index(old)
    edit = Edit(start, start + len(old), new)
    return damage(vault.notes["a.md"], [edit], LinkIndex(vault, Counter()), effect) or "kept"


KEEP, ADD, REMOVE, REPAIR, RETARGET = (
    LinkEffect.KEEP,
    LinkEffect.ADD,
    LinkEffect.REMOVE,
    LinkEffect.REPAIR,
    LinkEffect.RETARGET,
)

# (id, note text, old, new, effect, the verifier's answer)
CASES: list[tuple[str, str, str, str, LinkEffect, str]] = [
    (
        "the folder dropped: another file",
        "A [[sub\\other]].\n",
        "sub\\other",
        "Other",
        KEEP,
        "`[[sub\\other]]` on line 1 would lead to `Other.md` instead of `sub/Other.md`",
    ),
    (
        "the folder kept, the case fixed",
        "A [[sub\\other]].\n",
        "sub\\other",
        "sub\\Other",
        KEEP,
        "kept",
    ),
    ("a retargeting fix may", "A [[sub\\other]].\n", "sub\\other", "Other", RETARGET, "kept"),
    (
        "a heading's case: Obsidian's same heading",
        "[[Note#set up]]\n",
        "set up",
        "Set up",
        KEEP,
        "kept",
    ),
    (
        "another heading",
        "[[Note#Set up]]\n",
        "Set up",
        "Setup",
        KEEP,
        "`[[Note#Set up]]` on line 1 would lead to `Note.md` at `#Setup` "
        "instead of `Note.md` at `#Set up`",
    ),
    (
        "another block",
        "[[Note#^blk]]\n",
        "blk",
        "bl",
        KEEP,
        "`[[Note#^blk]]` on line 1 would lead to `Note.md` at `#^bl` instead of `Note.md` at `#^blk`",
    ),
    (
        "an embed made a link",
        "![[Note]]\n",
        "![[",
        "[[",
        KEEP,
        "`![[Note]]` on line 1 would lead to `Note.md` instead of `Note.md`",
    ),
    (
        "one missing note for another",
        "[[Foo]]\n",
        "Foo",
        "Bar",
        KEEP,
        "`[[Foo]]` on line 1 would lead to the missing note `Bar` instead of the missing note `Foo`",
    ),
    ("a missing note mended by a repair", "[[Nte]]\n", "Nte", "Note", REPAIR, "kept"),
    (
        "a working link broken by a repair",
        "[[Note]]\n",
        "Note",
        "Nte",
        REPAIR,
        "`[[Note]]` on line 1 would lead to the missing note `Nte` instead of `Note.md`",
    ),
    ("a link added", "see Note\n", "Note", "[[Note]]", ADD, "kept"),
    (
        "a link added by a fix that may not",
        "see Note\n",
        "Note",
        "[[Note]]",
        KEEP,
        "it would make `[[Note]]` on line 1 a link to `Note.md`",
    ),
    ("a link removed", "see [[Note]] x\n", "[[Note]] ", "", REMOVE, "kept"),
    (
        "a link removed by a fix that may not",
        "see [[Note]] x\n",
        "[[Note]] ",
        "",
        KEEP,
        "`[[Note]]` on line 1 would no longer be a link to `Note.md`",
    ),
    (
        "an adding fix may not send a link elsewhere",
        "[[Note]]\n",
        "Note]]",
        "Other]]",
        ADD,
        "`[[Note]]` on line 1 would lead to `Other.md` instead of `Note.md`",
    ),
]


@pytest.mark.parametrize(
    ("text", "old", "new", "effect", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_links_an_edit_touches_lead_where_its_fix_means(
    tmp_path: Path, text: str, old: str, new: str, effect: LinkEffect, expected: str
) -> None:
    assert _answer(tmp_path, text, old, new, effect) == expected


def test_without_an_effect_the_caller_checks_the_links_it_edits(tmp_path: Path) -> None:
    # `vaultcheck mv` resolves every link again after the move, in the moved vault.
    vault = load_vault(write_vault(tmp_path, {**FILES, "a.md": "A [[sub\\other]].\n"}))
    edit = Edit(4, 13, "Other")
    assert damage(vault.notes["a.md"], [edit], LinkIndex(vault, Counter())) is None


class CaseFixDroppingTheFolder(Rule):
    """What it does: LNK008's old fix: `[[sub\\other]]` becomes `[[Other]]`.

    Why: to check that the verifier refuses a case fix that opens another file.

    Example:
        [[sub\\other]]

    Fix safety: claims safe; it is not.
    """

    code = "ZZ911"
    name = "case-fix-dropping-the-folder"
    severity = Severity.WARNING
    fixable = "safe"
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link in note.links:
            span = link.target_span
            if span is None or "\\" not in link.target:
                continue
            name = link.target.rsplit("\\", 1)[1]
            fix = Fix((Edit(span.start, span.end, name.title()),), Applicability.SAFE, "Write it")
            yield self.report(note.path, span, f"`{link.target}` in another case", fix)


class CaseFixMeaningToRetarget(CaseFixDroppingTheFolder):
    """What it does: the same edit, from a rule that says its fixes retarget.

    Why: a rule that means to send a link elsewhere (LNK001's suggestion) may.

    Example:
        [[sub\\other]]

    Fix safety: unsafe.
    """

    code = "ZZ912"
    name = "case-fix-meaning-to-retarget"
    fix_links = LinkEffect.RETARGET


HOME = "# Home\nA [[sub\\other]] and [[sub\\other#Part|x]].\n"


def test_a_case_fix_that_would_open_another_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY, CaseFixDroppingTheFolder.code, CaseFixDroppingTheFolder)
    write_vault(tmp_path, {**FILES, "Home.md": HOME})
    args = ["lint", str(tmp_path), "--select", "ZZ911", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix"])
    root = tmp_path.as_posix()
    assert result.stderr == (
        f"vaultcheck: {root}/Home.md:2:5: ZZ911 fix not applied: `[[sub\\other]]` on line 2 "
        "would lead to `Other.md` instead of `sub/Other.md`\n"
        f"vaultcheck: {root}/Home.md:2:23: ZZ911 fix not applied: `[[sub\\other#Part|x]]` on "
        "line 2 would lead to `Other.md` at `#Part` instead of `sub/Other.md` at `#Part`\n"
    )
    assert result.stdout == (
        f"{root}/Home.md:2:5: ZZ911 `sub\\other` in another case\n"
        f"{root}/Home.md:2:23: ZZ911 `sub\\other` in another case\n"
        "Found 2 problems (2 warnings).\n"
    )
    assert result.exit_code == 1
    assert (tmp_path / "Home.md").read_bytes() == HOME.encode()


def test_a_fix_meant_to_retarget_is_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY, CaseFixMeaningToRetarget.code, CaseFixMeaningToRetarget)
    write_vault(tmp_path, {**FILES, "Home.md": HOME})
    args = ["lint", str(tmp_path), "--select", "ZZ912", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Found 2 problems (2 fixed, 0 remaining).\n"
    assert (tmp_path / "Home.md").read_bytes() == b"# Home\nA [[Other]] and [[Other#Part|x]].\n"


def test_a_fix_moving_a_link_keeps_it(tmp_path: Path) -> None:
    """FM008 merges `alias:` into `aliases:`: the link leaves one edit and is written in
    another of the same fix, still to the same note, so the fix is kept."""
    text = '---\naliases: [a]\nalias: "[[Other]]"\n---\nbody\n'
    write_vault(tmp_path, {**FILES, "b.md": text})
    args = ["lint", str(tmp_path), "--select", "FM008", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Found 1 problem (1 fixed, 0 remaining).\n"
    assert (tmp_path / "b.md").read_text() == '---\naliases: [a, "[[Other]]"]\n---\nbody\n'


def test_a_garbled_link_is_mended_by_the_mojibake_fix(tmp_path: Path) -> None:
    write_vault(tmp_path, {**FILES, "Café.md": "x\n", "a.md": "see [[CafÃ©]] and [[Other]]\n"})
    args = ["lint", str(tmp_path), "--select", "TXT001", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "a.md").read_text() == "see [[Café]] and [[Other]]\n"


def test_every_rule_with_fixes_says_what_they_do_to_links() -> None:
    """The rules whose fixes may change, add or remove links, and nothing else."""
    effects = {
        code: rule.fix_links.value
        for code, rule in sorted(REGISTRY.items())
        if rule.fix_links is not LinkEffect.KEEP
    }
    assert effects == {
        "AL001": "remove",
        "AL002": "remove",
        "FM009": "add",
        "GR005": "add",
        "LNK001": "retarget",
        "LNK005": "retarget",
        "LNK009": "retarget",
        "REL003": "remove",
        "REL004": "add",
        "REL005": "add",
        "REL006": "add",
        "TAG006": "remove",
        "TXT001": "repair",
    }
