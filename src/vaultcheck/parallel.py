"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.model.Note` out) and is where a cold run spends
its time, so the notes are cut into contiguous parts: this process parses the first part and
forked workers the others. Workers are forked after the inputs exist, so they read them
from their copy of this process's memory instead of a pipe; only results travel back.
The notes are identical to parsing in one process (tested).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from vaultcheck.model import Note
from vaultcheck.text import with_text, without_text

#: Below this many notes, starting workers costs more than it saves.
MIN_PARALLEL = 300

#: This process's share relative to a worker's: workers also pickle what they send back, so
#: this process takes a little more (measured best at 10,000 notes on 2 cores).
_OWN_WEIGHT = 1.2

#: The notes of the running :func:`parse_many`, for its forked workers.
_PENDING: Sequence[tuple[str, bytes]] = ()


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _parse(items: Sequence[tuple[str, bytes]]) -> list[Note]:
    from vaultcheck.parse import parse_safely

    return [parse_safely(data, path) for path, data in items]


def _parse_in_worker(bounds: tuple[int, int]) -> list[Note]:
    # The parent has the bytes: sending the text back would only double the transfer.
    return [without_text(note) for note in _parse(_PENDING[bounds[0] : bounds[1]])]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    # The parser (markdown-it, PyYAML) loads only when something needs parsing: a warm run
    # that reuses the last result never pays for it.
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in methods:
        return {note.path: note for note in _parse(items)}
    global _PENDING
    own = int(len(items) * _OWN_WEIGHT / (_OWN_WEIGHT + jobs - 1))
    size = max(1, (len(items) - own) // ((jobs - 1) * 4))
    _PENDING = items
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context) as pool:
            futures = [
                pool.submit(_parse_in_worker, (i, min(i + size, len(items))))
                for i in range(own, len(items), size)
            ]
            notes = {note.path: note for note in _parse(items[:own])}
            parsed = [note for future in futures for note in future.result()]
    except (OSError, RuntimeError):  # no processes to be had (a broken pool is one)
        return {note.path: note for note in _parse(items)}
    finally:
        _PENDING = ()
    data = dict(items)
    notes.update((note.path, with_text(note, data[note.path])) for note in parsed)
    return notes
