"""Ending the ``vaultcheck`` process once a one-shot lint has said all it had to say.

A cold lint holds the whole vault to its last line: at 50,000 notes, freeing its millions of
objects one by one (when ``run_lint`` returns, then as the interpreter shuts down) took about
0.45 s after the last byte of the report, time in which a shell or CI job waits for nothing.
The console script (:func:`vaultcheck.cli.entry.console`) arms this module; a one-shot lint
then keeps what it made (:func:`keep`) and the process ends with :func:`leave`: the standard
streams flushed, the ``atexit`` functions run (``multiprocessing``'s, coverage's in tests),
then ``os._exit`` with the exit code, nothing freed.

Not armed (``main()`` called in process, by the tests or a program, and ``--watch``, the
language server, every other command) nothing is kept and nothing changes. Whenever ending
at once could lose something (a stream that cannot be flushed, such as a closed pipe; a
thread still running; an exit code that is not a number), :func:`leave` exits as Python
always does.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

#: Whether the process may end at once (set by the console script only).
_armed = False

#: What a one-shot run made and keeps to the end (``None``: not keeping).
_kept: list[object] | None = None


def arm() -> None:
    """Let a one-shot run end the process without freeing what it made."""
    global _armed
    _armed = True


@contextlib.contextmanager
def keeping() -> Iterator[None]:
    """Around a one-shot run: what it gives :func:`keep` meanwhile stays to the end of the
    process, when armed (else nothing is kept: a long-lived process must free its runs)."""
    global _kept
    if not _armed:
        yield
        return
    _kept = []
    yield


def keep(*things: object) -> None:
    """Keep ``things`` to the end of the process, when a one-shot run is :func:`keeping`."""
    if _kept is not None:
        _kept.extend(things)


def leave(stop: SystemExit) -> NoReturn:
    """End the process as ``stop`` would, without freeing what was kept; ``stop`` is
    raised instead when nothing was kept or when ending at once could lose anything."""
    code = stop.code
    if not _kept or not (code is None or type(code) is int):
        raise stop
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        raise stop  # Python would wait for it
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # closed, or none: Python's exit says it
        raise stop from None
    atexit._run_exitfuncs()
    with contextlib.suppress(AttributeError, OSError, ValueError):  # what atexit wrote
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)
