"""Stamps (``vault/stamps.py``): a note whose file kept its size, times and inode is not read
again, and a run that trusts them gives exactly the findings of a run without a cache."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from tests.conftest import write_vault
from tests.test_incremental import EDITS, MORE_NOTES, NOTES, rows, run
from vaultcheck.vault import stamps
from vaultcheck.vault.cache import Cache, digest
from vaultcheck.vault.sources import read_sources
from vaultcheck.vault.stamps import NoteBytes, read_with_status

#: Longer than the coarsest clock tick file times are taken from (Linux: one jiffy).
TICK = 0.03


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust every stamp at once (the tests wait a tick after each run instead)."""
    monkeypatch.setattr(stamps, "SETTLED_NS", 0)


def _bytes(root: Path, table: dict[str, object] | None) -> NoteBytes:
    data = read_sources(root, stamps=table or {}).data
    assert isinstance(data, NoteBytes)
    return data


@pytest.mark.usefixtures("settled_at_once")
def test_unchanged_notes_are_not_read(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "# B\n", "c/d.md": "text\n"})
    first = _bytes(root, None)
    assert first.unread == 0 and set(first.table) == {"a.md", "b.md", "c/d.md"}
    time.sleep(TICK)
    (root / "b.md").write_text("# B changed\n", "utf-8")
    second = _bytes(root, dict(first.table))
    assert second.unread == 2  # a.md and c/d.md: their stamps did not move
    assert list(second) == ["a.md", "b.md", "c/d.md"]
    assert second.digests == {p: digest((root / p).read_bytes()) for p in second}
    assert second["a.md"] == b"[[b]]\n" and second.unread == 1  # read when asked for


@pytest.mark.usefixtures("settled_at_once")
def test_same_size_and_restored_time_is_still_a_change(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "# B\n"})
    table = dict(_bytes(root, None).table)
    time.sleep(TICK)
    before = os.stat(root / "a.md")
    (root / "a.md").write_text("[[c]]\n", "utf-8")  # same size
    os.utime(root / "a.md", ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r`
    after = _bytes(root, table)
    assert after.digests["a.md"] == digest(b"[[c]]\n")  # the status-change time moved


def test_a_note_changed_just_before_the_run_keeps_no_stamp(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "x\n"})
    assert _bytes(root, None).table == {}  # written now: a later write could share its stamp


@pytest.mark.usefixtures("settled_at_once")
def test_a_note_written_after_its_stamp_was_taken_gives_its_new_hash(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "old\n"})
    table = dict(_bytes(root, None).table)
    stamp, _ = table["a.md"]  # type: ignore[misc]
    table["a.md"] = (stamp, digest(b"other\n"))  # as if written between stat and read
    data = _bytes(root, table)
    assert data.digests["a.md"] == digest(b"other\n") and data.unread == 1
    assert data["a.md"] == b"old\n"
    assert data.digests["a.md"] == digest(b"old\n") and "a.md" not in data.table


@pytest.mark.usefixtures("settled_at_once")
def test_entries_of_another_shape_are_ignored(tmp_path: Path) -> None:
    root = write_vault(tmp_path, {"a.md": "x\n", "b.md": "y\n"})
    good = dict(_bytes(root, None).table)
    stamp, _ = good["b.md"]  # type: ignore[misc]
    data = _bytes(root, {"a.md": "junk", "b.md": (stamp, "not bytes")})
    assert data.unread == 0 and data.digests["b.md"] == digest(b"y\n")


@pytest.mark.usefixtures("settled_at_once")
def test_a_cached_run_after_editing_a_linked_note_is_the_full_runs_report(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    cache = Cache(tmp_path / "cache")
    run(root, None, cache)
    time.sleep(TICK)
    beta = root / "Beta.md"  # Home and Gamma link to its headings
    beta.write_text(beta.read_text("utf-8").replace("## Method", "## Approach"), "utf-8")
    changed = run(root, None, cache)
    assert changed.vault is None and 0 < changed.checked < 7  # incremental, from stamps
    assert rows(changed) == rows(run(root, None, None))
    assert ("Home.md", "LNK003") in {(d.path, d.code) for d in changed.diagnostics}
    assert set(cache.load_stamps()) == {p for p in NOTES if p.endswith(".md")}


@pytest.mark.usefixtures("settled_at_once")
@pytest.mark.parametrize("seed", range(3))
def test_random_edits_with_stamps_give_the_findings_of_a_full_run(
    tmp_path: Path, seed: int
) -> None:
    root = write_vault(tmp_path / "vault", {**NOTES, **MORE_NOTES})
    cache = Cache(tmp_path / "cache")
    rand = random.Random(seed)
    notes = sorted(p for p in {**NOTES, **MORE_NOTES} if p.endswith(".md") and "Excluded" not in p)
    run(root, None, cache)
    for _ in range(15):
        time.sleep(TICK)
        for path in rand.sample(notes, rand.choice([1, 1, 2])):
            target = root / path
            edited = rand.choice(EDITS)(target.read_bytes().decode("utf-8", "replace"), rand)
            target.write_bytes(edited.encode("utf-8") if isinstance(edited, str) else edited)
        assert rows(run(root, None, cache)) == rows(run(root, None, None))
        assert cache.load_stamps()  # the stamps were in use


def test_a_file_is_read_whole_with_the_status_taken_before(tmp_path: Path) -> None:
    """``read_with_status`` reads with one ``read`` of the size ``fstat`` gives, and to the
    end when the size was wrong: a file the system sizes as 0 (``/proc``) is read whole too."""
    empty, big = tmp_path / "empty.md", tmp_path / "big.md"
    empty.write_bytes(b"")
    content = os.urandom(3 << 20)
    big.write_bytes(content)
    assert read_with_status(str(empty))[1] == b""
    status, data = read_with_status(str(big))
    assert data == content and status.st_size == len(content)
    proc = Path("/proc/self/cmdline")
    if proc.is_file():
        status, data = read_with_status(str(proc))
        assert status.st_size == 0 and data == proc.read_bytes() and data
    with pytest.raises(IsADirectoryError) as caught:
        read_with_status(str(tmp_path))
    assert caught.value.strerror == "Is a directory"
    with pytest.raises(FileNotFoundError):
        read_with_status(str(tmp_path / "gone.md"))
