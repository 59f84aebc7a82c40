"""Notes of which every path is known and only some are loaded (an incremental run's, a
checking worker's), and the error a check meets when it reads one that is not."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from vaultcheck.core.model import Note


class NotLoaded(Exception):
    """A check asked for a note this run does not have: one an incremental run had not
    planned to read, or one a checking worker does not hold (``sharedcheck.py``)."""


class LazyNotes(Mapping[str, Note]):
    """Notes of which every path is known and only some are loaded: an incremental run's,
    or a checking worker's.

    Only the notes loaded up front, and notes fetched with :meth:`load` (which
    ``Context.other_note`` uses, recording the read), can be read; anything else raises
    :class:`NotLoaded`. An incremental run then falls back to checking the whole vault, a
    worker leaves that check to the main process. So a check that reads other notes without
    saying so gives a slower run, never a stale result.
    """

    def __init__(self, paths: list[str], loader: Callable[[str], Note]) -> None:
        self._paths = {path: None for path in paths}
        self._loader = loader
        self._loaded: dict[str, Note] = {}

    def load(self, path: str) -> Note:
        """The note at ``path``, loaded now if it was not yet."""
        note = self._loaded.get(path)
        if note is None:
            if path not in self._paths:
                raise KeyError(path)
            note = self._loaded[path] = self._loader(path)
        return note

    def __getitem__(self, path: str) -> Note:
        note = self._loaded.get(path)
        if note is None:
            if path not in self._paths:
                raise KeyError(path)
            raise NotLoaded(path)
        return note

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
