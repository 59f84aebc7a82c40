"""Parsing on several cores gives exactly the notes of one core, in the same order, even when
a worker dies or breaks."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.test_flatnote import RICH
from vaultcheck.core.model import Note
from vaultcheck.parse import parallel
from vaultcheck.parse.chunkpipe import chunk_message
from vaultcheck.parse.flatnote import flatten
from vaultcheck.parse.flatrestore import unflatten
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.parallel import parse_many
from vaultcheck.parse.sharednote import Shared
from vaultcheck.parse.text import without_text


def _items() -> list[tuple[str, bytes]]:
    items = [
        (
            f"n{i:03}.md",
            f"---\ntags: [t{i}]\n---\n# H{i}\n\n[[n{i + 1}]] caf\u00c3\u00a9 ^b{i}\r\n".encode(),
        )
        for i in range(400)
    ]
    # Unusual notes last: workers take chunks from the back, so a worker parses them.
    return [
        *items,
        ("z/rich.md", RICH.encode()),
        ("z/list.md", b"---\n- a\n---\n"),
        ("z/broken.md", b"---\nkey: [unclosed\n---\n"),
        ("z/latin1.md", b"caf\xe9 [[A]]\n"),
        ("z/binary.md", b"\x00\x01"),
    ]


def _serial(items: list[tuple[str, bytes]]) -> dict[str, Note]:
    return {path: parse_note(data, path) for path, data in items}


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_parsing_gives_identical_notes_in_order(jobs: int) -> None:
    items = _items()
    parsed = parse_many(items, jobs=jobs)
    assert parsed == _serial(items)
    assert list(parsed) == [path for path, _ in items]


def test_a_worker_that_dies_only_means_its_chunks_are_parsed_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = os.getpid()
    real_parse = parallel._parse

    def dying(items: list[tuple[str, bytes]], *shared: Shared) -> list[Note]:
        if os.getpid() != parent:
            os._exit(9)  # killed after taking its first chunk, before sending anything
        return real_parse(items, *shared)

    monkeypatch.setattr(parallel, "_parse", dying)
    items = _items()
    assert parse_many(items, jobs=2) == _serial(items)


def test_a_worker_that_fails_to_send_is_quiet_and_its_chunk_parsed_here(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    parent = os.getpid()
    real_flatten = parallel.flatten

    def failing(notes: list[Note]) -> tuple[object, ...]:
        if os.getpid() != parent:
            raise ValueError("cannot send")
        return real_flatten(notes)

    monkeypatch.setattr(parallel, "flatten", failing)
    items = _items()
    assert parse_many(items, jobs=2) == _serial(items)
    assert capfd.readouterr().err == ""


def test_an_interrupted_parse_leaves_no_worker_and_prints_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    parent = os.getpid()
    real_parse = parallel._parse

    def interrupted(items: list[tuple[str, bytes]], *shared: Shared) -> list[Note]:
        if os.getpid() == parent:
            raise KeyboardInterrupt  # Ctrl-C while this process parses its first chunk
        return real_parse(items, *shared)

    monkeypatch.setattr(parallel, "_parse", interrupted)
    threads = threading.active_count()
    with pytest.raises(KeyboardInterrupt):
        parse_many(_items(), jobs=2)
    assert multiprocessing.active_children() == []
    deadline = time.monotonic() + 5
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.01)  # the receiving thread ends once its pipes are closed
    assert threading.active_count() == threads
    assert capfd.readouterr().err == ""


ORPHAN_SCRIPT = """
import multiprocessing, os, signal
from vaultcheck.parse import parallel
from vaultcheck.parse.chunkpipe import chunk_message

parent = os.getpid()
real_parse = parallel._parse

def killed(items, *shared):
    if os.getpid() == parent:  # the parent dies (kill -9, the OOM killer) mid-parse
        print(*[p.pid for p in multiprocessing.active_children()], flush=True)
        os.kill(parent, signal.SIGKILL)
    return real_parse(items, *shared)

parallel._parse = killed
notes = [(f"n{i}.md", (f"# H{i}\\n\\n" + f"[[n{i}]] text " * 200).encode()) for i in range(2000)]
parallel.parse_many(notes, jobs=2)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_a_worker_whose_parent_is_killed_exits_instead_of_hanging(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(ORPHAN_SCRIPT)
    output = tmp_path / "out.txt"
    with output.open("w") as out:  # a file, not a pipe: a hung worker would hold a pipe open
        returncode = subprocess.run(
            [sys.executable, str(script)], stdout=out, timeout=60
        ).returncode
    assert returncode == -signal.SIGKILL
    worker = int(output.read_text().split()[0])
    deadline = time.monotonic() + 20
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    hung = _running(worker)
    if hung:
        os.kill(worker, signal.SIGKILL)  # leave nothing behind when the test fails
    assert not hung


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_release_gets_every_note_with_its_bytes_and_the_items_are_emptied(jobs: int) -> None:
    items = _items()
    given: list[tuple[str, bytes]] = list(items)
    released: dict[str, bytes] = {}

    def release(note: Note, data: bytes) -> None:
        released[note.path] = data

    parsed = parse_many(given, jobs=jobs, release=release)
    assert parsed == _serial(items)
    assert released == dict(items)
    assert given == [None] * len(items)  # the parse held the last references to the bytes


def _laughs(depth: int) -> bytes:
    """Frontmatter whose last property, through YAML aliases, holds 10**depth strings."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, depth + 1)]
    return ("---\n" + "\n".join(lines) + "\n---\ntext\n").encode()


def test_a_worker_sends_what_yaml_aliases_share_once() -> None:
    # Pickled without a memo, a million shared strings would be written out one by one (74 MB).
    note = parse_note(_laughs(6), "laughs.md")
    message = chunk_message(0, flatten([note]))
    assert len(message) < 20_000
    index, flat = pickle.loads(message)
    (back,) = unflatten(flat)
    assert index == 0 and back == without_text(note)
    assert back.frontmatter and back.frontmatter.entries[-1].value[0] is not None
    items = [(f"n{i}.md", _laughs(3)) for i in range(parallel.MIN_PARALLEL)]
    assert parse_many(items, jobs=2) == _serial(items)


def test_a_chunk_that_cannot_be_pickled_without_a_memo_is_pickled_with_one() -> None:
    loop: list[object] = []
    loop.append(loop)  # a cycle: pickling it without a memo fails
    index, flat = pickle.loads(chunk_message(7, ("n.md", loop)))
    assert index == 7 and flat[1][0] is flat[1]


def _shares_offsets(notes: list[Note]) -> bool:
    """Whether the equal link offsets of ``notes`` (all past Python's cached ints) are one
    object (a worker's notes share them from SHARE_FROM on; notes parsed here do not)."""
    starts = [note.links[0].span.start for note in notes]
    assert len(set(starts)) == 1 and starts[0] > 256
    return all(start is starts[0] for start in starts)


def _shares_line_starts(notes: list[Note]) -> bool:
    """Whether the equal last line starts of ``notes`` (past Python's cached ints) are one
    object, as receiving notes or sharing line starts here makes them."""
    starts = [note.line_starts[-1] for note in notes]
    assert len(set(starts)) == 1 and starts[0] > 256
    return all(start is starts[0] for start in starts)


def _record_parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the notes this process parses, as it parses them (a forked worker records
    in its own copy of the list): which chunks a worker takes depends on the scheduler, and a
    worker the scheduler favours can take any chunk, the first too."""
    parsed_here: list[str] = []
    parse_chunk = parallel._parse

    def recording(chunk: Sequence[tuple[str, bytes]], shared: Shared | None = None) -> list[Note]:
        parsed_here.extend(path for path, _ in chunk)
        return parse_chunk(chunk, shared)

    monkeypatch.setattr(parallel, "_parse", recording)
    return parsed_here


@pytest.mark.parametrize("jobs", [1, 2])
def test_notes_parsed_here_share_line_starts_from_a_number_of_notes_on(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    items = [(f"n{i:03}.md", f"{'x' * 300} [[n{i + 1:03}]]\n".encode()) for i in range(400)]
    parsed_here = _record_parsed_here(monkeypatch)
    monkeypatch.setattr(parallel, "SHARE_FROM", len(items) + 1)
    parsed = parse_many(items, jobs=jobs)
    assert parsed == _serial(items)
    assert len(parsed_here) == len(items) if jobs == 1 else len(parsed_here) <= len(items)
    assert not _shares_line_starts(list(parsed.values()))  # a worker's notes' neither
    parsed_here.clear()
    monkeypatch.setattr(parallel, "SHARE_FROM", len(items))
    parsed = parse_many(items, jobs=jobs)
    assert parsed == _serial(items)
    assert _shares_line_starts(list(parsed.values()))  # with the worker's, when there is one
    # The rest of a note's ints are kept as parsed here; a worker's notes share them (their
    # spans' ints through the memo: the 50,000-note peak stays under 1 GB).
    here = [parsed[path] for path in parsed_here]
    from_worker = [note for path, note in parsed.items() if path not in set(parsed_here)]
    if len(here) > 1:
        assert not _shares_offsets(here)
    if len(from_worker) > 1:
        assert _shares_offsets(from_worker)


@pytest.mark.parametrize("share", [False, True])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_store_gets_every_chunk_flat_with_its_paths(
    monkeypatch: pytest.MonkeyPatch, jobs: int, share: bool
) -> None:
    """Given ``store``, every chunk comes out once, pickled as a worker sends it (a worker's
    as it came, this process's flattened), with the paths of its notes; the notes are those
    of one process, sharing their line starts from the same number on."""
    items = [(f"n{i:03}.md", f"{'x' * 300} [[n{i + 1:03}]]\n".encode()) for i in range(400)]
    items += _items()[-5:]  # the unusual notes, last: a worker's when there is one
    monkeypatch.setattr(parallel, "SHARE_FROM", len(items) if share else len(items) + 1)
    parsed_here = _record_parsed_here(monkeypatch)
    stored: list[tuple[list[str], bytes]] = []
    parsed = parse_many(
        list(items), jobs=jobs, store=lambda paths, blob: stored.append((paths, blob))
    )
    assert parsed == _serial(items)
    assert sorted(path for paths, _ in stored for path in paths) == sorted(dict(items))
    for paths, blob in stored:
        _, flat = pickle.loads(blob)
        assert unflatten(flat) == [without_text(parsed[path]) for path in paths]
    assert len(parsed_here) == len(items) if jobs == 1 else len(parsed_here) <= len(items)
    alike = [path for path in parsed_here if path.startswith("n")]  # not the unusual five
    if len(alike) > 1:  # with two processes, this one parses 100 to 300 (measured)
        assert _shares_line_starts([parsed[path] for path in alike]) is share
