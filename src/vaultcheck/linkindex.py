"""Every link of the vault resolved once, and who links to whom."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from vaultcheck.model import Link, LinkKind, Note
from vaultcheck.resolve import Resolution, Status, resolve
from vaultcheck.vault import Vault


class LinkIndex:
    """Resolutions of all links (parallel to each note's ``links``) and incoming-link counts."""

    def __init__(self, vault: Vault) -> None:
        self._resolutions: dict[str, tuple[Resolution, ...]] = {}
        self.incoming: Counter[str] = Counter()
        self.vault = vault
        # Most links name a target that other links name too: resolve each distinct one once.
        self._seen: dict[tuple[str, ...], Resolution] = {}
        for note in vault:
            resolved = tuple(self.resolve(note, link) for link in note.links)
            self._resolutions[note.path] = resolved
            for resolution in resolved:
                if resolution.status is Status.RESOLVED and resolution.target != note.path:
                    assert resolution.target is not None
                    self.incoming[resolution.target] += 1

    def resolve(self, note: Note, link: Link) -> Resolution:
        """:func:`~vaultcheck.resolve.resolve`, memoised: a target named by a thousand notes
        (a shared basename, say) is resolved once, not a thousand times."""
        if link.same_note:
            return resolve(self.vault, note, link)
        relative = link.kind is LinkKind.MARKDOWN or link.target.startswith(("./", "../"))
        key = (note.folder, link.kind.value, link.target) if relative else (link.target,)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = resolve(self.vault, note, link)
        return found

    def of(self, note: Note) -> Iterator[tuple[Link, Resolution]]:
        """Each link of ``note`` with its resolution."""
        return zip(note.links, self._resolutions[note.path], strict=True)
