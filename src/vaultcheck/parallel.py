"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.model.Note` out) and is where a cold run spends
its time, so the notes are cut into contiguous parts: this process parses the first part and
forked workers the others. Workers are forked after the inputs exist, so they read them
from their copy of this process's memory instead of a pipe; only results travel back.
Results come back in item order, identical to working in one process (tested).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from vaultcheck.model import Note
from vaultcheck.text import with_text, without_text

#: Below this many items, starting workers costs more than it saves.
MIN_PARALLEL = 300

#: This process's share relative to a worker's: measured best at 10,000 notes on 2 cores.
_OWN_WEIGHT = 1.2

T = TypeVar("T")
R = TypeVar("R")

#: The task and items of the running :func:`fork_map`, for its forked workers.
_TASK: tuple[Callable[[Sequence[Any]], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _run_part(bounds: tuple[int, int]) -> Any:
    assert _TASK is not None
    task, items = _TASK
    return task(items[bounds[0] : bounds[1]])


def fork_map(
    task: Callable[[Sequence[T]], R],
    remote: Callable[[Sequence[T]], R],
    items: Sequence[T],
    jobs: int,
    chunks_per_worker: int = 1,
) -> list[R] | None:
    """``task`` over the first part of ``items`` here and ``remote`` over the other parts in
    ``jobs - 1`` forked workers; the results of the parts, in order. ``None`` when it does
    not pay (one job, few items) or processes cannot be forked: then the caller works alone.
    """
    if jobs <= 1 or len(items) < MIN_PARALLEL:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not Linux
        return None
    global _TASK
    # Workers also pickle what they return, so this process takes a slightly larger share.
    own = int(len(items) * _OWN_WEIGHT / (_OWN_WEIGHT + jobs - 1))
    size = max(1, (len(items) - own) // ((jobs - 1) * chunks_per_worker))
    parts = [(i, min(i + size, len(items))) for i in range(own, len(items), size)]
    _TASK = (remote, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context) as pool:
            futures = [pool.submit(_run_part, bounds) for bounds in parts]
            here = task(items[:own])
            return [here, *(future.result() for future in futures)]
    except (OSError, RuntimeError):  # no processes to be had (a broken pool is one)
        return None
    finally:
        _TASK = None


def _parse_here(items: Sequence[tuple[str, bytes]]) -> list[Note]:
    from vaultcheck.parse import parse_safely

    return [parse_safely(data, path) for path, data in items]


def _parse_for_transfer(items: Sequence[tuple[str, bytes]]) -> list[Note]:
    # The parent has the bytes: sending the text back would only double the transfer.
    return [without_text(note) for note in _parse_here(items)]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    # The parser (markdown-it, PyYAML) loads only when something needs parsing: a warm run
    # that reuses the last result never pays for it.
    parts = fork_map(_parse_here, _parse_for_transfer, items, jobs, chunks_per_worker=4)
    if parts is None:
        return {note.path: note for note in _parse_here(items)}
    data = dict(items)
    notes = {note.path: note for note in parts[0]}
    for part in parts[1:]:
        notes.update((note.path, with_text(note, data[note.path])) for note in part)
    return notes
