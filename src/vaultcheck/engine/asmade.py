"""The checks' groundwork on each note alone, done as a cold parse makes the note.

After the parse the main process works alone (the worker has ended): every step there is
wall time. Some of it needs only the note and the vault's file names, known before any note
is parsed: resolving the note's links (the link index), its link facts and the targets it
adds to the incoming counts, its valid tag names (TAG002's spellings), its aliases (the
vault's alias index). Done as each note is made, between the chunks this process parses
while a worker parses others, that work shares the parse phase with the worker: this
process then parses fewer chunks. Notes not seen here (from the cache, unread files) are
worked out after the parse, as before; the results are the same either way.
"""

from __future__ import annotations

from operator import attrgetter

from vaultcheck.core.model import Note
from vaultcheck.rules.tags import tag_names
from vaultcheck.vault.build import Indexes, Sources, Vault, aliases_of, paths_vault
from vaultcheck.vault.linkindex import LinkIndex

_NAME = attrgetter("name")


class AsMade:
    """Given to :func:`~vaultcheck.vault.build.build_vault` for a run over ``sources``,
    before it parses (see :class:`vaultcheck.vault.build.AsMade`)."""

    def __init__(self, sources: Sources) -> None:
        self._sources = sources
        # The notes' paths, taken now: the parse empties ``sources.data`` as it goes.
        self._paths: list[str] = [*sources.data, *sources.unread]
        # A path may be both read and unread: an editor's bytes for a note the scan could
        # not read (``with_file`` keeps it unread). The vault then holds it as unread, so
        # its parsed note must leave nothing here.
        self._unread = frozenset(sources.unread)
        #: Over a vault of the files without their notes (made with the first note, once
        #: a worker is parsing too), then taken over by the vault's link index.
        self.links: LinkIndex | None = None
        #: Each note's :func:`~vaultcheck.rules.tags.tag_names`, by path.
        self.tags: dict[str, tuple[str, ...]] = {}
        # Tag names found valid so far: a note's tags are nearly all names other notes
        # use too, so checking each (a Python call a tag) is mostly done once per name.
        self._valid_tags: set[str] = set()
        self._aliases: dict[str, tuple[str, ...]] = {}

    def __call__(self, note: Note) -> None:
        if note.path in self._unread:
            return
        links = self.links
        if links is None:
            self._paths = sorted(set(self._paths))
            links = self.links = LinkIndex(paths_vault(self._sources, self._paths))
        links.add(note)
        path = note.path
        names = tuple(map(_NAME, note.tags))
        if not self._valid_tags.issuperset(names):
            names = tag_names(note)  # the same tuple when they are all valid
            self._valid_tags.update(names)
        self.tags[path] = names
        self._aliases[path] = tuple(aliases_of(note)) if note.frontmatter is not None else ()

    def indexes(self, paths: list[str]) -> Indexes | None:
        links = self.links
        if links is None or paths != self._paths:
            return None
        return Indexes(links.vault.by_name, links.vault.by_path, self._aliases)

    def link_index(self, vault: Vault) -> LinkIndex:
        """The link index of ``vault``, taking over what was resolved here when ``vault``
        was built with the name indexes resolved against."""
        links = self.links
        if links is None or vault.by_path is not links.vault.by_path:
            return LinkIndex(vault)
        return LinkIndex(vault, made=links)
