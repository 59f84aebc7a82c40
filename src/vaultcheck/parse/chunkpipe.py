"""The forked workers' side of a parse, and what travels between them and this process.

Chunks of notes are handed out through :class:`Chunks`, shared memory that the workers and
this process take from (the workers from the back); a worker (:func:`work`) sends each chunk
it parsed as a flat chunk (:mod:`vaultcheck.parse.flatnote`) pickled by :func:`chunk_message`,
which the notes cache stores as it came; :func:`receive` collects them in this process.
:mod:`vaultcheck.parse.parallel` runs the whole.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from vaultcheck.core.model import Note
from vaultcheck.parse.flatnote import FlatChunk, flatten

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.synchronize import Lock


class Chunks:
    """The chunks not taken yet, shared by forked processes: ``[front, back)``."""

    def __init__(self, count: int, context: Any) -> None:
        # Two ints in an anonymous shared mapping, which forked processes share: a
        # ``RawArray`` (ctypes and multiprocessing's shared heap, a file it makes) cost
        # 8-11 ms before every fork. (Imported here: a run without workers needs none.)
        import mmap

        self._bounds = memoryview(mmap.mmap(-1, 8)).cast("i")
        self._bounds[1] = count
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


def work(
    parse: Callable[[Sequence[tuple[str, bytes]]], list[Note]],
    items: Sequence[tuple[str, bytes]],
    bounds: list[tuple[int, int]],
    chunks: Chunks,
    out: Connection,
    inherited: list[Connection],
) -> None:
    """A worker: ``parse`` chunks from the back and send them, without their text (the parent
    has the bytes: sending the text back would only double the transfer), but with their
    line starts (cheaper to receive than to find again)."""
    # The parent's pipe ends this process got by forking: held open here, they would keep a
    # worker whose parent died waiting or writing forever instead of failing and exiting.
    for pipe_end in inherited:
        pipe_end.close()
    try:
        while (index := chunks.take(from_back=True)) is not None:
            start, end = bounds[index]
            out.send_bytes(chunk_message(index, flatten(parse(items[start:end]))))
    except BaseException:  # interrupted or broken: the parent parses what is missing itself
        pass
    finally:
        out.close()


def chunk_message(index: int, flat: FlatChunk) -> bytes:
    """A flat chunk, pickled without pickle's memo: a quarter of the time, since flat
    chunks are trees and need no references back. A cycle (YAML can make a list that holds
    itself) makes such a pickler fail; then the chunk is pickled as usual."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    try:
        pickler.fast = True  # no memo (documented as deprecated, so not counted on)
        pickler.dump((index, flat))
    except (AttributeError, ValueError, RecursionError):
        return pickle.dumps((index, flat), pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def receive(
    sources: list[Connection],
    received: dict[int, FlatChunk],
    messages: dict[int, bytes] | None,
) -> None:
    """Collect the workers' chunks until each worker has closed its pipe or died (and the
    messages they came in, given ``messages``)."""
    from multiprocessing.connection import Connection, wait

    sources = list(sources)
    while sources:
        try:
            ready = wait(sources)
        except (OSError, ValueError):  # closed by the main thread: the run is being stopped
            return
        for source in ready:
            assert isinstance(source, Connection)
            try:
                message = source.recv_bytes()
            except (EOFError, OSError):  # done, or died
                sources.remove(source)
                continue
            index, flat = pickle.loads(message)
            if messages is not None:  # before the chunk: whoever takes the chunk takes this
                messages[index] = message
            received[index] = flat
