"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.core.model.Note` out) and is where a cold run spends
its time. The notes are cut into chunks of :data:`_CHUNK`; this process takes chunks from the
front and forked workers from the back, one at a time, until they meet, so both sides finish
within about one chunk of each other whatever their speeds. Workers are forked after the
inputs exist, so they read them from their copy of this process's memory instead of a pipe;
only results travel back, as plain tuples (:mod:`vaultcheck.parse.flatnote`). The notes are
identical to parsing in one process (tested), and a worker that dies only means its chunks
are parsed here.

Given a job, workers then stay: each keeps the notes it parsed, and :meth:`Workers.start`
sends them a request to run the job on those notes (the engine has them checked there,
:mod:`vaultcheck.engine.sharedcheck`), while this process does its own share.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.synchronize import Lock
from types import TracebackType
from typing import Any

from vaultcheck.core import progress
from vaultcheck.core.model import Note
from vaultcheck.parse.flatnote import FlatNote, flatten, unflatten
from vaultcheck.parse.text import with_text

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
    from vaultcheck.parse.note import parse_safely

    return [progress.counted("parsed", parse_safely(data, path)) for path, data in items]


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


#: What a worker may run on the notes it parsed, given the request: ``job(notes, request)``.
Job = Callable[[list[Note], Any], Any]


def _work(
    items: Sequence[tuple[str, bytes]],
    bounds: list[tuple[int, int]],
    chunks: _Chunks,
    out: Connection,
    requests: Connection,
    inherited: list[Connection],
    job: Job | None,
) -> None:
    """A worker: parse chunks from the back and send them, without their text (the parent
    has the bytes: sending the text back would only double the transfer); then, with a job,
    run it on the notes it parsed when the request comes."""
    # The parent's pipe ends this process got by forking: held open here, they would keep a
    # worker whose parent died waiting or writing forever instead of failing and exiting.
    for pipe_end in inherited:
        pipe_end.close()
    kept: list[Note] = []
    try:
        while (index := chunks.take(from_back=True)) is not None:
            start, end = bounds[index]
            notes = _parse(items[start:end])
            out.send(("chunk", index, [flatten(note) for note in notes]))
            if job is not None:
                kept.extend(notes)
        if job is not None:
            out.send(("parsed",))
            request = requests.recv()  # EOFError when the parent wants nothing more
            out.send(("result", job(kept, request)))
    except BaseException:  # interrupted or broken: the parent does what is missing itself
        pass
    finally:
        out.close()
        requests.close()


def _receive(sources: list[Connection], received: dict[int, tuple[int, list[FlatNote]]]) -> None:
    """Collect the workers' chunks, with the number of the worker that sent each, until each
    worker has finished parsing, closed its pipe or died."""
    numbers = {id(source): number for number, source in enumerate(sources)}
    sources = list(sources)
    while sources:
        try:
            ready = wait(sources)
        except (OSError, ValueError):  # closed by the main thread: the run is being stopped
            return
        for source in ready:
            assert isinstance(source, Connection)
            try:
                message = source.recv()
            except (EOFError, OSError):
                message = ("parsed",)
            if message[0] == "chunk":
                received[message[1]] = (numbers[id(source)], message[2])
            else:
                sources.remove(source)


def _restore(flats: list[FlatNote], data: dict[str, bytes]) -> list[Note]:
    progress.advance("parsed", len(flats))
    notes = [unflatten(flat) for flat in flats]
    return [with_text(note, data[note.path]) for note in notes]


class Workers:
    """Up to ``jobs - 1`` forked workers for one :meth:`parse`, and then, given a ``job``,
    one :meth:`start` of it on the notes each worker parsed. A context manager: leaving it
    stops whatever is still running."""

    def __init__(self, jobs: int = 1, job: Job | None = None) -> None:
        self.jobs = jobs
        self._job = job
        self._processes: list[Any] = []
        self._outs: list[Connection] = []
        self._requests: list[Connection] = []
        #: The paths of the notes each worker parsed (and, with a job, holds), by worker.
        self.held: list[list[str]] = []
        self._started: list[int] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(interrupted=kind is not None)

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers: at once when ``interrupted``, else once they are done."""
        for process in self._processes:
            if interrupted:
                process.terminate()
        for end in (*self._outs, *self._requests):
            end.close()
        for process in self._processes:
            process.join()
        self._processes, self._outs, self._requests = [], [], []

    def parse(self, items: Sequence[tuple[str, bytes]]) -> dict[str, Note]:
        """Parse ``(path, bytes)`` pairs, on several processes when it pays (once per
        instance)."""
        methods = multiprocessing.get_all_start_methods()
        if self.jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in methods:
            return {note.path: note for note in _parse(items)}
        # The parser (markdown-it, PyYAML) loads only when something needs parsing, so a
        # warm run never pays for it; here it loads before forking, so workers inherit it.
        import vaultcheck.parse.note  # noqa: F401

        bounds = [(i, min(i + _CHUNK, len(items))) for i in range(0, len(items), _CHUNK)]
        chunks = _Chunks(len(bounds), multiprocessing.get_context("fork"))
        self._fork(items, bounds, chunks)
        received: dict[int, tuple[int, list[FlatNote]]] = {}
        receiver = threading.Thread(target=_receive, args=(list(self._outs), received))
        receiver.daemon = True
        parts: dict[int, list[Note]] = {}
        held: list[list[int]] = [[] for _ in self._processes]  # each worker's chunks
        data = dict(items)
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(_SWITCH_INTERVAL)
        try:
            receiver.start()
            while (index := chunks.take(from_back=False)) is not None:
                start, end = bounds[index]
                parts[index] = _parse(items[start:end])
                # Rebuild what workers sent in the meantime, so little is left for the end.
                # (list() takes a snapshot, as the receiving thread adds to it; popping lets
                # the plain tuples go as soon as the notes exist.)
                for done in list(received):
                    worker, flats = received.pop(done)
                    parts[done] = _restore(flats, data)
                    held[worker].append(done)
            receiver.join()
        finally:
            sys.setswitchinterval(switch_interval)
        notes: dict[str, Note] = {}
        for index, (start, end) in enumerate(bounds):
            if index not in parts:  # a worker's last chunks, or one it took and died with
                found = received.pop(index, None)
                if found is None:
                    parts[index] = _parse(items[start:end])
                else:
                    parts[index] = _restore(found[1], data)
                    held[found[0]].append(index)
            notes.update((note.path, note) for note in parts[index])
        self.held = [
            [note.path for index in sorted(taken) for note in parts[index]] for taken in held
        ]
        if self._job is None:
            self.close()
        return notes

    def _fork(
        self, items: Sequence[tuple[str, bytes]], bounds: list[tuple[int, int]], chunks: _Chunks
    ) -> None:
        context = multiprocessing.get_context("fork")
        try:
            for _ in range(self.jobs - 1):
                out_reader, out_writer = context.Pipe(duplex=False)
                request_reader, request_writer = context.Pipe(duplex=False)
                ours = [*self._outs, *self._requests, out_reader, request_writer]
                process = context.Process(
                    target=_work,
                    args=(items, bounds, chunks, out_writer, request_reader, ours, self._job),
                    daemon=True,
                )
                process.start()
                out_writer.close()  # the worker's ends: held only there, so EOF comes
                request_reader.close()
                self._processes.append(process)
                self._outs.append(out_reader)
                self._requests.append(request_writer)
        except OSError:  # no processes to be had: whatever no worker took is parsed here
            pass

    def start(self, request: Any) -> bool:
        """Send ``request`` to every worker that holds notes; False when none does (then
        nothing was sent)."""
        self._started = []
        for number, paths in enumerate(self.held):
            if not paths:
                continue
            try:
                self._requests[number].send(request)
            except OSError:  # the worker is gone: the caller checks its notes itself
                continue
            self._started.append(number)
        return bool(self._started)

    def checking(self) -> list[str]:
        """The paths of the notes held by the workers :meth:`start` reached."""
        return [path for number in self._started for path in self.held[number]]

    def results(self) -> list[tuple[list[str], Any | None]]:
        """For each worker :meth:`start` reached: the paths it holds and its job's result,
        or ``None`` if it died."""
        found: list[tuple[list[str], Any | None]] = []
        for number in self._started:
            try:
                message = self._outs[number].recv()
            except (EOFError, OSError):
                message = ("died",)
            result = message[1] if message[0] == "result" else None
            found.append((self.held[number], result))
        return found


def parse_many(items: Sequence[tuple[str, bytes]], jobs: int = 1) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays."""
    with Workers(jobs) as workers:
        return workers.parse(items)
