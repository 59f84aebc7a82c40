"""A fix never edits a YAML value shared through an anchor: ``aliases: &a [x, x]`` with
``copy: *a`` makes ``copy`` the very list ``aliases`` holds, so dropping the duplicate alias
would change ``copy`` too. Such fixes are refused, said on stderr, and no byte is written.

Every rule whose fix edits frontmatter values is tried on an anchored value, through the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()

SHARED = "fix not applied: it would edit the value anchored as `{0}` on line {1}, which every `*{2}` shares"

# (rule, --unsafe-fixes?, files, the refusal on stderr after the vault's path, or "")
REFUSED: list[tuple[str, bool, dict[str, str], str]] = [
    (
        "AL001",
        False,
        {"n.md": "---\naliases: &a [x, '']\ncopy: *a\n---\n"},
        "n.md:2:17: AL001 " + SHARED.format("&a", 2, "a"),
    ),
    (
        "AL002",
        False,
        {"n.md": "---\naliases: &a [x, x]\ncopy: *a\n---\n"},
        "n.md:2:17: AL002 " + SHARED.format("&a", 2, "a"),
    ),
    (
        "AL002",
        False,
        {"n.md": "---\naliases: &a\n  - x\n  - x\ncopy: *a\n---\n"},
        "n.md:4:5: AL002 " + SHARED.format("&a", 2, "a"),
    ),
    (
        # The value is itself an alias: its items are written at the anchor.
        "AL002",
        False,
        {"n.md": "---\nbase: &a [x, x]\naliases: *a\n---\n"},
        "n.md:2:14: AL002 " + SHARED.format("&a", 2, "a"),
    ),
    (
        "TAG006",
        False,
        {"n.md": "---\ntags: &t [a, a]\ncopy: *t\n---\n"},
        "n.md:2:14: TAG006 " + SHARED.format("&t", 2, "t"),
    ),
    (
        "TAG004",
        False,
        {"n.md": "---\ntags: &t ['#a']\ncopy: *t\n---\n"},
        "n.md:2:11: TAG004 " + SHARED.format("&t", 2, "t"),
    ),
    (
        "TAG002",
        True,
        {
            "a.md": "---\ntags: [Foo]\n---\n",
            "b.md": "---\ntags: [Foo]\n---\n",
            "n.md": "---\ntags: &t [foo]\ncopy: *t\n---\n",
        },
        "n.md:2:11: TAG002 " + SHARED.format("&t", 2, "t"),
    ),
    (
        "REL003",
        False,
        {"n1.md": "", "n.md": "---\nrelated: &r ['[[n1]]', '[[n1]]']\ncopy: *r\n---\n"},
        "n.md:2:24: REL003 " + SHARED.format("&r", 2, "r"),
    ),
    (
        "LNK008",
        False,
        {"n1.md": "", "n.md": "---\nup: &u '[[N1]]'\ncopy: *u\n---\n"},
        "n.md:2:11: LNK008 " + SHARED.format("&u", 2, "u"),
    ),
    (
        "LNK009",
        False,
        {"n1.md": "---\naliases: [Al]\n---\n", "n.md": "---\nup: &u '[[Al]]'\ncopy: *u\n---\n"},
        "n.md:2:9: LNK009 " + SHARED.format("&u", 2, "u"),
    ),
    (
        "LNK001",
        True,
        {"note1.md": "", "n.md": "---\nup: &u '[[note2]]'\ncopy: *u\n---\n"},
        "n.md:2:9: LNK001 " + SHARED.format("&u", 2, "u"),
    ),
    (
        "TXT001",
        False,
        {"n.md": "---\ntitle: &t 'caf\u00c3\u00a9'\ncopy: *t\n---\n"},
        "n.md:2:15: TXT001 " + SHARED.format("&t", 2, "t"),
    ),
    # Rules whose fix declines an anchored value itself (no `[*]`, nothing to refuse):
    ("TAG004", False, {"n.md": "---\ntags: &t '#a'\ncopy: *t\n---\n"}, ""),
    ("FM008", False, {"n.md": "---\ntag: x\ntags: &t [y]\ncopy: *t\n---\n"}, ""),
    (
        "REL004",
        True,
        {
            "a.md": "---\nrelated: ['[[n]]']\n---\n",
            "c.md": "",
            "n.md": "---\nrelated: &r ['[[c]]']\ncopy: *r\n---\n",
        },
        "",
    ),
    (
        "REL005",
        True,
        {
            "n1.md": "",
            "n2.md": "",
            "n.md": "---\nrelated: &r ['[[n1]]']\ncopy: *r\n---\n## Related\n- [[n1]]\n- [[n2]]\n",
        },
        "",
    ),
]


@pytest.mark.parametrize(
    ("select", "unsafe", "files", "refusal"),
    REFUSED,
    ids=[f"{code}-{i}" for i, (code, *_) in enumerate(REFUSED)],
)
def test_fixes_of_anchored_values_are_refused(
    tmp_path: Path, select: str, unsafe: bool, files: dict[str, str], refusal: str
) -> None:
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", select, "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix", *(["--unsafe-fixes"] if unsafe else [])])
    expected = f"vaultcheck: {tmp_path.as_posix()}/{refusal}\n" if refusal else ""
    assert result.stderr == expected
    assert " fixed" not in result.stdout
    assert "[*]" not in result.stdout
    for path, content in files.items():
        assert (tmp_path / path).read_bytes() == content.encode()
    diff = runner.invoke(app, [*args, "--diff", *(["--unsafe-fixes"] if unsafe else [])])
    assert diff.stdout == ""


def test_the_refused_fix_is_still_reported_as_a_problem(tmp_path: Path) -> None:
    write_vault(tmp_path, {"n.md": "---\naliases: &a [x, x]\ncopy: *a\n---\n"})
    args = ["lint", str(tmp_path), "--select", "AL002", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, [*args, "--fix"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{tmp_path.as_posix()}/n.md:2:17: AL002 Duplicate alias `x` (already listed on line 2)\n"
        "Found 1 problem (1 warning).\n"
    )


def test_renaming_a_key_whose_value_is_anchored_is_kept(tmp_path: Path) -> None:
    """The key is not the shared value: `alias: &a x` becomes `aliases: &a x`, `copy` unchanged."""
    write_vault(tmp_path, {"n.md": "---\nalias: &a x\ncopy: *a\n---\n"})
    args = ["lint", str(tmp_path), "--select", "FM008", "--no-cache", "--fix"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "n.md").read_bytes() == b"---\naliases: &a x\ncopy: *a\n---\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The alias is removed whole, with its key: no other property reads it.
        ("---\ntags: &t [foo]\ntag: *t\n---\n", "---\ntags: &t [foo]\n---\n"),
        ("---\nbase: &b x\ntag: *b\ntags: [y]\n---\n", "---\nbase: &b x\ntags: [y, x]\n---\n"),
    ],
    ids=["duplicate", "merged"],
)
def test_removing_a_whole_alias_is_kept(tmp_path: Path, before: str, after: str) -> None:
    """An alias is a reference: FM008 merging `tag: *b` into `tags` leaves `base` as it was."""
    write_vault(tmp_path, {"n.md": before})
    args = ["lint", str(tmp_path), "--select", "FM008", "--no-cache", "--fix"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "n.md").read_text() == after


def test_a_fix_elsewhere_in_a_note_with_anchors_is_kept(tmp_path: Path) -> None:
    """Only the shared value is off limits: the duplicate tag beside it is still dropped."""
    text = "---\naliases: &a [x, x]\ncopy: *a\ntags: [t, t]\n---\n"
    write_vault(tmp_path, {"n.md": text})
    args = ["lint", str(tmp_path), "--select", "AL002,TAG006", "--no-cache", "--fix"]
    result = runner.invoke(app, [*args, "--output-format", "concise"])
    assert result.stderr == (
        f"vaultcheck: {tmp_path.as_posix()}/n.md:2:17: AL002 " + SHARED.format("&a", 2, "a") + "\n"
    )
    assert (tmp_path / "n.md").read_text() == text.replace("[t, t]", "[t]")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("&a [x, x]", "&a [x]", SHARED.format("&a", 2, "a")[len("fix not applied: ") :]),
        (
            "&a [x, x]",
            "[x]",
            "undefined",
        ),  # the anchor gone: `*a` undefined, the YAML check refuses
        (
            "a\nab:",  # part of the alias, and the next key
            "ab\nab:",
            "it would edit the alias `*a` on line 3, whose value is the one anchored as `&a`",
        ),
    ],
    ids=["rewritten whole with its anchor", "anchor dropped", "alias changed"],
)
def test_the_verifier_on_edits_over_a_whole_node(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    from collections import Counter

    from vaultcheck.core.diagnostics import Edit
    from vaultcheck.fixing.fixcheck import damage
    from vaultcheck.vault.build import load_vault
    from vaultcheck.vault.linkindex import LinkIndex

    text = "---\naliases: &a [x, x]\ncopy: *a\nab: &ab y\n---\n"
    vault = load_vault(write_vault(tmp_path, {"n.md": text}))
    start = text.index(old)
    edit = Edit(start, start + len(old), new)
    found = damage(vault.notes["n.md"], [edit], LinkIndex(vault, Counter())) or "kept"
    if expected == "undefined":
        assert found.startswith("it would make the frontmatter invalid YAML")
    else:
        assert found == expected
