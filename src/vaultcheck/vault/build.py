"""The Vault: every note and attachment, with the indexes that make vault-wide checks linear.

Built once per run. Lookups through the indexes are case-insensitive and Unicode-normalized
(NFC), since Obsidian matches ``[[note]]`` to ``Note.md`` and macOS may store names as NFD.
Excluded files are indexed too: Obsidian resolves links to them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from vaultcheck.core.model import Note
from vaultcheck.parse.parallel import parse_many
from vaultcheck.parse.text import with_text, without_text
from vaultcheck.vault.cache import Cache, digest, pickle_note, unpickle_note
from vaultcheck.vault.scan import ScanResult, scan_vault
from vaultcheck.vault.spelling import NameMatcher


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The form names are compared in, as Obsidian compares them: NFC, then lower case as
    JavaScript's ``toLowerCase()`` gives it (Python's ``lower()`` uses the same Unicode
    mappings). Not ``casefold()``: ``Straße`` is not ``Strasse``. Memoised: names repeat."""
    return unicodedata.normalize("NFC", name).lower()


def strip_md(path: str) -> str:
    """``a/Note.md`` -> ``a/Note``; other paths unchanged."""
    return path[:-3] if path.lower().endswith(".md") else path


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file that was found but could not be read."""

    path: str
    reason: str


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


@dataclass
class Vault:
    """Notes by path, attachment paths, and lookup indexes (built here unless given)."""

    root: Path
    notes: Mapping[str, Note]
    attachments: frozenset[str] = frozenset()
    read_problems: tuple[ReadProblem, ...] = ()
    #: Files not checked (excluded, git-ignored) that links still reach.
    excluded: frozenset[str] = frozenset()
    #: Folded file name (note stem, note file name, attachment file name) -> paths.
    by_name: dict[str, list[str]] = field(default_factory=dict)
    #: Folded full path (notes with and without ``.md``) -> path.
    by_path: dict[str, str] = field(default_factory=dict)
    #: Folded alias -> paths of notes that declare it.
    by_alias: dict[str, list[str]] = field(default_factory=dict)
    _owners: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.by_path or self.by_name:
            return  # given, by a run that does not load every note (LazyNotes)
        by_name: dict[str, list[str]] = defaultdict(list)
        by_alias: dict[str, list[str]] = defaultdict(list)
        for path in self.notes:
            name = path.rsplit("/", 1)[-1]
            by_name[fold(strip_md(name))].append(path)
            if strip_md(name) != name:  # a canvas is named once, with its extension
                by_name[fold(name)].append(path)
            self.by_path[fold(path)] = path
            self.by_path[fold(strip_md(path))] = path
            for alias in aliases_of(self.notes[path]):
                by_alias[fold(alias)].append(path)
        for path in sorted(self.excluded):
            if path.lower().endswith(".md"):
                name = path.rsplit("/", 1)[-1]
                by_name[fold(strip_md(name))].append(path)
                self.by_path.setdefault(fold(strip_md(path)), path)
        for path in (*self.attachments, *sorted(self.excluded)):
            by_name[fold(path.rsplit("/", 1)[-1])].append(path)
            self.by_path.setdefault(fold(path), path)
        self.by_name = dict(by_name)
        self.by_alias = dict(by_alias)

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes.values())

    def is_note(self, path: str) -> bool:
        """Whether ``path`` is a note of the vault, checked or excluded."""
        return path in self.notes or (path in self.excluded and path.lower().endswith(".md"))

    def alias_owners(self, alias: str) -> tuple[str, ...]:
        """The notes claiming ``alias`` (any case or normal form), sorted; computed once per
        alias, since a shared alias is asked about by every note and link that uses it."""
        key = fold(alias)
        owners = self._owners.get(key)
        if owners is None:
            owners = self._owners[key] = tuple(sorted(set(self.by_alias.get(key, ()))))
        return owners

    @cached_property
    def name_matcher(self) -> NameMatcher:
        """ "Did you mean" over note names; built on first use (only broken links need it)."""
        names = (strip_md(path.rsplit("/", 1)[-1]) for path in self.notes)
        return NameMatcher({fold(name): name for name in names})


def aliases_of(note: Note) -> list[str]:
    """The note's ``aliases`` as Obsidian reads them: a list, or one string."""
    if note.frontmatter is None:
        return []
    value = note.frontmatter.get("aliases")
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


#: Changed notes that make the notes cache worth rewriting (or 2 % of the vault, if more).
REWRITE_AT = 50


class NoteBytes(Mapping[str, bytes]):
    """The notes' bytes once they are parsed: a note whose text encodes back to exactly its
    bytes gives them back from its text, so a run does not hold every note twice (154 MB at
    50,000 notes); the others (not UTF-8, too large, failed) keep their bytes."""

    def __init__(self, held: dict[str, bytes | Note]) -> None:
        self._held = held

    def with_bytes(self, path: str, content: bytes) -> NoteBytes:
        """These bytes with the note ``path``'s replaced (or added)."""
        return NoteBytes({**self._held, path: content})

    def __getitem__(self, path: str) -> bytes:
        held = self._held[path]  # a note only if its text encodes back to its bytes
        return held if isinstance(held, bytes) else held.text.encode("utf-8", "surrogatepass")

    def __contains__(self, path: object) -> bool:
        return path in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)


@dataclass
class Sources:
    """The vault's files as read: note bytes with their content hashes, attachment paths,
    and what could not be read. Nothing is parsed yet."""

    root: Path
    #: Each note's bytes (after :func:`build_vault`, as :class:`NoteBytes`).
    data: Mapping[str, bytes]
    attachments: list[str]
    problems: list[ReadProblem]
    #: Notes found but not readable: kept as empty placeholders so links to them resolve.
    unread: list[str] = field(default_factory=list)
    #: Files not checked (excluded, git-ignored) that links still reach.
    excluded: list[str] = field(default_factory=list)

    @cached_property
    def digests(self) -> dict[str, bytes]:
        """Each note's content hash, computed when first asked for: only the cache needs
        them, so a ``--no-cache`` run never pays for them (35 ms at 10,000 notes)."""
        return {path: digest(content) for path, content in self.data.items()}


def with_content(sources: Sources, path: str, data: bytes) -> Sources:
    """``sources`` with the note ``path``'s bytes replaced; the content hashes already
    computed are carried over (only the edited note's is new), since hashing 10,000 notes
    again on each keystroke of an editor cost more than checking the edit."""
    held = sources.data
    edited_data = (
        held.with_bytes(path, data) if isinstance(held, NoteBytes) else {**held, path: data}
    )
    edited = replace(sources, data=edited_data)
    known = sources.__dict__.get("digests")
    if known is not None:
        edited.__dict__["digests"] = {**known, path: digest(data)}
    return edited


def read_file(path: str) -> bytes:
    """A file's bytes (plain ``open``: pathlib's overhead shows at 10,000 files a run)."""
    with open(path, "rb") as stream:
        return stream.read()


def read_sources(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    overlay: Mapping[str, bytes] | None = None,
    keep: frozenset[str] = frozenset(),
) -> Sources:
    """Scan the vault and read every note (``overlay`` replaces some notes' bytes)."""
    scanned: ScanResult = scan_vault(root, exclude, respect_gitignore, keep)
    data: dict[str, bytes] = {}
    problems = [ReadProblem(path, reason) for path, reason in scanned.unreadable]
    base = os.fspath(root)
    for path in scanned.notes:
        if overlay and path in overlay:
            data[path] = overlay[path]
            continue
        try:
            data[path] = read_file(os.path.join(base, path))
        except OSError as err:
            problems.append(ReadProblem(path, err.strerror or str(err)))
    unread = [p.path for p in problems if p.path in set(scanned.notes)]
    return Sources(root, data, scanned.attachments, problems, unread, scanned.excluded)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while notes are parsed or loaded.

    Every object made then lives to the end of the run, so each collection would only walk
    the growing heap again: that walking was a third of a cold run at 10,000 notes. Frozen
    afterwards, the notes are not walked by later collections either (they are still freed
    as usual when nothing refers to them).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def cached_note(cached: Mapping[str, tuple[bytes, bytes]], path: str, wanted: bytes) -> Note | None:
    """The note stored for ``path`` if its content hash is ``wanted`` (without its text)."""
    hit = cached.get(path)
    if not isinstance(hit, tuple) or len(hit) != 2 or hit[0] != wanted:
        return None
    note = unpickle_note(hit[1])
    return note if isinstance(note, Note) and note.path == path else None


def build_vault(
    sources: Sources,
    cache: Cache | None = None,
    jobs: int = 1,
    parsed: Mapping[str, Note] | None = None,
) -> Vault:
    """Parse what the cache does not already hold (on ``jobs`` processes; a note of
    ``parsed`` made from the very same bytes is taken as it is), and index everything.
    ``sources.data`` becomes a :class:`NoteBytes`, which gives the same bytes back from the
    notes instead of holding them again."""
    with collector_paused():
        return _build_vault(sources, cache, jobs, parsed or {})


def _build_vault(
    sources: Sources,
    cache: Cache | None,
    jobs: int,
    parsed: Mapping[str, Note],
) -> Vault:
    cached = cache.load_notes() if cache is not None else {}
    notes: dict[str, Note] = {}
    # What ``sources.data`` becomes: each note's bytes, or the note that gives them back.
    held: dict[str, bytes | Note] = {}
    todo: list[tuple[str, bytes]] = []
    for path, content in sources.data.items():
        note = cached_note(cached, path, sources.digests[path]) if cached else None
        if note is not None:
            notes[path] = with_text(note, content)
            held[path] = _holding(notes[path], content)
        else:
            todo.append((path, content))
    given = {p: parsed[p] for p, content in todo if p in parsed and _made_from(parsed[p], content)}
    notes.update(given)
    held.update(given)
    parsed_now = [path for path, _ in todo]
    fresh = [(path, content) for path, content in todo if path not in given]
    # The parse holds the only references to the bytes it is given, so each note's bytes
    # can go once its note is made; at 50,000 notes that is the 154 MB the notes' texts
    # take again (see NoteBytes).
    order, todo = list(sources.data), []
    sources.data = {}

    def release(note: Note, content: bytes) -> None:
        held[note.path] = _holding(note, content)

    try:
        notes.update(parse_many(fresh, jobs, release))
    finally:
        held.update(pair for pair in fresh if pair is not None)  # not parsed: interrupted
        sources.data = NoteBytes({path: held[path] for path in order})
    # Rewriting every cached note costs more than re-parsing a few changed ones next time,
    # so the file is rewritten only when enough of it is stale (or notes were removed).
    stale = len(parsed_now) > max(REWRITE_AT, len(notes) // 50) or not cached
    if cache is not None and (stale or len(cached) > len(notes)):
        kept = {path: cached[path] for path in notes if path in cached}
        for path in parsed_now:
            kept[path] = (sources.digests[path], pickle_note(without_text(notes[path])))
        cache.save_notes(kept)
    for path in sources.unread:
        notes[path] = Note(path=path, text="", unread=True)
    ordered = {path: notes[path] for path in sorted(notes)}
    return Vault(
        root=sources.root,
        notes=ordered,
        attachments=frozenset(sources.attachments),
        read_problems=tuple(sources.problems),
        excluded=frozenset(sources.excluded),
    )


def _made_from(note: Note, content: bytes) -> bool:
    return note.text.encode("utf-8") == content


def _holding(note: Note, content: bytes) -> bytes | Note:
    """``note`` if its text gives back exactly ``content`` (see :class:`NoteBytes`), else
    ``content``."""
    same = note.text.encode("utf-8", "surrogatepass") == content
    return note if same else content


def load_vault(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    overlay: Mapping[str, bytes] | None = None,
    keep: frozenset[str] = frozenset(),
    cache: Cache | None = None,
    jobs: int = 1,
) -> Vault:
    """Scan, read, parse (reusing ``cache``) and index the vault at ``root``."""
    sources = read_sources(root, exclude, respect_gitignore, overlay, keep)
    return build_vault(sources, cache, jobs)
