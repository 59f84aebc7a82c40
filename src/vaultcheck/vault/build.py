"""The Vault: every note and attachment, with the indexes that make vault-wide checks linear.

Built once per run. Lookups through the indexes are case-insensitive and Unicode-normalized
(NFC), since Obsidian matches ``[[note]]`` to ``Note.md`` and macOS may store names as NFD.
Excluded files are indexed too: Obsidian resolves links to them.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import NamedTuple, Protocol

from vaultcheck.core import progress
from vaultcheck.core.model import Note
from vaultcheck.parse.parallel import parse_many
from vaultcheck.parse.sharednote import Shared
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.lazynotes import LazyNotes as LazyNotes  # re-exported
from vaultcheck.vault.lazynotes import NotLoaded as NotLoaded  # re-exported

# fold and strip_md lived here first; many modules import them from here.
from vaultcheck.vault.names import fold as fold
from vaultcheck.vault.names import name_indexes, note_name_matcher
from vaultcheck.vault.names import strip_md as strip_md
from vaultcheck.vault.sources import (  # re-exported: the vault is read, then built
    ReadProblem as ReadProblem,
)
from vaultcheck.vault.sources import Sources as Sources
from vaultcheck.vault.sources import read_file as read_file
from vaultcheck.vault.sources import read_sources as read_sources
from vaultcheck.vault.sources import with_content as with_content
from vaultcheck.vault.spelling import NameMatcher
from vaultcheck.vault.storednotes import StoredNotes
from vaultcheck.vault.textbytes import TextBytes, holding, parsed_holding


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
    #: "Did you mean" over the note names, when kept from an earlier vault of the same files.
    matcher: NameMatcher | None = None
    #: Each note's aliases (notes with any), when the indexes were built here.
    note_aliases: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)
    #: Given with ``by_name`` and ``by_path`` of every note: the aliases (maybe none) of
    #: some notes, read as they were parsed (:class:`AsMade`); the index of the aliases is
    #: then made here. Dropped once used.
    made_aliases: Mapping[str, tuple[str, ...]] | None = field(default=None, repr=False)
    _owners: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not (self.by_path or self.by_name):
            self.by_name, self.by_path = name_indexes(self.notes, self.attachments, self.excluded)
        elif self.made_aliases is None:
            return  # given, by a run that does not load every note (LazyNotes)
        made, self.made_aliases = self.made_aliases or {}, None
        by_alias: dict[str, list[str]] = defaultdict(list)
        self.note_aliases = {}
        for path, note in self.notes.items():
            aliases = made.get(path)
            if aliases is None:
                # Most notes of many vaults have no frontmatter: not asked.
                aliases = tuple(aliases_of(note)) if note.frontmatter is not None else ()
            if aliases:
                self.note_aliases[path] = aliases
                for alias in aliases:
                    by_alias[fold(alias)].append(path)
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
        """ "Did you mean" over note names; built on first use (only broken links need it),
        unless given (``matcher``)."""
        return self.matcher if self.matcher is not None else note_name_matcher(self.notes)


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


@contextlib.contextmanager
def collector_paused(freeze: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while notes are parsed or loaded (or checked).

    Every object made then lives to the end of the run, so each collection would only walk
    the growing heap again: that walking was a third of a cold run at 10,000 notes. Frozen
    afterwards, the notes are not walked by later collections either (they are still freed
    as usual when nothing refers to them). Without ``freeze``, the next collection walks
    what was made once, and frees whatever cycles of it are garbage by then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


class AsMade(Protocol):
    """Work on each note of a cold parse as the note is made here (between the chunks this
    process parses, while a worker parses others: ``engine/asmade.py``), rather than in
    the serial steps after the parse."""

    def __call__(self, note: Note) -> None:
        """Do it for ``note``, just parsed (or rebuilt from a worker's)."""

    def indexes(self, paths: list[str]) -> Indexes | None:
        """The name indexes of a vault of the notes ``paths`` (sorted), and the aliases of
        the notes seen; ``None`` when they were not made for exactly those paths."""


class Indexes(NamedTuple):
    """What :class:`AsMade` gives a :class:`Vault` (its fields of the same names)."""

    by_name: dict[str, list[str]]
    by_path: dict[str, str]
    made_aliases: Mapping[str, tuple[str, ...]]


def paths_vault(sources: Sources, paths: list[str]) -> Vault:
    """A vault of the files of ``sources`` without their notes (``paths``, sorted, those of
    the notes): its name indexes are those of the vault once built, which is all that
    resolving a link reads (``resolve.py``)."""
    by_name, by_path = name_indexes(paths, sources.attachments, sources.excluded)
    return Vault(
        root=sources.root,
        notes={},
        attachments=frozenset(sources.attachments),
        excluded=frozenset(sources.excluded),
        by_name=by_name,
        by_path=by_path,
    )


def build_vault(
    sources: Sources,
    cache: Cache | None = None,
    jobs: int = 1,
    parsed: Mapping[str, Note] | None = None,
    as_made: AsMade | None = None,
) -> Vault:
    """Parse what the cache does not already hold (on ``jobs`` processes; a note of
    ``parsed`` made from the very same bytes is taken as it is), and index everything.
    A plain dict of ``sources.data`` becomes a :class:`TextBytes`, which gives the same
    bytes back from the notes instead of holding them again. ``as_made`` is given each
    note parsed from such a dict as it is made, and may give the vault its indexes."""
    with collector_paused():
        return _build_vault(sources, cache, jobs, parsed or {}, as_made)


def _build_vault(
    sources: Sources,
    cache: Cache | None,
    jobs: int,
    parsed: Mapping[str, Note],
    as_made: AsMade | None,
) -> Vault:
    cached = StoredNotes(*cache.load_notes()) if cache is not None else StoredNotes()
    notes: dict[str, Note] = {}
    # What ``sources.data`` becomes: each note's bytes, or the note that gives them back.
    held: dict[str, bytes | Note] = {}
    todo: list[tuple[str, bytes]] = []
    releasing = type(sources.data) is dict  # see below
    if cached:
        digests = sources.digests
        datas = list(sources.data.items())
        # Equal ints and strings of the stored notes, one object each.
        notes = cached.notes([(path, digests[path], data) for path, data in datas], Shared())
        for path, content in datas:
            note = notes.get(path)
            if note is None:
                todo.append((path, content))
            elif releasing:
                held[path] = holding(note, content)
    else:
        todo = list(sources.data.items())
    given = (
        {p: parsed[p] for p, content in todo if p in parsed and _made_from(parsed[p], content)}
        if parsed
        else {}
    )
    notes.update(given)
    held.update(given)
    parsed_now = [path for path, _ in todo]
    fresh = [(path, content) for path, content in todo if path not in given] if given else todo
    progress.expect("parsed", len(fresh))
    # Rewriting every cached note costs more than re-parsing a few changed ones next time,
    # so the file is rewritten only when enough of it is stale (or notes were removed).
    total = len(notes) + len(fresh)
    stale = len(parsed_now) > max(REWRITE_AT, total // 50) or not cached
    storing = cache is not None and (stale or len(cached) > total)
    stored = StoredNotes()
    store = partial(stored.add, digests=sources.digests) if storing else None
    if releasing:
        # The parse holds the only references to the bytes it is given, so each note's
        # bytes can go once its note is made; at 50,000 notes that is the 154 MB the notes'
        # texts take again (see TextBytes). Bytes read through the cache's stamps
        # (``stamps.NoteBytes``) stay where they are: that table is saved after the run.
        order, todo = list(sources.data), []
        sources.data = {}

        def release(note: Note, content: bytes) -> None:
            held[note.path] = parsed_holding(note, content)
            if as_made is not None:
                as_made(note)

        try:
            notes.update(parse_many(fresh, jobs, release, store))
        finally:
            held.update(pair for pair in fresh if pair is not None)  # not parsed: interrupted
            sources.data = TextBytes({path: held[path] for path in order})
    else:
        notes.update(parse_many(fresh, jobs, store=store))
    if cache is not None and storing:
        stored.add_notes(list(given.values()), sources.digests)
        parsed_now_set = set(parsed_now)
        kept = [path for path in notes if path in cached and path not in parsed_now_set]
        stored.carry(cached, kept, notes, sources.digests)
        cache.save_notes(stored.entries, stored.chunks)
    for path in sources.unread:
        notes[path] = Note(path=path, text="", unread=True)
    ordered = {path: notes[path] for path in sorted(notes)}
    made = as_made.indexes(list(ordered)) if as_made is not None else None
    return Vault(
        root=sources.root,
        notes=ordered,
        attachments=frozenset(sources.attachments),
        read_problems=tuple(sources.problems),
        excluded=frozenset(sources.excluded),
        by_name=made.by_name if made is not None else {},
        by_path=made.by_path if made is not None else {},
        made_aliases=made.made_aliases if made is not None else None,
    )


def _made_from(note: Note, content: bytes) -> bool:
    return note.text.encode("utf-8") == content


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
