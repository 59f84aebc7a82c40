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
        # Most links name a target that other links name too: resolve each distinct one once.
        seen: dict[tuple[str, ...], Resolution] = {}
        for note in vault:
            resolved = tuple(self._resolve(vault, note, link, seen) for link in note.links)
            self._resolutions[note.path] = resolved
            for resolution in resolved:
                if resolution.status is Status.RESOLVED and resolution.target != note.path:
                    assert resolution.target is not None
                    self.incoming[resolution.target] += 1

    @staticmethod
    def _resolve(
        vault: Vault, note: Note, link: Link, seen: dict[tuple[str, ...], Resolution]
    ) -> Resolution:
        if link.same_note:
            return resolve(vault, note, link)
        relative = link.kind is LinkKind.MARKDOWN or link.target.startswith(("./", "../"))
        key = (note.folder, link.kind.value, link.target) if relative else (link.target,)
        found = seen.get(key)
        if found is None:
            found = seen[key] = resolve(vault, note, link)
        return found

    def of(self, note: Note) -> Iterator[tuple[Link, Resolution]]:
        """Each link of ``note`` with its resolution."""
        return zip(note.links, self._resolutions[note.path], strict=True)
