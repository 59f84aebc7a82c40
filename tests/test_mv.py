"""``vaultcheck mv OLD NEW`` on real files, through the real CLI, in and out of git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex

runner = CliRunner()

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

#: A note linked every way there is, from the root, from a subfolder and from properties.
NOTES: dict[str, str | bytes] = {
    "Spells/Fire Ball.md": (
        "---\naliases: [Fireball]\n---\n# Fire Ball\nUp: [home](../Home.md) and [[Home]].\n"
        "Kin: [[Frost]]\n^core\n"
    ),
    "Spells/Frost.md": "# Frost\n",
    "Frost.md": "Another frost, at the root.\n",
    "Home.md": (
        "---\nrelated: \"[[Fire Ball#Fire Ball|the spell]]\"\nsee:\n  - '[[Spells/Fire Ball]]'\n"
        "---\n"
        "Cast [[Fire Ball]], [[Fire Ball#Fire Ball|big fire]], ![[Fire Ball#^core]].\r\n"
        "Markdown: [fb](Spells/Fire%20Ball.md#Fire%20Ball) and [a](<Spells/Fire Ball.md>).\n"
        "Table: | [[Fire Ball\\|fb]] | x |\n"
        "Not a link: `[[Fire Ball]]`, and [[Frost]] stays.\n"
    ),
    "Rules/Magic.md": "Relative: [fb](../Spells/Fire%20Ball.md) and [[Fire Ball.md]].\n",
    "Unrelated.md": "Nothing to do with it: [[Frost]] and [[Missing]].\n",
    "map.png": b"\x89PNG",
}


def everything(root: Path) -> dict[str, bytes]:
    """Every file of the vault (outside hidden folders) and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def mv(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["mv", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", NOTES)


def test_moving_a_note_rewrites_every_link_to_it(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = everything(vault)
    assert mv(vault, monkeypatch, "Spells/Fire Ball.md", "Archive/Old Magic/Flame.md") == (
        0,
        "Moved Spells/Fire Ball.md to Archive/Old Magic/Flame.md; rewrote 11 links in 3 notes\n",
        "",
    )
    after = everything(vault)
    assert after["Archive/Old Magic/Flame.md"] == (
        b"---\naliases: [Fireball]\n---\n# Fire Ball\nUp: [home](../../Home.md) and [[Home]].\n"
        b"Kin: [[Frost]]\n^core\n"
    )
    assert after["Home.md"] == (
        b"---\nrelated: \"[[Flame#Fire Ball|the spell]]\"\nsee:\n  - '[[Flame]]'\n"
        b"---\n"
        b"Cast [[Flame]], [[Flame#Fire Ball|big fire]], ![[Flame#^core]].\r\n"
        b"Markdown: [fb](Flame.md#Fire%20Ball) and [a](<Flame.md>).\n"
        b"Table: | [[Flame\\|fb]] | x |\n"
        b"Not a link: `[[Fire Ball]]`, and [[Frost]] stays.\n"
    )
    assert after["Rules/Magic.md"] == (
        b"Relative: [fb](../Archive/Old%20Magic/Flame.md) and [[Flame.md]].\n"
    )
    # Every other file is exactly as it was; the old one is gone.
    del before["Spells/Fire Ball.md"], before["Home.md"], before["Rules/Magic.md"]
    for path in ("Archive/Old Magic/Flame.md", "Home.md", "Rules/Magic.md"):
        del after[path]
    assert after == before


def test_the_result_is_clean_for_the_linter(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert mv(vault, monkeypatch, "Spells/Fire Ball.md", "Flame.md")[0] == 0
    result = runner.invoke(
        app, ["lint", str(vault), "--select", "LNK", "--output-format", "concise"]
    )
    lines = [line.replace(f"{vault}/", "") for line in result.stdout.splitlines()]
    assert lines == [
        "Unrelated.md:1:38: LNK001 Broken link: no note named `Missing`",
        "Found 1 problem (1 error).",
    ]


def test_a_link_that_the_new_name_would_capture_keeps_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "Notes/Index.md": "# Index\n",
            "Old.md": "old\n",
            "Home.md": "[[Index]] and [[Old]] and [o](/Old.md#Part)\n",
        },
    )
    # `Ar/Index.md` is shorter than `Notes/Index.md`: Obsidian would open it for [[Index]].
    assert mv(root, monkeypatch, "Old.md", "Ar/Index.md")[:2] == (
        0,
        "Moved Old.md to Ar/Index.md; rewrote 3 links in 1 note\n",
    )
    # A link from the vault root (`/Old.md`) keeps that form.
    assert (root / "Home.md").read_bytes() == (
        b"[[Notes/Index]] and [[Ar/Index]] and [o](/Ar/Index.md#Part)\n"
    )


def test_moving_an_attachment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "map.png": b"\x89PNG",
            "Trip.md": "![[map.png|300]] and ![the map](map.png) and [[map.png#x]]\n",
        },
    )
    assert mv(root, monkeypatch, "map.png", "media/world map.png")[0] == 0
    assert (root / "Trip.md").read_bytes() == (
        b"![[world map.png|300]] and ![the map](world%20map.png) and [[world map.png#x]]\n"
    )
    assert (root / "media/world map.png").read_bytes() == b"\x89PNG"
    assert not (root / "map.png").exists()


def test_diff_shows_the_edits_and_writes_nothing(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = everything(vault)
    code, out, err = mv(vault, monkeypatch, "--diff", "Rules/Magic.md", "Magic.md")
    assert (code, err) == (0, "")
    assert out == (
        "--- a/Rules/Magic.md\n"
        "+++ b/Magic.md\n"
        "@@ -1 +1 @@\n"
        "-Relative: [fb](../Spells/Fire%20Ball.md) and [[Fire Ball.md]].\n"
        "+Relative: [fb](Spells/Fire%20Ball.md) and [[Fire Ball.md]].\n"
        "Would move Rules/Magic.md to Magic.md and rewrite 1 link in 1 note\n"
    )
    assert everything(vault) == before


def test_a_folder_as_the_new_path_receives_the_file(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As mv and git mv do (it said "Spells already exists").
    assert mv(vault, monkeypatch, "Rules/Magic.md", "Spells") == (
        0,
        "Moved Rules/Magic.md to Spells/Magic.md; rewrote 0 links in 0 notes\n",
        "",
    )
    assert (vault / "Spells/Magic.md").read_bytes() == (
        b"Relative: [fb](../Spells/Fire%20Ball.md) and [[Fire Ball.md]].\n"  # still opens it
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Frost.md", "Spells/Frost.md", "Spells/Frost.md already exists"),
        ("Frost.md", "Spells", "Spells/Frost.md already exists"),  # into the folder
        ("Nope.md", "Other.md", "no such file: Nope.md"),
        ("Frost.md", "../Frost.md", "../Frost.md is outside the vault ({root})"),
        ("Frost.md", "Frost.txt", "Frost.txt would no longer be a note (keep the .md extension)"),
        ("Frost.md", "Frost#2.md", "Frost#2.md: a link cannot name a file with # in its path"),
        ("map.png", "map.md", "map.md would turn an attachment into a note"),
        (
            ".obsidian/app.json",
            "app.json",
            "not a note or attachment of the vault: .obsidian/app.json",
        ),
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    vault: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    (vault / ".obsidian/app.json").write_text("{}")
    before = everything(vault)
    expected = f"vaultcheck: error: {message.format(root=vault.resolve())}\n"
    assert mv(vault, monkeypatch, old, new) == (2, "", expected)
    assert everything(vault) == before


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)
    return done.stdout.decode()


@needs_git
def test_in_git_a_tracked_note_moves_with_git_mv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    for rel, content in NOTES.items():  # no .obsidian/: the git work tree is the vault
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content.encode() if isinstance(content, str) else content)
    (root / "Draft.md").write_text("[[Frost]]\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A", "--", ":!Draft.md")
    git(root, "commit", "-q", "-m", "start")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    # [[Frost]] opened `Frost.md` (an exact path) from everywhere; from `Spells/` it would
    # now open `Spells/Frost.md` (same folder), so only that one is rewritten.
    assert mv(root, monkeypatch, "Frost.md", "Cold/Frost.md")[:2] == (
        0,
        "Moved Frost.md to Cold/Frost.md; rewrote 1 link in 1 note\n",
    )
    # The index has the rename; the link edit in the moved note's neighbour is unstaged.
    assert git(root, "diff", "--cached", "--name-status", "-M") == (
        "R100\tFrost.md\tCold/Frost.md\n"
    )
    assert (root / "Spells/Fire Ball.md").read_bytes().endswith(b"Kin: [[Cold/Frost]]\n^core\n")
    # An untracked note is renamed on disk only.
    assert mv(root, monkeypatch, "Draft.md", "Drafts/Draft.md")[:2] == (
        0,
        "Moved Draft.md to Drafts/Draft.md; rewrote 0 links in 0 notes\n",
    )
    assert git(root, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "R  Frost.md -> Cold/Frost.md",
        ' M "Spells/Fire Ball.md"',
        "?? Drafts/Draft.md",
    ]


CANVAS = (
    '{\n\t"nodes":[\n'
    '\t\t{"id":"a","type":"file","file":"Spells/Fire Ball.md","subpath":"#Fire Ball",'
    '"x":0,"y":0,"width":400,"height":400},\n'
    '\t\t{"id":"b","type":"text","text":"\\"file\\": \\"Spells/Fire Ball.md\\"","x":0,"y":0,'
    '"width":10,"height":10},\n'
    '\t\t{"id":"c","type":"file","file":"Frost.md","x":1,"y":1,"width":1,"height":1}\n'
    '\t],\n\t"edges":[]\n}'
)


def test_canvas_file_nodes_follow_the_move(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (vault / "Board.canvas").write_text(CANVAS)
    assert mv(vault, monkeypatch, "Spells/Fire Ball.md", "Flame/Fire Ball ünï.md")[:2] == (
        0,
        "Moved Spells/Fire Ball.md to Flame/Fire Ball ünï.md; rewrote 11 links in 2 notes "
        "and 1 canvas\n",
    )
    # Only the file node's path changed; the text node that merely mentions it did not.
    assert (vault / "Board.canvas").read_text() == CANVAS.replace(
        '"file":"Spells/Fire Ball.md"', '"file":"Flame/Fire Ball ünï.md"'
    )


#: Text cards linking the note: a wikilink, one with heading and text, a Markdown link, and
#: a card written with JSON escapes (`\u00e9`, `\n`), as some tools write canvases.
TEXT_CARDS = (
    '{"nodes":[\n'
    '{"id":"t","type":"text","text":"Cast [[Fire Ball]] or [[Fire Ball#Fire Ball|big]]\\n'
    '[fb](Spells/Fire%20Ball.md)","x":0,"y":0,"width":1,"height":1},\n'
    '{"id":"u","type":"text","text":"\\u00e9\\n[[Fire Ball]]","x":0,"y":0,"width":1,"height":1}\n'
    '],"edges":[]}\n'
)


def test_canvas_text_cards_follow_the_move(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, only file cards were rewritten: the text cards' links broke (LNK001 after the
    move), though the move promises every link opens what it opened."""
    (vault / "Board.canvas").write_text(TEXT_CARDS, encoding="utf-8")
    code, out, err = mv(vault, monkeypatch, "Spells/Fire Ball.md", "Flame/Fire Ball ünï.md")
    assert (code, out, err) == (
        0,
        "Moved Spells/Fire Ball.md to Flame/Fire Ball ünï.md; rewrote 14 links in 2 notes "
        "and 1 canvas\n",
        "",
    )
    assert (vault / "Board.canvas").read_text("utf-8") == (
        '{"nodes":[\n'
        '{"id":"t","type":"text","text":"Cast [[Fire Ball ünï]] or [[Fire Ball ünï#Fire Ball|big]]'
        '\\n[fb](Fire%20Ball%20ünï.md)","x":0,"y":0,"width":1,"height":1},\n'
        '{"id":"u","type":"text","text":"\\u00e9\\n[[Fire Ball ünï]]","x":0,"y":0,"width":1,'
        '"height":1}\n'
        '],"edges":[]}\n'
    )
    lint = runner.invoke(app, ["lint", "--no-cache", "--select", "LNK", "Board.canvas"])
    assert (lint.exit_code, lint.stdout) == (0, "All checks passed!\n")


def test_a_canvas_saved_with_a_bom_follows_the_move(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Obsidian drops a leading BOM when it reads a canvas; the move refused such a canvas
    ("cannot rewrite the canvas in place") as its JSON check did not. The BOM stays."""
    (vault / "Board.canvas").write_bytes(("\ufeff" + TEXT_CARDS).encode())
    code, out, err = mv(vault, monkeypatch, "Spells/Fire Ball.md", "Flame/Fire Ball.md")
    assert (code, out, err) == (
        0,
        "Moved Spells/Fire Ball.md to Flame/Fire Ball.md; rewrote 5 links in 2 notes "
        "and 1 canvas\n",
        "",
    )
    assert (vault / "Board.canvas").read_bytes() == (
        "\ufeff" + TEXT_CARDS.replace("(Spells/Fire%20Ball.md)", "(Fire%20Ball.md)")
    ).encode()


def test_a_canvas_link_written_with_escapes_is_refused(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Markdown link whose JSON text holds an escape cannot be rewritten in place: the
    move is refused, and nothing changes."""
    card = '{"nodes":[{"id":"t","type":"text","text":"[fb](Spells\\/Fire%20Ball.md)"}]}'
    (vault / "Board.canvas").write_text(card, encoding="utf-8")
    before = everything(vault)
    assert mv(vault, monkeypatch, "Spells/Fire Ball.md", "Flame.md") == (
        2,
        "",
        "vaultcheck: error: cannot rewrite the link at Board.canvas:1:43 to `Flame.md`; "
        "nothing was changed\n",
    )
    assert everything(vault) == before


@pytest.mark.parametrize("name", ["kepano__kepano-obsidian", "OldManUmby__DND.SRD.Wiki"])
def test_on_a_real_vault_every_link_still_opens_what_it_opened(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The most linked file of a real vault moved into a new folder under a new name: the
    resolver, run afresh on the files written, sends every link where it went before."""
    root = shutil.copytree(corpus(name), tmp_path / name)
    vault = load_vault(root)
    links = LinkIndex(vault)
    old = links.incoming.most_common(1)[0][0]
    new = f"Moved here/{old.rsplit('/', 1)[-1].replace('.', ' (moved).', 1)}"
    before = _targets(vault, links)
    code, out, err = mv(root, monkeypatch, old, new)
    assert (code, err) == (0, "")
    assert out.startswith(f"Moved {old} to {new}; rewrote ")
    after_vault = load_vault(root)
    after = _targets(after_vault, LinkIndex(after_vault))
    moved = {(new if path == old else path) for path in before}
    assert set(after) == moved
    for path, targets in before.items():
        assert after[new if path == old else path] == [new if t == old else t for t in targets]


def _targets(vault: Vault, links: LinkIndex) -> dict[str, list[str | None]]:
    """Each note's links, in order, as the file each one opens."""
    return {note.path: [res.target for _, res in links.of(note)] for note in vault}


def test_links_waiting_for_the_new_name_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_vault(
        tmp_path / "v",
        {"Draft.md": "draft\n", "Home.md": "[[Plan]] and [[Draft]]\n", "Folder/a.md": "x\n"},
    )
    assert mv(root, monkeypatch, "Draft.md", "Plan.md") == (
        0,
        "Moved Draft.md to Plan.md; rewrote 1 link in 1 note\n",
        "vaultcheck: note: 1 link that was broken now opens Plan.md: Home.md:1:1\n",
    )
    assert (root / "Home.md").read_bytes() == b"[[Plan]] and [[Plan]]\n"
    assert mv(root, monkeypatch, "Folder", "Other") == (
        2,
        "",
        "vaultcheck: error: Folder is a folder; move the notes in it one by one\n",
    )


def test_a_symbolic_link_moves_as_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_vault(tmp_path / "v", {"Real.md": "real\n", "Home.md": "[[Alias]] [[Real]]\n"})
    (root / "Alias.md").symlink_to("Real.md")
    assert mv(root, monkeypatch, "Alias.md", "Other.md")[:2] == (
        0,
        "Moved Alias.md to Other.md; rewrote 1 link in 1 note\n",
    )
    assert (root / "Other.md").is_symlink()
    assert (root / "Real.md").read_bytes() == b"real\n"
    assert (root / "Home.md").read_bytes() == b"[[Other]] [[Real]]\n"


def test_property_links_are_escaped_as_their_yaml_string_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "Old.md": "x\n",
            "Home.md": "---\nrelated: \"[[Old]]\"\nsee: '[[Old]]'\n---\n[[Old]] [x](Old.md)\n",
        },
    )
    assert mv(root, monkeypatch, "Old.md", 'It\'s "x".md')[:2] == (
        0,
        'Moved Old.md to It\'s "x".md; rewrote 4 links in 1 note\n',
    )
    assert (root / "Home.md").read_bytes() == (
        b'---\nrelated: "[[It\'s \\"x\\"]]"\nsee: \'[[It\'\'s "x"]]\'\n---\n'
        b'[[It\'s "x"]] [x](It\'s%20"x".md)\n'
    )


def test_a_rename_that_changes_only_case_rewrites_the_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Fire ball.md` to `Fire Ball.md`: every link still opened the file (names compare
    without case), so none was rewritten and each then read `[[fire ball]]` against the new
    name (LNK008). Obsidian writes the new name into them, as for any rename."""
    root = write_vault(
        tmp_path / "v",
        {
            "Spells/Fire ball.md": "# Fire ball\n",
            "Home.md": "[[Fire ball]] [[fire ball#Fire ball|big]] [t](Spells/Fire%20ball.md)\n",
        },
    )
    assert mv(root, monkeypatch, "Spells/Fire ball.md", "Spells/Fire Ball.md")[:2] == (
        0,
        "Moved Spells/Fire ball.md to Spells/Fire Ball.md; rewrote 3 links in 1 note\n",
    )
    assert (root / "Home.md").read_text() == (
        "[[Fire Ball]] [[Fire Ball#Fire ball|big]] [t](Fire%20Ball.md)\n"
    )


def test_a_moved_note_that_is_not_utf8_is_named_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its relative link would need rewriting; the message names the file on disk, not the
    # path it was to move to, which does not exist.
    root = write_vault(
        tmp_path / "v",
        {".obsidian/app.json": "{}", "d/Latin.md": b"caf\xe9 [up](../Home.md)\n", "Home.md": "x"},
    )
    before = everything(root)
    assert mv(root, monkeypatch, "d/Latin.md", "Latin.md") == (
        2,
        "",
        "vaultcheck: error: cannot rewrite the links in d/Latin.md: it is not UTF-8 text\n",
    )
    assert everything(root) == before
