"""Notes as the notes cache stores them (flat): loaded back they are the notes parsed, and a
stored note of the wrong shape or with a planted pickle inside is parsed again, never run."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.conftest import corpus
from tests.test_cache import _generated_vault
from tests.test_flatnote import RICH, _samples
from vaultcheck.core.config import load_config
from vaultcheck.core.model import Note
from vaultcheck.engine.run import lint
from vaultcheck.parse.flatnote import flatten
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.parallel import MIN_PARALLEL
from vaultcheck.parse.sharednote import Shared
from vaultcheck.parse.text import without_text
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.sources import read_sources
from vaultcheck.vault.storednotes import cached_note, store_note, stored_note

HASH = b"h" * 16

#: Where a flat chunk holds its property values.
_VALUES = 13


def _stored(note: Note) -> dict[str, tuple[bytes, bytes]]:
    return {note.path: (HASH, store_note(note))}


@pytest.mark.parametrize("note", _samples(), ids=lambda n: n.path)
def test_a_stored_note_comes_back_the_same(note: Note) -> None:
    cached = _stored(note)
    assert cached_note(cached, note.path, HASH) == without_text(note)
    if note.text or note.skipped_size is not None:
        data = note.text.encode("utf-8") if note.skipped_size is None else b"x" * 100
        if note.encoding_problem is None:
            assert stored_note(cached, note.path, HASH, data, Shared()) == note


def test_every_note_of_a_corpus_comes_back_the_same() -> None:
    sources = read_sources(corpus("kepano__kepano-obsidian"))
    shared = Shared()
    for path, data in sources.data.items():
        note = parse_note(data, path)
        back = stored_note(_stored(note), path, HASH, data, shared)
        assert back == note, path
        assert back is not None and back.line_starts == note.line_starts


def test_a_latin1_note_comes_back_from_its_bytes() -> None:
    data = b"caf\xe9 and [[A]]\n"
    note = parse_note(data, "latin1.md")
    assert note.encoding_problem is not None
    assert stored_note(_stored(note), "latin1.md", HASH, data, Shared()) == note


def test_another_hash_or_path_is_not_the_stored_note() -> None:
    note = parse_note(RICH.encode(), "rich.md")
    cached = _stored(note)
    assert stored_note(cached, "rich.md", b"other" * 4, RICH.encode(), Shared()) is None
    assert stored_note({"other.md": cached["rich.md"]}, "other.md", HASH, b"", Shared()) is None


class Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch PWNED",))


def test_a_planted_property_value_cannot_run_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Property values that are containers are pickled on their own inside a stored note;
    those are loaded with the cache's allow-list too."""
    monkeypatch.chdir(tmp_path)
    note = parse_note(RICH.encode(), "rich.md")
    flat = flatten([note])
    values = _VALUES
    assert flat[values][0] == ["Other name"]  # the aliases, planted over
    planted = ((pickle.dumps(Exploit()),), *flat[values][1:])  # as a value pickled by itself
    flat = (*flat[:values], planted, *flat[values + 1 :])
    cached = {"rich.md": (HASH, pickle.dumps(flat))}
    assert stored_note(cached, "rich.md", HASH, RICH.encode(), Shared()) is None
    assert cached_note(cached, "rich.md", HASH) is None
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"not a pickle",
        pickle.dumps(("rich.md",)),
        pickle.dumps(("rich.md", *range(13))),
        pickle.dumps(["rich.md"]),
        pickle.dumps(Exploit()),
    ],
)
def test_a_stored_note_of_the_wrong_shape_is_parsed_again(
    blob: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cached = {"rich.md": (HASH, blob)}
    assert stored_note(cached, "rich.md", HASH, RICH.encode(), Shared()) is None
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("reuse_result", [True, False])
def test_notes_stored_while_two_processes_parse_are_the_notes_parsed(
    tmp_path: Path, reuse_result: bool
) -> None:
    """A cold run with the cache on two processes stores every note of the vault (the
    worker's, rebuilt here, and its own), each as it parses alone. ``reuse_result`` off (the
    fixer's runs) reads the notes in full instead of through their stamps."""
    root = _generated_vault(tmp_path / "vault", MIN_PARALLEL + 100)
    cache = Cache(tmp_path / "cache")
    config = load_config(root)
    lint(root, select_rules(["ALL"]), config=config, cache=cache, jobs=2, reuse_result=reuse_result)
    stored = cache.load_notes()
    sources = read_sources(root)
    assert sorted(stored) == sorted(sources.data)
    shared = Shared()
    for path, data in sources.data.items():
        back = stored_note(stored, path, sources.digests[path], data, shared)
        assert back == parse_note(data, path), path
