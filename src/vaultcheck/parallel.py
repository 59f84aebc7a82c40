"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.model.Note` out) and is where a cold run spends
its time. The notes are cut into chunks of :data:`_CHUNK`; this process takes chunks from the
front and forked workers from the back, one at a time, until they meet, so both sides finish
within about one chunk of each other whatever their speeds. Workers are forked after the
inputs exist, so they read them from their copy of this process's memory instead of a pipe;
only results travel back, as plain tuples (:mod:`vaultcheck.flatnote`). The notes are
identical to parsing in one process (tested), and a worker that dies only means its chunks
are parsed here.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.synchronize import Lock
from typing import Any

from vaultcheck.flatnote import FlatNote, flatten, unflatten
from vaultcheck.model import Note
from vaultcheck.text import with_text

#: Below this many notes, starting workers costs more than it saves.
MIN_PARALLEL = 300

#: Notes per chunk: small enough that whoever runs out of chunks first waits little for the
#: others, large enough that handing chunks out costs next to nothing.
_CHUNK = 100

#: The interpreter's thread switch interval while workers send results. The thread that
#: receives them reads the pipe 64 KiB at a time and needs the GIL after each read; at the
#: default 5 ms, waiting for it stalled each worker about 0.2 s per 2.5 MB it sent.
_SWITCH_INTERVAL = 0.0005


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _parse(items: Sequence[tuple[str, bytes]]) -> list[Note]:
    from vaultcheck.parse import parse_safely

    return [parse_safely(data, path) for path, data in items]


class _Chunks:
    """The chunks not taken yet, shared by forked processes: ``[front, back)``."""

    def __init__(self, count: int, context: Any) -> None:
        self._bounds = context.RawArray("i", [0, count])
        self._lock: Lock = context.Lock()

    def take(self, from_back: bool) -> int | None:
        """The next chunk from the front or the back, or ``None`` when none is left."""
        with self._lock:
            front: int = self._bounds[0]
            back: int = self._bounds[1]
            if front >= back:
                return None
            if from_back:
                self._bounds[1] = back - 1
                return back - 1
            self._bounds[0] = front + 1
            return front


def _work(
    items: Sequence[tuple[str, bytes]],
    bounds: list[tuple[int, int]],
    chunks: _Chunks,
    out: Connection,
    inherited: list[Connection],
) -> None:
    """A worker: parse chunks from the back and send them, without their text (the parent
    has the bytes: sending the text back would only double the transfer)."""
    # The read ends this process got by forking: held open here, they would keep a worker
    # whose parent died writing into a full pipe forever instead of failing and exiting.
    for reader in inherited:
        reader.close()
    try:
        while (index := chunks.take(from_back=True)) is not None:
            start, end = bounds[index]
            out.send((index, [flatten(note) for note in _parse(items[start:end])]))
    except BaseException:  # interrupted or broken: the parent parses what is missing
        pass
    finally:
        out.close()


def _receive(sources: list[Connection], received: dict[int, list[FlatNote]]) -> None:
    """Collect the workers' chunks until every worker has closed its pipe (or died)."""
    while sources:
        try:
            ready = wait(sources)
        except (OSError, ValueError):  # closed by the main thread: the run is being stopped
            return
        for source in ready:
            assert isinstance(source, Connection)
            try:
                index, flats = source.recv()
            except (EOFError, OSError):
                sources.remove(source)
                continue
            received[index] = flats


def _restore(flats: list[FlatNote], data: dict[str, bytes]) -> list[Note]:
    notes = [unflatten(flat) for flat in flats]
    return [with_text(note, data[note.path]) for note in notes]


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in methods:
        return {note.path: note for note in _parse(items)}
    # The parser (markdown-it, PyYAML) loads only when something needs parsing, so a warm run
    # never pays for it; here it loads before forking, so that workers inherit it.
    import vaultcheck.parse  # noqa: F401

    context = multiprocessing.get_context("fork")
    bounds = [(i, min(i + _CHUNK, len(items))) for i in range(0, len(items), _CHUNK)]
    chunks = _Chunks(len(bounds), context)
    received: dict[int, list[FlatNote]] = {}
    sources: list[Connection] = []
    workers = []
    try:
        for _ in range(jobs - 1):
            source, sink = context.Pipe(duplex=False)
            inherited = [*sources, source]
            worker = context.Process(
                target=_work, args=(items, bounds, chunks, sink, inherited), daemon=True
            )
            worker.start()
            sink.close()  # the worker's end: this process holds no copy, so EOF comes
            sources.append(source)
            workers.append(worker)
    except OSError:  # no processes to be had: whatever no worker took is parsed here
        pass
    receiver = threading.Thread(target=_receive, args=(list(sources), received), daemon=True)
    parts: dict[int, list[Note]] = {}
    data = dict(items)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        receiver.start()
        while (index := chunks.take(from_back=False)) is not None:
            start, end = bounds[index]
            parts[index] = _parse(items[start:end])
            # Rebuild what workers sent in the meantime, so little is left for the end.
            # (list() takes a snapshot, as the receiving thread adds to it; popping lets the
            # plain tuples go as soon as the notes exist.)
            for done in list(received):
                parts[done] = _restore(received.pop(done), data)
        receiver.join()
    except BaseException:  # interrupted: the workers' results are not wanted any more
        for worker in workers:
            worker.terminate()
        raise
    finally:
        sys.setswitchinterval(switch_interval)
        for source in sources:
            source.close()
        for worker in workers:
            worker.join()
    notes: dict[str, Note] = {}
    for index, (start, end) in enumerate(bounds):
        if index not in parts:  # a worker's last chunks, or one it took and died with
            found = received.pop(index, None)
            parts[index] = _parse(items[start:end]) if found is None else _restore(found, data)
        notes.update((note.path, note) for note in parts[index])
    return notes
