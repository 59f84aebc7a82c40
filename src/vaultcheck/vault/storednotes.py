"""Parsed notes as the notes cache stores them: the flat chunks (:mod:`vaultcheck.parse.flatnote`)
they were parsed in, each pickled once, and for each note its content hash and place.

A chunk a parse worker sent is stored as the very bytes it came in, and a chunk parsed here
is flattened and pickled once for its hundred notes: a first run with the cache used to
pickle every note by itself again (0.26 s of 6,600 notes, 2.2 s of 50,000). A run over the
stored notes builds whole chunks back in columns, as it does a worker's; a run that needs
one note (an incremental run) takes that note's slice of its chunk
(:class:`~vaultcheck.parse.flatpick.Picker`).

Loading trusts nothing: every chunk and every property value pickled by itself inside it go
through the cache's allow-list unpickler, and anything malformed means no stored note (the
note is parsed again).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vaultcheck.core.model import Note
from vaultcheck.parse.chunkpipe import chunk_message
from vaultcheck.parse.flatnote import FLAT_SIZE, FlatChunk, columns, flatten
from vaultcheck.parse.flatpick import Picker
from vaultcheck.parse.flatrestore import unflatten
from vaultcheck.parse.sharednote import Shared
from vaultcheck.parse.text import decode
from vaultcheck.vault.cachefile import safe_loads

#: A stored note: its content hash, its chunk's number and its place in that chunk.
Entry = tuple[bytes, int, int]

#: Notes stored in one chunk of their own when rewriting, rather than keeping their old
#: chunk, when fewer than this share of its notes are still wanted.
_KEEP_SHARE = 0.5

#: Notes per chunk stored anew (as the parse's chunks).
_CHUNK = 100


class StoredNotes:
    """The notes file as loaded (``entries`` by path, the pickled ``chunks``), or being
    written: :meth:`add` a chunk as it is parsed, :meth:`carry` notes from an older file."""

    def __init__(
        self, entries: dict[str, Any] | None = None, chunks: list[Any] | None = None
    ) -> None:
        self.entries: dict[str, Any] = entries if entries is not None else {}
        self.chunks: list[Any] = chunks if chunks is not None else []
        self._loaded: dict[int, FlatChunk | None] = {}
        self._pickers: dict[int, Picker] = {}
        self._shared = Shared()  # for the notes taken one by one (:meth:`bare`)
        #: How many notes each chunk loaded holds, stored or not.
        self._sizes: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, path: object) -> bool:
        return path in self.entries

    def add(self, paths: Sequence[str], blob: bytes, digests: Mapping[str, bytes]) -> None:
        """Store a chunk of notes: ``blob`` pickles ``(number, flat chunk)`` of the notes at
        ``paths``, whose content hashes are in ``digests``."""
        number = len(self.chunks)
        self.chunks.append(blob)
        for place, path in enumerate(paths):
            self.entries[path] = (digests[path], number, place)

    def add_notes(self, notes: Sequence[Note], digests: Mapping[str, bytes]) -> None:
        """Store ``notes`` (parsed elsewhere) as one chunk."""
        if notes:
            blob = chunk_message(len(self.chunks), flatten(notes))
            self.add([note.path for note in notes], blob, digests)

    def carry(
        self,
        older: StoredNotes,
        paths: Iterable[str],
        notes: Mapping[str, Note],
        digests: Mapping[str, bytes],
    ) -> None:
        """Keep the notes at ``paths`` as ``older`` stored them (with the content hashes
        ``digests``): their chunks are kept when at least half of each is still wanted, else
        the notes (from ``notes``) are stored anew, so that notes no longer wanted never
        take most of the file."""
        by_chunk: dict[int, list[str]] = defaultdict(list)
        for path in paths:
            by_chunk[older.entries[path][1]].append(path)
        again: list[Note] = []
        for number, wanted in by_chunk.items():
            size = older._sizes.get(number)  # known for the chunks notes were loaded from
            if size is None or len(wanted) < _KEEP_SHARE * size:
                again.extend(notes[path] for path in wanted)
                continue
            kept = len(self.chunks)
            self.chunks.append(older.chunks[number])
            for path in wanted:
                self.entries[path] = (digests[path], kept, older.entries[path][2])
        for start in range(0, len(again), _CHUNK):
            self.add_notes(again[start : start + _CHUNK], digests)

    def place(self, path: str, wanted: bytes) -> tuple[int, int] | None:
        """The chunk and place of the note stored for ``path`` with content hash
        ``wanted``; ``None`` when there is none."""
        hit = self.entries.get(path)
        if type(hit) is not tuple or len(hit) != 3 or hit[0] != wanted:
            return None
        _, number, place = hit
        if type(number) is not int or type(place) is not int or place < 0:
            return None
        if not 0 <= number < len(self.chunks):
            return None
        return number, place

    def notes(self, wanted: Iterable[tuple[str, bytes, bytes]], shared: Shared) -> dict[str, Note]:
        """The notes stored for ``(path, content hash, bytes)`` (those whose hash matches),
        with their texts decoded from their bytes again and their values shared through
        ``shared``. A chunk wanted whole is built whole, in columns."""
        by_chunk: dict[int, dict[int, tuple[str, bytes]]] = defaultdict(dict)
        for path, digest, data in wanted:
            found = self.place(path, digest)
            if found is not None:
                by_chunk[found[0]][found[1]] = (path, data)
        made: dict[str, Note] = {}
        for number, places in by_chunk.items():
            flat = self._chunk(number, remember=False)
            if flat is not None:
                made.update(_built(flat, places, shared))
        return made

    def bare(self, path: str, wanted: bytes) -> Note | None:
        """The note stored for ``path`` if its content hash is ``wanted``, without its text
        and line starts (as :func:`~vaultcheck.parse.text.without_text` leaves a note)."""
        found = self.place(path, wanted)
        if found is None:
            return None
        number, place = found
        try:
            picker = self._pickers.get(number)
            if picker is None:
                flat = self._chunk(number)
                if flat is None:
                    return None
                picker = self._pickers[number] = Picker(flat)
            one = picker.pick(place)
            if one[0][0][0] != path:
                return None
            (note,) = unflatten(one, None, self._shared, _unwire)
        except Exception:  # a chunk of the wrong shape: parsed again instead
            return None
        return note

    def _chunk(self, number: int, remember: bool = True) -> FlatChunk | None:
        """The flat chunk ``number``, unpickled safely; ``None`` when it is not one."""
        if number in self._loaded:
            return self._loaded[number]
        flat: FlatChunk | None = None
        try:
            loaded = safe_loads(self.chunks[number])
            if type(loaded) is tuple and len(loaded) == 2 and type(loaded[1]) is tuple:
                flat = loaded[1]
                if len(flat) != FLAT_SIZE or type(columns(flat).owns) is not tuple:
                    flat = None
        except Exception:  # corrupt or foreign: parsed again instead
            flat = None
        if remember:
            self._loaded[number] = flat
        if flat is not None:
            self._sizes[number] = len(columns(flat).owns)
        return flat


def _built(
    flat: FlatChunk, places: dict[int, tuple[str, bytes]], shared: Shared
) -> dict[str, Note]:
    """The notes at ``places`` of ``flat`` (each with its path and bytes): the whole chunk
    at once when every note of it is wanted, else note by note; nothing from a chunk of the
    wrong shape."""
    try:
        owns = columns(flat).owns
        if any(owns[place][0] != path for place, (path, _) in places.items()):
            return {}
        if len(places) == len(owns):
            texts = [_text(owns[place], places[place][1]) for place in range(len(owns))]
            return {note.path: note for note in unflatten(flat, texts, shared, _unwire)}
        made = {}
        picker = Picker(flat)
        for place, (path, data) in places.items():
            text = _text(owns[place], data)
            (made[path],) = unflatten(picker.pick(place), [text], shared, _unwire)
        return made
    except Exception:  # a chunk of the wrong shape: its notes are parsed again instead
        return {}


def _text(own: tuple[Any, ...], data: bytes) -> str:
    """A stored note's text from its bytes: none for a note that was not parsed."""
    _, skipped_size, internal_error, *_ = own
    return decode(data).text if skipped_size is None and internal_error is None else ""


def _unwire(value: Any) -> Any:
    """A property value pickled by itself (see ``flatnote._wire``), loaded as safely as the
    rest of the cache."""
    return safe_loads(value[0]) if type(value) is tuple else value
