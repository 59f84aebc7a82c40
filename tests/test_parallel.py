"""Parsing on several cores gives exactly the notes of one core, in the same order, even when
a worker dies or breaks."""

from __future__ import annotations

import os

import pytest

from tests.test_flatnote import RICH
from vaultcheck import parallel
from vaultcheck.model import Note
from vaultcheck.parallel import parse_many
from vaultcheck.parse import parse_note


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

    def dying(items: list[tuple[str, bytes]]) -> list[Note]:
        if os.getpid() != parent:
            os._exit(9)  # killed after taking its first chunk, before sending anything
        return real_parse(items)

    monkeypatch.setattr(parallel, "_parse", dying)
    items = _items()
    assert parse_many(items, jobs=2) == _serial(items)


def test_a_worker_that_fails_to_send_is_quiet_and_its_chunk_parsed_here(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    parent = os.getpid()
    real_flatten = parallel.flatten

    def failing(note: Note) -> tuple[object, ...]:
        if os.getpid() != parent:
            raise ValueError("cannot send")
        return real_flatten(note)

    monkeypatch.setattr(parallel, "flatten", failing)
    items = _items()
    assert parse_many(items, jobs=2) == _serial(items)
    assert capfd.readouterr().err == ""
