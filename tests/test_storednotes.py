"""Notes as the notes cache stores them (flat, in chunks): loaded back they are the notes
parsed, whole chunks or one note at a time, and a stored chunk of the wrong shape or with a
planted pickle inside is parsed again, never run."""

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
from vaultcheck.parse.chunkpipe import chunk_message
from vaultcheck.parse.flatnote import flatten
from vaultcheck.parse.flatpick import pick
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.parallel import MIN_PARALLEL
from vaultcheck.parse.sharednote import Shared
from vaultcheck.parse.text import without_text
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.sources import read_sources
from vaultcheck.vault.storednotes import StoredNotes

HASH = b"h" * 16

#: Where a flat chunk holds its property values.
_VALUES = 12


def _store(notes: list[Note]) -> StoredNotes:
    """``notes`` stored as one chunk, saved and loaded back as bytes would be."""
    stored = StoredNotes()
    stored.add_notes(notes, {note.path: HASH for note in notes})
    return StoredNotes(dict(stored.entries), list(stored.chunks))


def _stored(note: Note) -> StoredNotes:
    return _store([note])


def stored_note(stored: StoredNotes, path: str, wanted: bytes, data: bytes) -> Note | None:
    return stored.notes([(path, wanted, data)], Shared()).get(path)


def _data(note: Note) -> bytes | None:
    """Bytes that give ``note`` back, or ``None`` when the note cannot be made from any."""
    if note.encoding_problem is not None or note.internal_error or note.unread:
        return None
    return note.text.encode("utf-8") if note.skipped_size is None else b"x" * 100


def test_every_note_of_a_chunk_is_its_slice_of_the_chunk() -> None:
    """``pick`` gives exactly what flattening the one note gives, for every field (the
    samples) and every note of a real corpus in the chunks a parse makes."""
    notes = _samples()
    flat = flatten(notes)
    for index, note in enumerate(notes):
        assert pick(flat, index) == flatten([note]), note.path
    sources = read_sources(corpus("kepano__kepano-obsidian"))
    parsed = [parse_note(data, path) for path, data in sources.data.items()]
    for start in range(0, len(parsed), 100):
        chunk = parsed[start : start + 100]
        flat = flatten(chunk)
        for index, note in enumerate(chunk):
            assert pick(flat, index) == flatten([note]), note.path


@pytest.mark.parametrize("note", _samples(), ids=lambda n: n.path)
def test_a_stored_note_comes_back_the_same(note: Note) -> None:
    stored = _stored(note)
    assert stored.bare(note.path, HASH) == without_text(note)
    data = _data(note)
    if data is not None:
        assert stored_note(stored, note.path, HASH, data) == note


def test_notes_come_back_from_a_chunk_whole_or_one_by_one() -> None:
    notes = [note for note in _samples() if _data(note) is not None]
    stored = _store(notes)
    wanted = [(note.path, HASH, _data(note) or b"") for note in notes]
    assert stored.notes(wanted, Shared()) == {note.path: note for note in notes}
    for some in (wanted[:1], wanted[1:3], wanted[-1:]):
        assert stored.notes(some, Shared()) == {path: n for path, n in _by_path(notes, some)}
    for note in notes:
        assert stored.bare(note.path, HASH) == without_text(note)


def _by_path(notes: list[Note], wanted: list[tuple[str, bytes, bytes]]) -> list[tuple[str, Note]]:
    paths = {path for path, _, _ in wanted}
    return [(note.path, note) for note in notes if note.path in paths]


def test_every_note_of_a_corpus_comes_back_the_same() -> None:
    sources = read_sources(corpus("kepano__kepano-obsidian"))
    parsed = [parse_note(data, path) for path, data in sources.data.items()]
    stored = StoredNotes()
    for start in range(0, len(parsed), 100):
        stored.add_notes(parsed[start : start + 100], {note.path: HASH for note in parsed})
    wanted = [(path, HASH, data) for path, data in sources.data.items()]
    back = stored.notes(wanted, Shared())
    assert back == {note.path: note for note in parsed}
    for note in parsed:
        assert back[note.path].line_starts == note.line_starts
        assert stored_note(stored, note.path, HASH, sources.data[note.path]) == note


def test_a_latin1_note_comes_back_from_its_bytes() -> None:
    data = b"caf\xe9 and [[A]]\n"
    note = parse_note(data, "latin1.md")
    assert note.encoding_problem is not None
    assert stored_note(_stored(note), "latin1.md", HASH, data) == note


def test_another_hash_or_path_is_not_the_stored_note() -> None:
    note = parse_note(RICH.encode(), "rich.md")
    stored = _stored(note)
    assert stored_note(stored, "rich.md", b"other" * 4, RICH.encode()) is None
    assert stored.bare("rich.md", b"other" * 4) is None
    moved = StoredNotes({"other.md": stored.entries["rich.md"]}, stored.chunks)
    assert stored_note(moved, "other.md", HASH, RICH.encode()) is None
    assert moved.bare("other.md", HASH) is None


def test_notes_carried_to_a_new_file_keep_their_chunk_while_most_of_it_is_wanted() -> None:
    notes = [parse_note(f"# N{i}\n[[N{i + 1}]]\n".encode(), f"n{i}.md") for i in range(10)]
    digests = {note.path: HASH for note in notes}
    older = _store(notes)
    wanted = [(note.path, HASH, note.text.encode()) for note in notes]
    assert len(older.notes(wanted, Shared())) == 10
    by_path = {note.path: note for note in notes}
    most, few = [note.path for note in notes[:6]], [note.path for note in notes[:4]]
    kept = StoredNotes()
    kept.carry(older, most, by_path, digests)
    assert kept.chunks == older.chunks  # the same bytes, not pickled again
    restored = StoredNotes()
    restored.carry(older, few, by_path, digests)
    assert restored.chunks != older.chunks and len(restored.chunks) == 1
    for stored, paths in ((kept, most), (restored, few)):
        assert sorted(stored.entries) == sorted(paths)
        again = StoredNotes(stored.entries, stored.chunks)
        back = again.notes(wanted, Shared())
        assert back == {path: by_path[path] for path in paths}


class Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch PWNED",))


def test_a_planted_property_value_cannot_run_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Property values that are containers are pickled on their own inside a stored chunk;
    those are loaded with the cache's allow-list too."""
    monkeypatch.chdir(tmp_path)
    note = parse_note(RICH.encode(), "rich.md")
    flat = flatten([note])
    values = _VALUES
    assert flat[values][0] == ["Other name"]  # the aliases, planted over
    planted = ((pickle.dumps(Exploit()),), *flat[values][1:])  # as a value pickled by itself
    flat = (*flat[:values], planted, *flat[values + 1 :])
    stored = StoredNotes({"rich.md": (HASH, 0, 0)}, [chunk_message(0, flat)])
    assert stored_note(stored, "rich.md", HASH, RICH.encode()) is None
    assert stored.bare("rich.md", HASH) is None
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"not a pickle",
        pickle.dumps(("rich.md",)),
        pickle.dumps((0, ("rich.md", *range(13)))),
        pickle.dumps((0, (("rich.md",), *range(20)))),
        pickle.dumps(["rich.md"]),
        pickle.dumps(Exploit()),
        pickle.dumps((0, Exploit())),
    ],
)
def test_a_stored_chunk_of_the_wrong_shape_is_parsed_again(
    blob: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stored = StoredNotes({"rich.md": (HASH, 0, 0)}, [blob])
    assert stored_note(stored, "rich.md", HASH, RICH.encode()) is None
    assert stored.bare("rich.md", HASH) is None
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "entry", [(HASH, 1, 0), (HASH, 0, 1), (HASH, 0, -1), (HASH, "0", 0), (HASH, 0), "x", None]
)
def test_an_entry_of_the_wrong_shape_is_parsed_again(entry: object) -> None:
    good = _stored(parse_note(RICH.encode(), "rich.md"))
    stored = StoredNotes({"rich.md": entry}, good.chunks)
    assert stored_note(stored, "rich.md", HASH, RICH.encode()) is None
    assert stored.bare("rich.md", HASH) is None


@pytest.mark.parametrize("reuse_result", [True, False])
@pytest.mark.parametrize("jobs", [1, 2])
def test_notes_stored_by_a_cold_run_are_the_notes_parsed(
    tmp_path: Path, reuse_result: bool, jobs: int
) -> None:
    """A cold run with the cache stores every note of the vault (on two processes, the
    worker's chunks as they came and its own), each as it parses alone. ``reuse_result``
    off (the fixer's runs) reads the notes in full instead of through their stamps."""
    root = _generated_vault(tmp_path / "vault", MIN_PARALLEL + 100)
    cache = Cache(tmp_path / "cache")
    config = load_config(root)
    lint(
        root,
        select_rules(["ALL"]),
        config=config,
        cache=cache,
        jobs=jobs,
        reuse_result=reuse_result,
    )
    stored = StoredNotes(*cache.load_notes())
    sources = read_sources(root)
    assert sorted(stored.entries) == sorted(sources.data)
    assert len(stored.chunks) == -(-len(sources.data) // 100)
    wanted = [(path, sources.digests[path], data) for path, data in sources.data.items()]
    back = stored.notes(wanted, Shared())
    for path, data in sources.data.items():
        assert back[path] == parse_note(data, path), path
        assert stored.bare(path, sources.digests[path]) == without_text(back[path])


def test_a_rewritten_notes_file_holds_the_notes_of_the_vault_as_changed(tmp_path: Path) -> None:
    """Enough edits rewrite the notes file: unchanged notes keep their stored chunks (or are
    stored anew where most of a chunk changed), changed and new notes are stored, removed
    notes are gone; loaded back, every note is the one parsed from its file now."""
    root = _generated_vault(tmp_path / "vault", MIN_PARALLEL + 100)
    cache = Cache(tmp_path / "cache")
    config = load_config(root)
    rules = select_rules()
    lint(root, rules, config=config, cache=cache, jobs=2)
    before = StoredNotes(*cache.load_notes())
    paths = sorted(read_sources(root).data)
    # Every fifth note, and two thirds of the first chunk's, changed; three removed, one added.
    for number, path in enumerate(paths):
        if number % 5 == 0 or (number < 100 and number % 3):
            with (root / path).open("a", encoding="utf-8") as note:
                note.write(f"\nedited [[{paths[0][:-3]}]] #edited\n")
    for path in paths[-3:]:
        (root / path).unlink()
    (root / "new note.md").write_text("# New\n[[nowhere]]\n", encoding="utf-8")
    lint(root, rules, config=config, cache=cache, jobs=2)
    after = StoredNotes(*cache.load_notes())
    sources = read_sources(root)
    assert sorted(after.entries) == sorted(sources.data)
    first, later = before.entries[paths[3]][1], before.entries[paths[201]][1]
    assert before.chunks[first] not in after.chunks  # a third wanted: stored anew
    assert before.chunks[later] in after.chunks  # four fifths wanted: kept as it was
    wanted = [(path, sources.digests[path], data) for path, data in sources.data.items()]
    back = after.notes(wanted, Shared())
    assert back == {path: parse_note(data, path) for path, data in sources.data.items()}
