"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.model.Note` out) and is where a cold run spends
its time, so uncached notes are parsed in worker processes when there are enough of them to
pay for starting the workers. Results are identical to parsing in one process (tested).
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


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


#: The notes of the current :func:`parse_many` call. Workers are forked after it is set, so
#: they read their share from their copy of the parent's memory instead of a pipe.
_PENDING: Sequence[tuple[str, bytes]] = ()


def _parse_range(bounds: tuple[int, int]) -> list[Note]:
    from vaultcheck.parse import parse_safely

    # The parent has the bytes: sending the text back would only double the transfer.
    return [without_text(parse_safely(data, path)) for path, data in _PENDING[slice(*bounds)]]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    # The parser (markdown-it, PyYAML) loads only when something needs parsing: a warm run
    # that reuses the last result never pays for it.
    from vaultcheck.parse import parse_safely

    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in methods:
        return {path: parse_safely(data, path) for path, data in items}
    global _PENDING
    _PENDING = items
    # This process parses a share too rather than wait idle; the workers split the rest.
    own = len(items) // jobs
    size = max(1, (len(items) - own) // ((jobs - 1) * 4))
    ranges = [(i, min(i + size, len(items))) for i in range(own, len(items), size)]
    try:
        with ProcessPoolExecutor(
            max_workers=jobs - 1, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            futures = [pool.submit(_parse_range, bounds) for bounds in ranges]
            notes = {path: parse_safely(data, path) for path, data in items[:own]}
            parsed = [note for future in futures for note in future.result()]
    except (OSError, RuntimeError):  # no processes to be had: parse here instead
        return {path: parse_safely(data, path) for path, data in items}
    finally:
        _PENDING = ()
    data = dict(items[own:])
    notes.update((note.path, with_text(note, data[note.path])) for note in parsed)
    return notes
