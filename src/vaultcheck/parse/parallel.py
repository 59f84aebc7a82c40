"""Parsing many notes on several cores.

Parsing is pure (bytes in, :class:`~vaultcheck.core.model.Note` out) and is where a cold run spends
its time. The notes are cut into chunks of :data:`_CHUNK`; this process takes chunks from the
front and forked workers from the back, one at a time, until they meet, so both sides finish
within about one chunk of each other whatever their speeds. Workers are forked after the
inputs exist, so they read them from their copy of this process's memory instead of a pipe;
only results travel back, each chunk as plain tuples in columns (:mod:`vaultcheck.parse.flatnote`)
pickled without pickle's memo (:mod:`vaultcheck.parse.chunkpipe`). The notes are
identical to parsing in one process (tested), and a worker that dies only means its chunks
are parsed here.

Workers end once the notes are parsed. They used to keep their notes and check them too
(``sharedcheck.py``, removed): a second copy of half the notes, 820 MB of the 2.2 GB a
50,000-note run took, for about 7 % of a cold run's time on two idle cores
(docs/performance.md, "Memory at 50,000 notes").
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from vaultcheck.core import progress
from vaultcheck.core.model import Note
from vaultcheck.parse.chunkpipe import Chunks, chunk_message, receive, work
from vaultcheck.parse.flatnote import FlatChunk, flatten
from vaultcheck.parse.flatrestore import restore
from vaultcheck.parse.sharednote import Shared, with_shared_starts

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# `multiprocessing` (with the `tempfile`, `shutil` and `socket` it loads, 4-6 ms) is imported
# where workers are started, not above: a vault under MIN_PARALLEL notes never starts one.

#: Below this many notes, starting workers costs more than it saves.
MIN_PARALLEL = 300

#: From this many notes to parse on, the notes parsed here share their line starts with the
#: other notes' (:func:`~vaultcheck.parse.sharednote.with_shared_starts`), which costs about
#: 5 us and saves about 1.5 KB a note, and a worker's notes share their strings and ints
#: (line starts, spans); below it, memory is not what limits a run (a warm run parsing
#: fewer notes than this in a large vault keeps them as parsed), and a worker's notes are
#: received at about half the CPU without the memos (docs/performance.md, eighth round).
#: Rebuilding the notes to share every value (``compact``) saved 5 KB a note for 0.06 ms,
#: 1.4 s of this process's CPU at 50,000 notes; without it, the peak there is about 80 MB
#: higher (docs/performance.md, seventh round).
SHARE_FROM = 10_000

#: Notes per chunk: small enough that whoever runs out of chunks first waits little for the
#: others, large enough that handing chunks out costs next to nothing.
_CHUNK = 100

#: The interpreter's thread switch interval while workers send results. The thread that
#: receives them reads the pipe 64 KiB at a time and needs the GIL after each read; at the
#: default 5 ms, waiting for it stalled each worker about 0.2 s per 2.5 MB it sent.
_SWITCH_INTERVAL = 0.0005

#: Seconds between looks at what workers sent, once this process has no chunk left to parse:
#: a chunk takes tens of milliseconds to parse, and waking up costs a few microseconds.
_END_POLL = 0.002


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _parse(items: Sequence[tuple[str, bytes]], shared: Shared | None = None) -> list[Note]:
    """Parse ``items``; given ``shared``, the notes share their line starts through it (they
    stay for the run, see :data:`SHARE_FROM`), else are kept as parsed (about to be sent, or
    too few to matter)."""
    from vaultcheck.parse.note import parse_safely

    if shared is None:
        return [progress.counted("parsed", parse_safely(data, path)) for path, data in items]
    return [
        progress.counted("parsed", with_shared_starts(parse_safely(data, path), shared))
        for path, data in items
    ]


def _restore(flat: FlatChunk, datas: list[bytes], shared: Shared) -> list[Note]:
    """Notes sent by a worker, given their bytes in the same order."""
    progress.advance("parsed", len(datas))
    return restore(flat, datas, shared)


#: Given each note as soon as it is made, with its bytes (see :meth:`Workers.parse`).
Release = Callable[[Note, bytes], None]

#: Given each chunk's paths and the chunk pickled as :func:`chunk_message` pickles it, for
#: the notes cache (see :meth:`Workers.parse`).
Store = Callable[[list[str], bytes], None]


class Workers:
    """Up to ``jobs - 1`` forked workers for one :meth:`parse`. A context manager: leaving
    it stops whatever is still running."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._processes: list[Any] = []
        self._outs: list[Connection] = []

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
        for end in self._outs:
            end.close()
        for process in self._processes:
            process.join()
        self._processes, self._outs = [], []

    def parse(
        self,
        items: Sequence[tuple[str, bytes]],
        release: Release | None = None,
        store: Store | None = None,
    ) -> dict[str, Note]:
        """Parse ``(path, bytes)`` pairs, on several processes when it pays (once per
        instance).

        Given ``store``, each chunk of notes goes to it flat and pickled, once made: as a
        worker sent it, or flattened here (about a third of what pickling its notes one by
        one costs).

        Given ``release``, ``items`` must be a list, which is emptied as notes are made: each
        note goes to ``release`` with its bytes, and its pair in ``items`` becomes ``None``.
        If the caller holds no other reference, the bytes of the notes made can go while
        the others are parsed (a note's text is as large as its bytes)."""
        many = len(items) >= SHARE_FROM
        # From SHARE_FROM on, the workers' notes share their strings and ints.
        shared = Shared(ints=many, strings=many)
        # Notes parsed here: sharing their line starts through ``shared``, or kept as parsed
        # (``None``).
        own = shared if many else None
        bounds = [(i, min(i + _CHUNK, len(items))) for i in range(0, len(items), _CHUNK)]
        parts: dict[int, list[Note]] = {}

        def made(index: int, notes: list[Note], message: bytes | None = None) -> None:
            parts[index] = notes
            if store is not None:
                start, end = bounds[index]
                if message is None:
                    message = chunk_message(index, flatten(notes))
                store([items[at][0] for at in range(start, end)], message)
            if release is not None:
                start = bounds[index][0]
                for at, note in enumerate(notes, start):
                    release(note, items[at][1])
                    cast(list[object], items)[at] = None

        def here(index: int) -> None:
            """Parse the chunk ``index`` in this process."""
            start, end = bounds[index]
            made(index, _parse(items[start:end], own))

        if self.jobs <= 1 or len(items) < MIN_PARALLEL or not _can_fork():
            for number in range(len(bounds)):
                here(number)
            return {note.path: note for number in range(len(bounds)) for note in parts[number]}
        import multiprocessing

        _load_parser()

        chunks = Chunks(len(bounds), multiprocessing.get_context("fork"))
        self._fork(items, bounds, chunks)
        received: dict[int, FlatChunk] = {}
        messages: dict[int, bytes] | None = None if store is None else {}
        receiver = threading.Thread(target=receive, args=(list(self._outs), received, messages))
        receiver.daemon = True

        def restored(index: int, flat: FlatChunk) -> None:
            start, end = bounds[index]
            notes = _restore(flat, [items[at][1] for at in range(start, end)], shared)
            made(index, notes, None if messages is None else messages.pop(index))

        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(_SWITCH_INTERVAL)
        try:
            receiver.start()
            while (index := chunks.take(from_back=False)) is not None:
                here(index)
                # Rebuild what workers sent in the meantime, so little is left for the end.
                # (list() takes a snapshot, as the receiving thread adds to it; popping lets
                # the plain tuples go as soon as the notes exist.)
                for done in list(received):
                    restored(done, received.pop(done))
            # No chunk left to parse: while the workers finish theirs, rebuild what they
            # send, rather than all of it once they are done (this process idled for their
            # last chunk, then rebuilt the one before it alone).
            while receiver.is_alive():
                receiver.join(_END_POLL)
                for done in list(received):
                    restored(done, received.pop(done))
        finally:
            sys.setswitchinterval(switch_interval)
        notes: dict[str, Note] = {}
        for index in range(len(bounds)):
            if index not in parts:  # a worker's last chunks, or one it took and died with
                found = received.pop(index, None)
                if found is None:
                    here(index)
                else:
                    restored(index, found)
            notes.update((note.path, note) for note in parts.pop(index))
        self.close()
        return notes

    def _fork(
        self, items: Sequence[tuple[str, bytes]], bounds: list[tuple[int, int]], chunks: Chunks
    ) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        try:
            for _ in range(self.jobs - 1):
                out_reader, out_writer = context.Pipe(duplex=False)
                ours = [*self._outs, out_reader]
                process = context.Process(
                    target=work,
                    args=(_parse, items, bounds, chunks, out_writer, ours),
                    daemon=True,
                )
                process.start()
                out_writer.close()  # the worker's end: held only there, so EOF comes
                self._processes.append(process)
                self._outs.append(out_reader)
        except OSError:  # no processes to be had: whatever no worker took is parsed here
            pass


def _load_parser() -> None:
    """Load the parser before forking, so that workers inherit it: markdown-it-py with the
    parser built, PyYAML with the loader's types and the composing reader. Each loads only
    when something needs parsing (a warm run never pays for them), else at the first note
    that needs it: in each process, the worker's copy not shared."""
    import vaultcheck.parse.note
    import vaultcheck.parse.yamlcompose
    import vaultcheck.parse.yamltypes  # noqa: F401
    from vaultcheck.parse import mdparser

    mdparser.parser()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def parse_many(
    items: Sequence[tuple[str, bytes]],
    jobs: int = 1,
    release: Release | None = None,
    store: Store | None = None,
) -> dict[str, Note]:
    """Parse ``(path, bytes)`` pairs, in ``jobs`` processes when it pays (``release`` and
    ``store``: see :meth:`Workers.parse`)."""
    with Workers(jobs) as workers:
        return workers.parse(items, release, store)
