"""Link resolution with Obsidian's rules. The result is data attached to each link.

Order, as Obsidian does it:

1. ``[[#Heading]]`` points into the note itself.
2. ``./`` and ``../`` are relative to the linking note's folder; a leading ``/`` is the vault
   root. Markdown links are also tried relative to the note's folder. Nothing resolves outside
   the vault root, and resolution never touches the file system.
3. An exact vault path (``folder/Note`` or ``folder/Note.md``).
4. A file name, or a path suffix (``[[dir/Note]]`` matches ``a/dir/Note.md``). Notes match with or
   without ``.md``; other files need their extension. Several matches make the link ambiguous.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import Enum

from vaultcheck.model import Link, LinkKind, Note
from vaultcheck.vault import Vault, fold, strip_md


class Status(str, Enum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a link points at: one path, several candidates, or nothing."""

    status: Status
    target: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.status is Status.RESOLVED


_EMPTY = Resolution(Status.EMPTY)
_UNRESOLVED = Resolution(Status.UNRESOLVED)


def resolve(vault: Vault, source: Note, link: Link) -> Resolution:
    """Resolve ``link`` written in ``source``."""
    if link.same_note:
        return Resolution(Status.RESOLVED, source.path)
    target = link.target.replace("\\", "/")
    if not target:
        return _EMPTY
    if target.startswith(("./", "../")) or (
        link.kind is LinkKind.MARKDOWN and not target.startswith("/")
    ):
        joined = posixpath.normpath(posixpath.join(source.folder, target))
        found = _exact(vault, joined)
        if found is not None or target.startswith(("./", "../")):
            return Resolution(Status.RESOLVED, found) if found else _UNRESOLVED
    target = target.lstrip("/")
    found = _exact(vault, target)
    if found is not None:
        return Resolution(Status.RESOLVED, found)
    candidates = _by_name(vault, target)
    if not candidates:
        return _UNRESOLVED
    if len(candidates) == 1:
        return Resolution(Status.RESOLVED, candidates[0])
    return Resolution(Status.AMBIGUOUS, None, tuple(sorted(candidates)))


def leaves_vault(source: Note, link: Link) -> bool:
    """Whether a relative link climbs above the vault root (it then never resolves)."""
    target = link.target.replace("\\", "/")
    if not (target.startswith(("./", "../")) or link.kind is LinkKind.MARKDOWN):
        return False
    joined = posixpath.normpath(posixpath.join(source.folder, target))
    return joined == ".." or joined.startswith("../")


def _exact(vault: Vault, path: str) -> str | None:
    if path.startswith("../") or path == "..":
        return None  # outside the vault
    return vault.by_path.get(fold(path))


def _by_name(vault: Vault, target: str) -> list[str]:
    last = target.rsplit("/", 1)[-1]
    candidates = vault.by_name.get(fold(last), [])
    if "/" in target:
        suffix = "/" + fold(target)
        candidates = [
            c for c in candidates if fold(c).endswith(suffix) or fold(strip_md(c)).endswith(suffix)
        ]
    # A note is indexed under its stem and its file name; count it once.
    return list(dict.fromkeys(candidates))


def unresolved_key(link: Link) -> str:
    """The graph node name of an unresolved target: what a new note would be called."""
    return strip_md(link.target.replace("\\", "/").lstrip("/"))
