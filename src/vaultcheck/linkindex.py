"""Every link of the vault resolved once, and who links to whom."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from vaultcheck.model import Link, LinkKind, Note
from vaultcheck.resolve import Resolution, Status, resolve
from vaultcheck.vault import Vault


class LinkIndex:
    """Resolutions of all links (parallel to each note's ``links``) and incoming-link counts.

    Given ``incoming`` (an incremental run knows them from the last run), nothing is resolved
    up front: a note's links are resolved when asked for.
    """

    def __init__(self, vault: Vault, incoming: Counter[str] | None = None) -> None:
        self._resolutions: dict[str, tuple[Resolution, ...]] = {}
        self._not_resolved: dict[str, tuple[tuple[Link, Resolution], ...]] = {}
        self.vault = vault
        # Most links name a target that other links name too: resolve each distinct one once.
        # Keyed by the target alone, or for a relative one by (folder, kind, target).
        self._seen: dict[str | tuple[str, str, str], Resolution] = {}
        if incoming is not None:
            self.incoming = incoming
            return
        self.incoming = Counter()
        for note in vault:
            self.incoming.update(self.targets(note))

    def resolve(self, note: Note, link: Link) -> Resolution:
        """:func:`~vaultcheck.resolve.resolve`, memoised: a target named by a thousand notes
        (a shared basename, say) is resolved once, not a thousand times."""
        if link.same_note:
            return resolve(self.vault, note, link)
        relative = link.kind is LinkKind.MARKDOWN or link.target.startswith(("./", "../"))
        key = (note.folder, link.kind.value, link.target) if relative else link.target
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = resolve(self.vault, note, link)
        return found

    def of(self, note: Note) -> Iterator[tuple[Link, Resolution]]:
        """Each link of ``note`` with its resolution."""
        return zip(note.links, self._resolved(note), strict=True)

    def not_resolved(self, note: Note) -> tuple[tuple[Link, Resolution], ...]:
        """The links of ``note`` that do not lead to exactly one file (unresolved, ambiguous,
        empty), with their resolutions, in order. Five link rules report only on these: one
        walk of the note's links instead of five (most notes have none)."""
        found = self._not_resolved.get(note.path)
        if found is None:
            found = tuple(pair for pair in self.of(note) if pair[1].status is not Status.RESOLVED)
            self._not_resolved[note.path] = found
        return found

    def targets(self, note: Note) -> list[str]:
        """The other files ``note`` links to, once per link: its share of ``incoming``."""
        return [
            res.target
            for res in self._resolved(note)
            if res.status is Status.RESOLVED and res.target is not None and res.target != note.path
        ]

    def _resolved(self, note: Note) -> tuple[Resolution, ...]:
        found = self._resolutions.get(note.path)
        if found is None:
            found = self._resolutions[note.path] = tuple(self._resolve_all(note))
        return found

    def _resolve_all(self, note: Note) -> Iterator[Resolution]:
        # :meth:`resolve` inlined for the usual link, a wikilink to a name (150,000 of them
        # at 10,000 notes): its target alone is its memo key.
        seen, markdown = self._seen, LinkKind.MARKDOWN
        for link in note.links:
            target = link.target
            if not target or link.kind is markdown or target.startswith(("./", "../")):
                yield self.resolve(note, link)
                continue
            found = seen.get(target)
            if found is None:
                found = seen[target] = resolve(self.vault, note, link)
            yield found
