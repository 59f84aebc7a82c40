"""The link index's shortcuts (memoised lookups, the links a rule family reads) give exactly
what resolving each link on its own gives, on every corpus and on a canvas beside notes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import as_rows, corpus, write_vault
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status, resolve

CARD = '{"nodes":[{"id":"1","type":"file","file":"%s","x":0,"y":0,"width":9,"height":9}]}'


def _canvas_vault(root: Path, note_first: bool) -> Path:
    """``sub/Note.md``; a note linking ``[[Note.md]]`` (found by name) and a canvas whose
    card names the path ``Note.md`` (not in the vault), the note sorting before or after."""
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "Note.md").write_text("x\n")
    (root / ("a.md" if note_first else "z.md")).write_text("See [[Note.md]]\n")
    (root / "board.canvas").write_text(CARD % "Note.md")
    return root


def _assert_shortcuts_agree(vault: Vault) -> int:
    index = LinkIndex(vault)
    # The two link facts are found in one walk, by the first ask of either: here the
    # anchored links first, in ``index`` the others first.
    both = LinkIndex(vault, Counter())
    checked = 0
    every: list[str] = []  # each link's target when it resolves to another file
    for note in vault:
        alone = [resolve(vault, note, link) for link in note.links]
        every += [
            res.target
            for res in alone
            if res.status is Status.RESOLVED and res.target is not None and res.target != note.path
        ]
        pairs = list(index.of(note))
        assert [res for _, res in pairs] == alone, note.path
        assert [index.resolve(note, link) for link in note.links] == alone, note.path
        assert index.not_resolved(note) == tuple(
            (link, res) for link, res in pairs if res.status is not Status.RESOLVED or res.guessed
        )
        assert index.anchored(note) == tuple(
            (link, res) for link, res in pairs if link.headings or link.block is not None
        )
        assert both.anchored(note) == index.anchored(note), note.path
        assert both.not_resolved(note) == index.not_resolved(note), note.path
        checked += len(alone)
    # Counted in C from the resolutions' targets: the same counts, in the same order.
    assert list(index.incoming.items()) == list(Counter(every).items())
    return checked


@pytest.mark.parametrize("note_first", [True, False])
def test_a_canvas_card_names_a_path_even_when_a_note_links_that_name(
    tmp_path: Path, note_first: bool
) -> None:
    # The wikilink finds `sub/Note.md` by name; the card names a path that does not exist.
    # The memoised name lookup once answered the card too when the note came first.
    root = _canvas_vault(tmp_path / "vault", note_first)
    assert _assert_shortcuts_agree(load_vault(root)) == 2
    found = lint(root, select_rules(["LNK001"])).diagnostics
    assert as_rows(found) == [
        (
            "LNK001",
            "board.canvas",
            1,
            42,
            "Broken link: no note named `Note.md`; did you mean `Note`?",
        )
    ]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["kepano__kepano-obsidian", "OldManUmby__DND.SRD.Wiki", "foambubble__foam_docs"]
)
def test_the_link_index_shortcuts_equal_resolving_each_link_on_the_corpora(name: str) -> None:
    assert _assert_shortcuts_agree(load_vault(corpus(name))) > 100


def test_the_shortcuts_agree_on_self_links_relative_ambiguous_and_broken_links(
    tmp_path: Path,
) -> None:
    # Every way a link resolves: to itself (by name and by `#`), relatively, by exact path,
    # among several same-named notes from their folders and from elsewhere, not at all,
    # empty; and a canvas whose card and text name the same note.
    files = {
        "a/Self.md": "[[Self]] [[#H]] [[Self#H]] [[Other]] [[./Other]] [[../b/Dup]]\n# H\n",
        "a/Other.md": "[[Dup]] [[Self]] [[Gone]] [[]] [[b/Dup]] [[a/Self]]\n",
        "a/Dup.md": "[[Dup]] [[Dup]] [[Self]]\n",
        "b/Dup.md": "[[Dup]] [[Nowhere]] [Self](../a/Self.md)\n",
        "c/Dup.md": "[[Dup]] [[Self]] [[Self]]\n",
        "Root.md": "[[Dup]] [[Self]] [[Other]] [[Gone]]\n",
        "board.canvas": '{"nodes":[{"id":"1","type":"file","file":"a/Self.md","x":0,"y":0,'
        '"width":9,"height":9},{"id":"2","type":"text","text":"[[Dup]] [[Self]]","x":0,'
        '"y":0,"width":9,"height":9}]}',
    }
    root = write_vault(tmp_path / "vault", dict(files))
    assert _assert_shortcuts_agree(load_vault(root)) == 28
