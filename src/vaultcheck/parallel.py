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


def _parse_chunk(chunk: Sequence[tuple[str, bytes]]) -> list[Note]:
    from vaultcheck.parse import parse_safely

    # The parent has the bytes: sending the text back would only double the transfer.
    return [without_text(parse_safely(data, path)) for path, data in chunk]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    # The parser (markdown-it, PyYAML) loads only when something needs parsing: a warm run
    # that reuses the last result never pays for it.
    from vaultcheck.parse import parse_safely

    if jobs <= 1 or len(items) < MIN_PARALLEL:
        return {path: parse_safely(data, path) for path, data in items}
    size = max(1, len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            parsed = [note for notes in pool.map(_parse_chunk, chunks) for note in notes]
    except (OSError, RuntimeError):  # no processes to be had: parse here instead
        return {path: parse_safely(data, path) for path, data in items}
    data = dict(items)
    return {note.path: with_text(note, data[note.path]) for note in parsed}
