"""Renames git knows about turn the links they broke into safe LNK001 fixes (real git, real CLI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
runner = CliRunner()

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

HOME = (
    '---\nsee: "[[Fireball#Fireball|the spell]]"\n---\n'
    "See [[Fireball]], ![[Fireball#^dmg]] and [md](Spells/Fireball.md#Fireball).\n"
    "Unrelated: [[Firebal]].\n"
)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_vault(
        tmp_path / "vault",
        {
            "Spells/Fireball.md": "# Fireball\nDamage ^dmg\n",
            "Home.md": HOME,
            "Rules/Magic.md": "[up](../Spells/Fireball.md)\n",
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def run(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(
        app, ["lint", str(root), "--select", "LNK", "--output-format", "concise", *args]
    )
    lines = [line.replace(f"{root}/", "") for line in result.stdout.splitlines()]
    return result.exit_code, lines, result.stderr


RENAMED = "`Spells/Fireball.md` was renamed to `Spells/Fire Ball.md`"


def test_links_to_the_old_name_get_a_safe_fix(repo: Path) -> None:
    git(repo, "mv", "Spells/Fireball.md", "Spells/Fire Ball.md")
    assert run(repo)[:2] == (
        1,
        [
            f"Home.md:2:7: LNK001 [*] Broken link: no note named `Fireball`; {RENAMED}",
            f"Home.md:4:5: LNK001 [*] Broken link: no note named `Fireball`; {RENAMED}",
            f"Home.md:4:19: LNK001 [*] Broken link: no note named `Fireball`; {RENAMED}",
            "Home.md:4:42: LNK001 [*] Broken link: no note named `Spells/Fireball.md`; " + RENAMED,
            "Home.md:5:12: LNK001 Broken link: no note named `Firebal`",
            "Rules/Magic.md:1:1: LNK001 [*] Broken link: no note named "
            f"`../Spells/Fireball.md`; {RENAMED}",
            "Found 6 problems (6 errors).",
        ],
    )
    code, lines, _ = run(repo, "--fix")
    assert (code, lines) == (
        1,
        [
            "Home.md:5:12: LNK001 Broken link: no note named `Firebal`",
            "Found 6 problems (5 fixed, 1 remaining).",
        ],
    )
    assert (repo / "Home.md").read_bytes() == (
        b'---\nsee: "[[Fire Ball#Fireball|the spell]]"\n---\n'
        b"See [[Fire Ball]], ![[Fire Ball#^dmg]] and [md](Fire%20Ball.md#Fireball).\n"
        b"Unrelated: [[Firebal]].\n"
    )
    assert (repo / "Rules/Magic.md").read_bytes() == b"[up](../Spells/Fire%20Ball.md)\n"


def test_the_commit_hook_mode_fixes_what_the_rename_broke(repo: Path) -> None:
    (repo / "Archive").mkdir()
    git(repo, "mv", "Spells/Fireball.md", "Archive/Fireball (old).md")
    code, lines, _ = run(repo, "--changed", "--diff")
    assert code == 1
    assert lines == [
        "--- a/Home.md",
        "+++ b/Home.md",
        "@@ -1,5 +1,5 @@",
        " ---",
        '-see: "[[Fireball#Fireball|the spell]]"',
        '+see: "[[Fireball (old)#Fireball|the spell]]"',
        " ---",
        "-See [[Fireball]], ![[Fireball#^dmg]] and [md](Spells/Fireball.md#Fireball).",
        "+See [[Fireball (old)]], ![[Fireball (old)#^dmg]] and "
        "[md](Fireball%20%28old%29.md#Fireball).",
        " Unrelated: [[Firebal]].",
        "--- a/Rules/Magic.md",
        "+++ b/Rules/Magic.md",
        "@@ -1 +1 @@",
        "-[up](../Spells/Fireball.md)",
        "+[up](../Archive/Fireball%20%28old%29.md)",
    ]
    assert (repo / "Home.md").read_text() == HOME


def test_without_a_rename_nothing_changes(repo: Path, tmp_path: Path) -> None:
    # Deleted, not renamed: the links are broken and nothing says where they should go.
    git(repo, "rm", "-q", "Spells/Fireball.md")
    assert run(repo)[1][:2] == [
        "Home.md:2:7: LNK001 Broken link: no note named `Fireball`",
        "Home.md:4:5: LNK001 Broken link: no note named `Fireball`",
    ]
    # Outside git, a moved file is just a missing one.
    plain = write_vault(tmp_path / "plain", {"Home.md": "[[Fireball]]\n", "Fire Ball.md": "x\n"})
    assert run(plain)[1] == [
        "Home.md:1:1: LNK001 Broken link: no note named `Fireball`; did you mean `Fire Ball`?",
        "Found 1 problem (1 error).",
    ]


def test_a_renamed_attachment_gets_its_embeds_back(repo: Path) -> None:
    (repo / "map.png").write_bytes(b"\x89PNG")
    (repo / "Trip.md").write_text("![[map.png|300]] and ![alt](map.png)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "map")
    (repo / "media").mkdir()
    git(repo, "mv", "map.png", "media/world map.png")
    renamed = "`map.png` was renamed to `media/world map.png`"
    assert run(repo)[1] == [
        "Home.md:5:12: LNK001 Broken link: no note named `Firebal`; did you mean `Fireball`?",
        f"Trip.md:1:1: LNK005 [*] Missing attachment: no file named `map.png`; {renamed}",
        f"Trip.md:1:22: LNK005 [*] Missing attachment: no file named `map.png`; {renamed}",
        "Found 3 problems (3 errors).",
    ]
    assert run(repo, "--fix")[:2] == (
        1,
        [
            "Home.md:5:12: LNK001 Broken link: no note named `Firebal`; did you mean `Fireball`?",
            "Found 3 problems (2 fixed, 1 remaining).",
        ],
    )
    assert (repo / "Trip.md").read_bytes() == (
        b"![[world map.png|300]] and ![alt](world%20map.png)\n"
    )


def broken(root: Path, *args: str) -> list[str]:
    """The LNK001 and LNK005 lines of a run (the summary left out)."""
    result = runner.invoke(
        app, ["lint", str(root), "--select", "LNK001,LNK005", "--output-format", "concise", *args]
    )
    return [line.replace(f"{root}/", "") for line in result.stdout.splitlines() if ": LNK" in line]


def test_on_a_real_vault_the_fixes_send_every_link_where_it_went(tmp_path: Path) -> None:
    """The three most linked files of kepano's vault renamed with git: after `--fix`, every
    link opens the file it opened before the renames (at its new path)."""
    root = shutil.copytree(corpus("kepano__kepano-obsidian"), tmp_path / "kepano")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    vault = load_vault(root)
    links = LinkIndex(vault)
    before = {n.path: [r.target for _, r in links.of(n)] for n in vault}
    known = broken(root)  # the vault's own broken links
    moves = {}
    for old, _ in links.incoming.most_common(3):
        new = f"Renamed/{old.rsplit('/', 1)[-1].replace('.', ' v2.', 1)}"
        (root / "Renamed").mkdir(exist_ok=True)
        git(root, "mv", old, new)
        moves[old] = new
    assert len(broken(root)) > len(known)
    broken(root, "--fix")
    # What the renames broke is fixed; the vault's own broken links stay (in moved notes, at
    # their new path).
    moved_known = []
    for line in known:
        path, rest = line.split(":", 1)
        moved_known.append(f"{moves.get(path, path)}:{rest}")
    assert sorted(broken(root)) == sorted(moved_known)
    after_vault = load_vault(root)
    after_links = LinkIndex(after_vault)
    after = {n.path: [r.target for _, r in after_links.of(n)] for n in after_vault}
    assert after == {
        moves.get(path, path): [moves.get(t, t) if t else t for t in targets]
        for path, targets in before.items()
    }


def test_the_python_api_offers_the_same_fixes(repo: Path) -> None:
    import vaultcheck

    git(repo, "mv", "Spells/Fireball.md", "Spells/Fire Ball.md")
    found = vaultcheck.lint(repo, select=["LNK001"])
    assert [(d.path, d.line, d.column, d.message) for d in found][:1] == [
        ("Home.md", 2, 7, f"Broken link: no note named `Fireball`; {RENAMED}")
    ]
    result = vaultcheck.fix(repo, select=["LNK001"])
    assert (result.fixed, sorted(result.changes)) == (5, ["Home.md", "Rules/Magic.md"])
    assert result.changes["Rules/Magic.md"][1] == "[up](../Spells/Fire%20Ball.md)\n"
