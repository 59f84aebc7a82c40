"""The groundwork done on each note as a cold parse makes it (``engine/asmade.py``) gives
exactly the vault indexes, link index and tag names that working them out after the parse
gives: on a hand-made vault with every kind of file, on corpora, and when only some notes
were seen as they were made."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, corpus, unreadable, write_vault
from vaultcheck.core.config import load_config
from vaultcheck.engine.asmade import AsMade
from vaultcheck.engine.run import Engine
from vaultcheck.rules.selection import select_rules
from vaultcheck.rules.tags import tag_names
from vaultcheck.vault import sources
from vaultcheck.vault.build import Vault, build_vault, read_sources
from vaultcheck.vault.linkindex import LinkIndex

FILES: dict[str, str | bytes] = {
    "a/Self.md": "---\naliases: [Me, me]\ntags: [x, X]\n---\n[[Self]] [[#H]] [[Other#H]]\n# H\n",
    "a/Other.md": "---\naliases: Solo\n---\n[[Dup]] [[Self]] [[Gone]] [[]] [[b/Dup]] #t\n",
    "a/Dup.md": "[[Dup]] [[Dup]] [[Self]] [[pic.png]] [[Hidden]] [[Me]]\n",
    "b/Dup.md": "---\naliases: [Me]\n---\n[[Dup]] [[Nowhere]] [Self](../a/Self.md) #t/u\n",
    "pic.png": b"\x89PNG",
    "bad.md": b"\xff\xfe not utf-8 [[Self]]",
    "skipped/Hidden.md": "[[Self]]\n",
    "board.canvas": '{"nodes":[{"id":"1","type":"file","file":"a/Self.md","x":0,"y":0,'
    '"width":9,"height":9},{"id":"2","type":"text","text":"[[Dup]] [[Self]]","x":0,'
    '"y":0,"width":9,"height":9}]}',
}


def _built(root: Path, jobs: int, as_made: AsMade | None = None) -> Vault:
    sources = read_sources(root, ("skipped",), True, None, frozenset())
    return build_vault(sources, None, jobs, None, as_made)


def _assert_same(root: Path, jobs: int) -> tuple[Vault, AsMade]:
    """The vault and link index built with an :class:`AsMade` equal those built without,
    and its indexes were the ones taken (so the test reads what it means to)."""
    plain = _built(root, jobs)
    as_made = AsMade(read_sources(root, ("skipped",), True, None, frozenset()))
    vault = _built(root, jobs, as_made)
    assert as_made.links is not None
    assert vault.by_path is as_made.links.vault.by_path  # taken, not made again
    assert list(vault.notes) == list(plain.notes)
    assert vault.by_name == plain.by_name and vault.by_path == plain.by_path
    assert vault.by_alias == plain.by_alias and vault.note_aliases == plain.note_aliases
    assert vault.made_aliases is None  # dropped once used
    _assert_same_links(vault, plain, as_made.link_index(vault))
    assert {path: as_made.tags[path] for path in vault.notes if path in as_made.tags} == {
        note.path: tag_names(note) for note in vault if note.path in as_made.tags
    }
    return vault, as_made


def _assert_same_links(vault: Vault, plain: Vault, index: LinkIndex) -> None:
    alone = LinkIndex(plain)
    assert index.vault is vault
    assert list(index.incoming.items()) == list(alone.incoming.items())
    for note in vault:
        other = plain.notes[note.path]
        assert [res for _, res in index.of(note)] == [res for _, res in alone.of(other)]
        assert index.not_resolved(note) == alone.not_resolved(other), note.path
        assert index.anchored(note) == alone.anchored(other), note.path


def test_every_kind_of_file_in_one_process(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", dict(FILES))
    vault, as_made = _assert_same(root, 1)
    assert vault.note_aliases == {
        "a/Other.md": ("Solo",),
        "a/Self.md": ("Me", "me"),
        "b/Dup.md": ("Me",),
    }
    assert vault.alias_owners("ME") == ("a/Self.md", "b/Dup.md")
    assert as_made.tags["a/Self.md"] == ("x", "X")
    assert set(as_made.tags) == set(vault.notes)


def test_tag_names_of_notes_sharing_valid_and_invalid_tags(tmp_path: Path) -> None:
    # Names found valid once are not checked again: a note with an invalid name among
    # known ones, and one after it with only known names, still get what tag_names gives.
    invalid = "---\ntags: [x, 123, y]\n---\n"  # 123: digits alone make no tag
    notes = {
        "a.md": "#x #y\n",
        "b.md": invalid,
        "c.md": "#y #x\n",
        "d.md": "---\ntags: [123, y]\n---\n",
    }
    for path, text in notes.items():
        (tmp_path / path).write_text(text)
    _, as_made = _assert_same(tmp_path, 1)
    assert as_made.tags == {
        "a.md": ("x", "y"),
        "b.md": ("x", "y"),
        "c.md": ("y", "x"),
        "d.md": ("y",),
    }


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["kepano__kepano-obsidian", "OldManUmby__DND.SRD.Wiki"])
def test_the_corpora_with_a_worker(name: str) -> None:
    # kepano (133 notes) is parsed here alone; DND (over 300) with a worker too, whose
    # notes are seen here as they are rebuilt.
    vault, as_made = _assert_same(corpus(name), 2)
    assert len(as_made.tags) == len(vault.notes) > 100


def test_notes_not_seen_are_worked_out_after_the_parse(tmp_path: Path) -> None:
    # As when some notes come from the cache: only two were given to AsMade.
    root = write_vault(tmp_path / "vault", dict(FILES))
    plain = _built(root, 1)
    as_made = AsMade(read_sources(root, ("skipped",), True, None, frozenset()))
    for path in ("a/Self.md", "b/Dup.md"):
        as_made(plain.notes[path])
    indexes = as_made.indexes(list(plain.notes))
    assert indexes is not None and set(indexes.made_aliases) == {"a/Self.md", "b/Dup.md"}
    vault = Vault(
        root=plain.root,
        notes=plain.notes,
        attachments=plain.attachments,
        excluded=plain.excluded,
        by_name=indexes.by_name,
        by_path=indexes.by_path,
        made_aliases=indexes.made_aliases,
    )
    assert vault.by_alias == plain.by_alias and vault.note_aliases == plain.note_aliases
    _assert_same_links(vault, plain, as_made.link_index(vault))


def test_other_paths_give_no_indexes_and_a_link_index_of_its_own(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", dict(FILES))
    plain = _built(root, 1)
    as_made = AsMade(read_sources(root, ("skipped",), True, None, frozenset()))
    as_made(plain.notes["a/Self.md"])
    assert as_made.indexes(list(plain.notes)[1:]) is None
    assert as_made.links is not None
    own = as_made.link_index(plain)
    assert own.vault is plain and own.answers is not as_made.links.answers
    assert AsMade(read_sources(root, (), True, None, frozenset())).indexes([]) is None


def test_a_note_given_bytes_after_it_could_not_be_read_stays_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine keeps such a note unread (``with_file``): its parsed note, seen as it was
    # made, must not lend the vault its alias, nor a link into a.md.
    root = write_vault(tmp_path / "vault", {"a.md": "[[b]] [[Al]]\n", "b.md": "x\n"})
    real = sources.read_file
    unreadable(monkeypatch, "b.md")
    engine = Engine(root, select_rules(["ALL"]), load_config(root))
    engine.lint()
    monkeypatch.setattr(sources, "read_file", real)
    found = engine.change("b.md", b"---\naliases: [Al]\n---\n[[a]] #t\n")
    assert as_rows(found) == [
        ("GR002", "a.md", 1, 1, "No backlinks: no other note links here"),
        ("LNK001", "a.md", 1, 7, "Broken link: no note named `Al`"),
        ("VC003", "b.md", 1, 1, "Cannot read: Permission denied"),
    ]
