"""Parsed notes as the notes cache stores them: flat tuples (:mod:`vaultcheck.parse.flatnote`),
each note as a chunk of one, so that one can be loaded without the others.

A note pickled as itself is saved through a Python-level ``__getnewargs__`` for each of its
hundred-odd model tuples: a first cached run spent 0.70 s of 6,600 notes' 3.1 s on that. Its
flat form pickles in 0.28 s; loading it back (``unflatten``, which shares equal ints and
strings between notes) costs about what unpickling the note did, and it keeps the note's line
starts, which would otherwise be found again from the text.

Loading trusts nothing: the outer pickle and every property value pickled by itself inside it
go through the cache's allow-list unpickler, and anything malformed gives ``None`` (the note
is parsed again).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import Any

from vaultcheck.core.model import Note
from vaultcheck.parse.flatnote import FLAT_SIZE, flatten
from vaultcheck.parse.flatrestore import unflatten
from vaultcheck.parse.sharednote import Shared
from vaultcheck.parse.text import decode
from vaultcheck.vault.cache import safe_loads

#: path -> (content hash, stored note), as :meth:`Cache.load_notes` gives them.
StoredNotes = Mapping[str, tuple[bytes, bytes]]


def store_note(note: Note) -> bytes:
    """``note`` (text left out: its bytes give it back) as the notes cache stores it."""
    return pickle.dumps(flatten([note]), protocol=pickle.HIGHEST_PROTOCOL)


def stored_note(
    cached: StoredNotes, path: str, wanted: bytes, data: bytes, shared: Shared
) -> Note | None:
    """The note stored for ``path`` if its content hash is ``wanted``, with its text decoded
    from its bytes ``data`` again and its values shared through ``shared``; else ``None``."""
    flat = _flat(cached, path, wanted)
    if flat is None:
        return None
    _, skipped_size, internal_error, *_ = flat[0][0]
    parsed = skipped_size is None and internal_error is None
    return _rebuilt(flat, decode(data).text if parsed else "", shared)


def cached_note(cached: StoredNotes, path: str, wanted: bytes) -> Note | None:
    """The note stored for ``path`` if its content hash is ``wanted``, without its text and
    line starts (as :func:`~vaultcheck.parse.text.without_text` leaves a note)."""
    flat = _flat(cached, path, wanted)
    if flat is None:
        return None
    return _rebuilt(flat, None, Shared())


def _flat(cached: StoredNotes, path: str, wanted: bytes) -> tuple[Any, ...] | None:
    hit = cached.get(path)
    if not isinstance(hit, tuple) or len(hit) != 2 or hit[0] != wanted:
        return None
    try:
        flat = safe_loads(hit[1])
    except Exception:  # corrupt or foreign: parsed again instead
        return None
    if type(flat) is not tuple:
        return None
    try:
        if len(flat) != FLAT_SIZE or len(flat[0]) != 1 or flat[0][0][0] != path:
            return None
    except Exception:  # not tuples where they belong
        return None
    return flat


def _rebuilt(flat: tuple[Any, ...], text: str | None, shared: Shared) -> Note | None:
    """The one note of ``flat``, with ``text`` (``None``: none, and no line starts)."""
    try:
        (note,) = unflatten(flat, None if text is None else [text], shared, _unwire)
    except Exception:  # a tuple of the wrong shape: parsed again instead
        return None
    return note


def _unwire(value: Any) -> Any:
    """A property value pickled by itself (see ``flatnote._wire``), loaded as safely as the
    rest of the cache."""
    return safe_loads(value[0]) if type(value) is tuple else value
