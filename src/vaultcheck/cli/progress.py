"""A progress display for long runs: notes read, parsed and checked, as bars on stderr.

It appears only once a run has taken :data:`AFTER` seconds (most runs end before, and draw
nothing), and is erased when the run ends, before the report is written. Rich draws it, from
its own thread; the stages report through :mod:`vaultcheck.core.progress`.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

from vaultcheck.core import progress

#: Seconds a run takes before the display appears.
AFTER = 1.0

#: Each stage and how its bar is labelled.
STAGES = {"read": "Reading notes", "parsed": "Parsing", "checked": "Checking"}


def wanted(quiet: bool, machine: bool, to_file: bool) -> bool:
    """Whether a run may show progress: on a terminal (stderr, where it is drawn), while the
    report goes to a terminal too or to a file (none when it is piped, as a script or CI
    reads it), for a human format, unless ``--quiet``."""
    if quiet or machine or not _terminal(sys.stderr):
        return False
    return to_file or _terminal(sys.stdout)


def _terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed
        return False


class _Display:
    """Counts what the stages report; after :data:`AFTER` seconds, shows them with rich."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = dict.fromkeys(STAGES, 0)
        self._total: dict[str, int | None] = dict.fromkeys(STAGES)
        self._bars: Any = None  # rich's Progress, once shown
        self._tasks: dict[str, Any] = {}
        self._stopped = False
        self._timer = threading.Timer(AFTER, self._show)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def hear(self, stage: str, count: int, total: int | None) -> None:
        if stage not in STAGES:
            return
        with self._lock:
            if total is not None:  # a stage may run again (a second lint after --fix)
                self._done[stage], self._total[stage] = 0, total
            self._done[stage] += count
            if self._bars is not None:
                self._update(stage)

    def _show(self) -> None:
        from rich.console import Console  # loads only for runs that take this long
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with self._lock:
            if self._stopped:
                return
            self._bars = Progress(
                TextColumn("{task.description:<14}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,  # the report is written after the display is gone
            )
            for stage, label in STAGES.items():
                self._tasks[stage] = self._bars.add_task(label, total=None, visible=False)
                self._update(stage)
            self._bars.start()

    def _update(self, stage: str) -> None:
        done, total = self._done[stage], self._total[stage]
        visible = total is not None or done > 0
        self._bars.update(self._tasks[stage], completed=done, total=total, visible=visible)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._timer.cancel()
            if self._bars is not None:
                self._bars.stop()


@contextlib.contextmanager
def shown(enabled: bool) -> Iterator[None]:
    """Show the progress of what runs in the block, if ``enabled`` and it takes long; the
    display is gone when the block ends."""
    if not enabled:
        yield
        return
    display = _Display()
    with progress.listening(display.hear):
        display.start()
        try:
            yield
        finally:
            display.stop()
