"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.model.Note` out) and is where a cold run spends
its time, so the notes are cut into contiguous parts: this process parses the first part and
forked workers the others. Workers are forked after the inputs exist, so they read them
from their copy of this process's memory instead of a pipe; only results travel back, as
plain tuples (:mod:`vaultcheck.flatnote`). The notes are identical to parsing in one process
(tested).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from vaultcheck.flatnote import FlatNote, flatten, unflatten
from vaultcheck.model import Note
from vaultcheck.text import with_text

#: Below this many notes, starting workers costs more than it saves.
MIN_PARALLEL = 300

#: Notes per piece of work: small enough that whoever finishes first waits little for the
#: others, large enough that handing pieces out costs next to nothing.
_CHUNK = 100

#: The interpreter's thread switch interval while workers send results. The thread that
#: receives them reads the pipe 64 KiB at a time and needs the GIL after each read; at the
#: default 5 ms, waiting for it stalled each worker about 0.2 s per 2.5 MB it sent.
_SWITCH_INTERVAL = 0.0005

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


def _parse_in_worker(bounds: tuple[int, int]) -> list[FlatNote]:
    # The parent has the bytes: sending the text back would only double the transfer.
    return [flatten(note) for note in _parse(_PENDING[bounds[0] : bounds[1]])]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    # The parser (markdown-it, PyYAML) loads only when something needs parsing: a warm run
    # that reuses the last result never pays for it.
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in methods:
        return {note.path: note for note in _parse(items)}
    global _PENDING
    chunks = [(i, min(i + _CHUNK, len(items))) for i in range(0, len(items), _CHUNK)]
    parts: dict[tuple[int, int], list[Note]] = {}
    data = dict(items)
    _PENDING = items
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context) as pool:
            # Workers take chunks from the end, this process from the start. A chunk no
            # worker has started yet can be cancelled and parsed here instead, so the two
            # sides meet wherever their speeds put them, and neither waits long for the other.
            futures = {bounds: pool.submit(_parse_in_worker, bounds) for bounds in chunks[::-1]}
            for start, end in chunks:
                if not futures[start, end].cancel():
                    break
                parts[start, end] = _parse(items[start:end])
                _receive(futures, parts, data, wait=False)
            _receive(futures, parts, data, wait=True)
    except (OSError, RuntimeError):  # no processes to be had (a broken pool is one)
        return {note.path: note for note in _parse(items)}
    finally:
        _PENDING = ()
        sys.setswitchinterval(switch_interval)
    return {note.path: note for bounds in chunks for note in parts[bounds]}


def _receive(
    futures: dict[tuple[int, int], Future[list[FlatNote]]],
    parts: dict[tuple[int, int], list[Note]],
    data: dict[str, bytes],
    wait: bool,
) -> None:
    """Put the notes of the workers' finished chunks (all of them, if ``wait``) in ``parts``."""
    for bounds, future in futures.items():
        if bounds in parts or not (wait or future.done()):
            continue
        parts[bounds] = [_restore(flat, data) for flat in future.result()]


def _restore(flat: FlatNote, data: dict[str, bytes]) -> Note:
    note = unflatten(flat)
    return with_text(note, data[note.path])
