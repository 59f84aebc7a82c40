"""How far a run has got: notes read, parsed and checked, for a display to show.

The stages call :func:`advance` as they go; the command line listens (``cli/progress.py``
draws a bar on a terminal when a run takes long). Without a listener (the API, the language
server, tests, runs into a pipe) a call costs one check of a global. Only the process that
started listening is heard: forked parse workers inherit the listener but must not draw, and
their notes are counted when this process receives them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import TypeVar

#: Called with a stage (``read``, ``parsed``, ``checked``), how many more notes are done in
#: it, and the stage's new total when it is known (else ``None``).
Listener = Callable[[str, int, "int | None"], None]

T = TypeVar("T")

_listener: Listener | None = None
_owner = 0  # the process that listens


def advance(stage: str, count: int = 1) -> None:
    """``count`` more notes are done in ``stage``."""
    if _listener is not None and os.getpid() == _owner:
        _listener(stage, count, None)


def counted(stage: str, done: T) -> T:
    """``done``, one more note done in ``stage`` (for use inside a comprehension)."""
    advance(stage)
    return done


def expect(stage: str, total: int) -> None:
    """``stage`` will handle ``total`` notes in all."""
    if _listener is not None and os.getpid() == _owner:
        _listener(stage, 0, total)


@contextlib.contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send progress to ``listener`` while the block runs."""
    global _listener, _owner
    previous, previous_owner = _listener, _owner
    _listener, _owner = listener, os.getpid()
    try:
        yield
    finally:
        _listener, _owner = previous, previous_owner
