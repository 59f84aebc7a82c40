"""Every link of the vault resolved once, and who links to whom."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.vault.build import Vault
from vaultcheck.vault.resolve import (
    RELATIVE_STARTS,
    RESOLVED,
    SHORTEST,
    Matches,
    Resolution,
    name_answer,
    name_matches,
    resolve,
    shortest_link,
)

#: A note's links that do not lead to one file, and those with an anchor, each with its
#: resolution, in order (:meth:`LinkIndex.not_resolved`, :meth:`LinkIndex.anchored`).
LinkFacts = tuple[tuple[tuple[Link, Resolution], ...], tuple[tuple[Link, Resolution], ...]]

#: Read once: an Enum member read from its class costs a lookup each time (0.15 us).
_CANVAS = LinkKind.CANVAS


class LinkIndex:
    """Resolutions of all links (parallel to each note's ``links``) and incoming-link counts.

    Given ``incoming`` (an incremental run knows them from the last run), nothing is resolved
    up front: a note's links are resolved when asked for. Given ``made``, an index whose
    notes were added one by one as they were parsed (:meth:`add`) over a vault of the same
    files, what it worked out is taken over, and only the other notes are resolved here.
    """

    def __init__(
        self, vault: Vault, incoming: Counter[str] | None = None, made: LinkIndex | None = None
    ) -> None:
        self._resolutions: dict[str, tuple[Resolution, ...]] = {}
        self._not_resolved: dict[str, tuple[tuple[Link, Resolution], ...]] = {}
        self._anchored: dict[str, tuple[tuple[Link, Resolution], ...]] = {}
        #: Each note's :meth:`targets`, kept by :meth:`_facts` (added or asked about).
        self._targets: dict[str, list[str]] = {}
        self.vault = vault
        # Most links name a target that other links name too: look each distinct one up
        # once. What it matches does not depend on the source; which match Obsidian opens
        # does only when there are several (same folder first), so that is kept per folder.
        #: Target as written -> its :class:`Resolution` when that is the same from every
        #: note (any link but a canvas card's), else its :class:`Matches`. Read-only for
        #: others: the related entries read it before building a link to resolve.
        self.answers: dict[str, Matches | Resolution] = {}
        self._chosen: dict[tuple[str, str], Resolution] = {}
        self._lookups: dict[str, Matches] = {}
        if made is not None:
            self._resolutions, self._not_resolved = made._resolutions, made._not_resolved
            self._anchored, self._targets = made._anchored, made._targets
            self.answers, self._chosen, self._lookups = made.answers, made._chosen, made._lookups
        if incoming is not None:
            self.incoming = incoming
            return
        # Counted in one call: ``Counter.update`` costs a few checks in Python per call.
        every: list[str] = []
        added = self._targets
        for note in vault:
            found = added.get(note.path)  # :meth:`targets` inlined: most notes were added
            every += self.targets(note) if found is None else found
        self.incoming = Counter(every)

    def add(self, note: Note) -> None:
        """Resolve the links of ``note`` now, and find its link facts and :meth:`targets`:
        a cold run does it as each note is parsed (``engine/asmade.py``), while the other
        process still parses, instead of in the serial checks after the parse."""
        self._facts(note)

    def resolve(self, note: Note, link: Link) -> Resolution:
        """:func:`~vaultcheck.vault.resolve.resolve`, memoised: a target named by a thousand notes
        (a shared basename, say) is looked up once, not a thousand times."""
        target = link.target
        found = self.answers.get(target)
        # Only a target that passed the test below is ever kept: the usual answer, at once.
        if type(found) is Resolution and link.kind is not _CANVAS:
            return found
        # ``link.same_note`` needs an empty target: ``not target`` covers it.
        if not target or link.kind is _CANVAS or target.startswith(RELATIVE_STARTS):
            return resolve(self.vault, note, link)
        if found is None:
            # Fewer than two candidates: the same answer from every folder.
            found = self.answers[target] = name_answer(self.vault, target.replace("\\", "/"))
        if isinstance(found, Resolution):
            return found
        key = (note.folder, target)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = self._chosen[key] = found.choose(note.folder)
        return chosen

    def matches(self, target: str) -> Matches:
        """:func:`~vaultcheck.vault.resolve.name_matches`, memoised."""
        found = self._lookups.get(target)
        if found is None:
            found = self._lookups[target] = name_matches(self.vault, target)
        return found

    def shortest_link(self, folder: str, path: str) -> str:
        """:func:`~vaultcheck.vault.resolve.shortest_link` through the memoised lookups."""
        return shortest_link(self.vault, folder, path, self.matches)

    def of(self, note: Note) -> Iterator[tuple[Link, Resolution]]:
        """Each link of ``note`` with its resolution."""
        return zip(note.links, self._resolved(note), strict=True)

    def not_resolved(self, note: Note) -> tuple[tuple[Link, Resolution], ...]:
        """The links of ``note`` that are unresolved or empty, or that Obsidian resolves by
        a guess among several files, with their resolutions, in order. Several link rules
        report only on these (most notes have none)."""
        found = self._not_resolved.get(note.path)
        return self._facts(note)[0] if found is None else found

    def anchored(self, note: Note) -> tuple[tuple[Link, Resolution], ...]:
        """The links of ``note`` to a heading or a block (``#H``, ``#^id``), with their
        resolutions, in order: LNK003 and LNK004 check only these, one link in ten."""
        found = self._anchored.get(note.path)
        return self._facts(note)[1] if found is None else found

    def _facts(self, note: Note) -> LinkFacts:
        """:meth:`not_resolved` and :meth:`anchored` both, found in one walk of the note's
        links whichever is asked first (the default rules read both), with its
        :meth:`targets` (kept too). Only the note and its resolutions are read: no other
        note.

        One walk for the three, each resolution's fields unpacked once and a link's read by
        place (see the end of the module): 25 % fewer instructions than a walk for the facts
        and a list for the targets, resolutions included (callgrind, the memo filled)."""
        path, links = note.path, note.links
        resolutions = self._resolved(note)
        broken: list[tuple[Link, Resolution]] = []
        anchored: list[tuple[Link, Resolution]] = []
        targets: list[str] = []
        resolved, shortest = RESOLVED, SHORTEST
        # Not ``strict``: the resolutions are made from these links (a check per pair).
        for link, res in zip(links, resolutions, strict=False):
            status, target, decided, _ = res
            if status is resolved:
                if target != path and target is not None:
                    targets.append(target)
                if decided is shortest:  # ``guessed``, inlined
                    broken.append((link, res))
            else:
                broken.append((link, res))
            if link[3] or link[4] is not None:
                anchored.append((link, res))
        found = tuple(broken), tuple(anchored)
        self._not_resolved[path], self._anchored[path] = found
        self._targets[path] = targets
        return found

    def targets(self, note: Note) -> list[str]:
        """The other files ``note`` links to, once per link: its share of ``incoming``
        (the index's own list, kept: read it, never change it)."""
        found = self._targets.get(note.path)
        if found is None:
            self._facts(note)
            found = self._targets[note.path]
        return found

    def _resolved(self, note: Note) -> tuple[Resolution, ...]:
        found = self._resolutions.get(note.path)
        if found is None:
            # :meth:`resolve` inlined for the usual link, a name with one match (150,000
            # links at 10,000 notes): its target alone is its memo key. Not a canvas card's:
            # it names a path, which a wikilink's memoised name lookup does not answer.
            matches, canvas = self.answers, _CANVAS
            found = self._resolutions[note.path] = tuple(
                [
                    memo
                    if type(memo := matches.get(link[1])) is Resolution and link[0] is not canvas
                    else self.resolve(note, link)
                    for link in note.links
                ]
            )
        return found


# The loops above read a link's fields by place (``Link`` is a named tuple: ``link[3]`` is a
# specialised subscript, ``link.headings`` a descriptor call); adding a field before these
# would move them.
assert Link._fields[:5] == ("kind", "target", "span", "headings", "block")
