"""Link resolution with Obsidian's rules. The result is data attached to each link.

Which file a link opens, as observed in Obsidian 1.13's own link cache (``DESIGN.md``,
"Obsidian semantics"):

1. ``[[#Heading]]`` points into the note itself.
2. ``./x`` and ``../x`` are relative to the linking note's folder only, with no fallback by
   name; a leading ``/`` is the vault root. Nothing resolves outside the vault.
3. Any other target (wikilink or percent-decoded Markdown link alike) that is an exact vault
   path wins (``[[Note]]`` is ``Note.md`` at the root), even over a match beside the source.
4. Else the files whose name matches, or whose path ends with a folder-qualified target
   (``[[b/Note]]`` reaches ``a/b/Note.md``): one is taken; of several, the one in the
   source note's own folder, else the one with the shortest path string (its JavaScript
   ``length``: UTF-16 code units; ties: code point order, our choice). Only that last case
   is a guess (LNK002).

Files whose names differ only in case or Unicode normal form can share a folder (Linux): of
those, the one spelt exactly as the link is taken, as a case-sensitive lookup finds it
first (our reading; not observed); a spelling of neither takes the first in code point order.

Notes match with or without ``.md``; other files need their extension. A file at the
path as written comes before a note reached by adding ``.md`` (``paper.pdf``, not
``paper.pdf.md``). Names compare as
:func:`~vaultcheck.vault.build.fold` gives them. Resolution never touches the file system.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from enum import Enum
from functools import partial
from typing import NamedTuple

from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.vault.build import Vault, fold, strip_md


class Status(str, Enum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    EMPTY = "empty"


class Decided(str, Enum):
    """How the file a link opens was chosen."""

    SAME_NOTE = "same note"  # [[#Heading]]
    RELATIVE = "relative path"  # ./x, ../x
    EXACT = "exact path"
    ONLY = "only match"
    SAME_FOLDER = "same folder"
    SHORTEST = "shortest path"


# The members as plain names, for the loops that test one per link or entry: a member read
# through its Enum class costs a lookup each time (0.15 us on CPython 3.11).
RESOLVED, UNRESOLVED, EMPTY = Status.RESOLVED, Status.UNRESOLVED, Status.EMPTY
EXACT, ONLY, SAME_FOLDER, SHORTEST = (
    Decided.EXACT,
    Decided.ONLY,
    Decided.SAME_FOLDER,
    Decided.SHORTEST,
)


class Resolution(NamedTuple):
    """What a link points at: the file Obsidian opens (``None`` when unresolved or empty),
    how it was chosen, and the other files the name matches.

    A named tuple, not a frozen dataclass: one is made per distinct link target (14,600 at
    6,600 notes), and a frozen dataclass sets each field through ``object.__setattr__``
    (about 1 µs a resolution against 0.15 µs made with ``tuple.__new__``); comparing two
    is done in C too."""

    status: Status
    target: str | None = None
    decided: Decided | None = None
    #: The other files the name matches, sorted (empty unless there were several).
    others: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.status is RESOLVED

    @property
    def guessed(self) -> bool:
        """Whether Obsidian picked among several files by the shortest path alone."""
        return self.decided is SHORTEST


_EMPTY = Resolution(Status.EMPTY)
_UNRESOLVED = Resolution(Status.UNRESOLVED)


#: How a target explicitly relative to its note starts (:func:`is_relative`).
RELATIVE_STARTS = ("./", "../", ".\\", "..\\")


def is_relative(target: str) -> bool:
    """Whether a target is explicitly relative to its note (``./x``, ``../x``)."""
    return target.startswith(RELATIVE_STARTS)


def resolve(vault: Vault, source: Note, link: Link) -> Resolution:
    """Resolve ``link`` written in ``source``."""
    if link.same_note:
        return Resolution(Status.RESOLVED, source.path, Decided.SAME_NOTE)
    if link.kind is LinkKind.CANVAS:  # a card names a vault path; Obsidian does not search
        found = exact_path(vault, link.target)
        return Resolution(Status.RESOLVED, found, Decided.EXACT) if found else _UNRESOLVED
    return resolve_target(vault, source.folder, link.target)


def resolve_target(vault: Vault, folder: str, written: str) -> Resolution:
    """Resolve a link target as written in a note of ``folder`` (``""``: the root)."""
    target = written.replace("\\", "/")
    if not target:
        return _EMPTY
    if is_relative(target):
        joined = posixpath.normpath(posixpath.join(folder, target))
        found = exact_path(vault, joined)
        return Resolution(Status.RESOLVED, found, Decided.RELATIVE) if found else _UNRESOLVED
    return name_matches(vault, target).choose(folder)


class Matches:
    """What a target matches, wherever it is written: an exact path, or candidates (sorted).

    Which candidate a note opens depends on its folder; the candidates by folder and the
    shortest one are worked out once, so a name shared by thousands of notes costs one
    dictionary read per linking note, not a walk of the candidates."""

    __slots__ = ("_beside", "_guess", "_shortest", "candidates", "exact", "spelt")

    def __init__(
        self, exact: str | None, candidates: tuple[str, ...] = (), spelt: str = ""
    ) -> None:
        self.exact = exact
        self.candidates = candidates
        #: The file name as the link writes it: of candidates alike but for case or normal
        #: form (which only one folder can hold), the one spelt so is taken.
        self.spelt = spelt
        self._beside: dict[str, str] | None = None
        self._shortest = ""
        self._guess: Resolution | None = None

    def choose(self, folder: str) -> Resolution:
        """The file Obsidian opens among these matches for a link in ``folder``."""
        if self.exact is not None:
            return _new(Resolution, (RESOLVED, self.exact, EXACT, ()))
        candidates = self.candidates
        if not candidates:
            return _UNRESOLVED
        if len(candidates) == 1:
            return _new(Resolution, (RESOLVED, candidates[0], ONLY, ()))
        if self._beside is None:
            beside: dict[str, str] = {}
            unspelt = partial(_not_spelt, self.spelt)
            # Files differing only in case can share a folder: the one spelt as written wins
            # there, else the shortest (the last written here).
            for path in sorted(candidates, key=lambda p: (unspelt(p), *_shortest(p)), reverse=True):
                beside[_folder_of(path)] = path
            shortest = min(candidates, key=lambda p: (_shortest(p)[0], unspelt(p), p))
            self._beside, self._shortest = beside, shortest
        chosen = self._beside.get(folder)
        if chosen is None:
            if self._guess is None:
                others = _without(candidates, self._shortest)
                self._guess = _new(Resolution, (RESOLVED, self._shortest, SHORTEST, others))
            return self._guess
        return _new(Resolution, (RESOLVED, chosen, SAME_FOLDER, _without(candidates, chosen)))


def _without(candidates: tuple[str, ...], chosen: str) -> tuple[str, ...]:
    """``candidates`` but ``chosen`` (one of them: they are distinct), in order. Sliced in C,
    not filtered in Python: a name shared by every note of a vault, each in its own folder,
    asks this once per folder, and filtering made that quadratic in Python steps (a third of
    a lint of 3,200 such notes; tests/test_cache.py's linear-scaling test)."""
    at = candidates.index(chosen)
    return candidates[:at] + candidates[at + 1 :]


def name_matches(vault: Vault, target: str) -> Matches:
    """The exact vault path ``target`` names, else the files its name matches."""
    return Matches(*_named(vault, target))


def name_answer(vault: Vault, target: str) -> Resolution | Matches:
    """What ``name_matches(vault, target).choose(folder)`` gives, when that is the same for
    every folder (an exact path, one match or none: nearly every target), without making
    the :class:`Matches`; else the :class:`Matches`, to choose from per folder."""
    exact, candidates, spelt = _named(vault, target)
    if exact is not None:
        return _new(Resolution, (RESOLVED, exact, EXACT, ()))
    if len(candidates) > 1:
        return Matches(None, candidates, spelt)
    return _new(Resolution, (RESOLVED, candidates[0], ONLY, ())) if candidates else _UNRESOLVED


def _named(vault: Vault, target: str) -> tuple[str | None, tuple[str, ...], str]:
    """The exact vault path ``target`` names (with no candidates), else no path, the files
    its name matches (sorted when several) and its file name as written."""
    target = target.lstrip("/")
    folded = fold(target)
    # Most targets are names: nothing at their path, so no call to look further there.
    found = exact_path(vault, target, folded) if folded in vault.by_path else None
    if found is not None:
        return found, (), ""
    last = target.rsplit("/", 1)[-1] if "/" in target else target
    # A plain name (most targets) is its own last part: folded once, not twice.
    candidates = vault.by_name.get(folded if last == target else fold(last), ())
    if "/" in target:
        suffix = "/" + fold(target)
        candidates = [
            c for c in candidates if fold(c).endswith(suffix) or fold(strip_md(c)).endswith(suffix)
        ]
    if len(candidates) < 2:  # most names: nothing to sort or count once
        return None, tuple(candidates), last
    # A note is indexed under its stem and its file name; count it once.
    return None, tuple(sorted(set(candidates))), last


#: Builds a :class:`Resolution` from all four fields without its Python ``__new__``.
_new = tuple.__new__


def shortest_link(
    vault: Vault, folder: str, path: str, lookup: Callable[[str], Matches] | None = None
) -> str:
    """The shortest link text that opens ``path`` from a note in ``folder`` without a guess:
    its name (without ``.md`` for a note), else as many of its folders as it takes, up to
    the full vault path (which is always exact). ``lookup`` is a memoised
    :func:`name_matches` (the link index's)."""
    find = lookup or (lambda text: name_matches(vault, text))
    parts = strip_md(path).split("/") if path.lower().endswith(".md") else path.split("/")
    for start in range(len(parts) - 1, 0, -1):
        text = "/".join(parts[start:])
        found = find(text).choose(folder)
        if found.target == path and not found.guessed:
            return text
    return "/".join(parts)


def _shortest(path: str) -> tuple[int, str]:
    return (js_length(path), path)


def js_length(text: str) -> int:
    """``text.length`` in JavaScript, which Obsidian compares: UTF-16 code units, so a
    character outside the Basic Multilingual Plane (most emoji) counts two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _not_spelt(spelt: str, path: str) -> bool:
    """Whether the file name of ``path`` is not ``spelt`` (with or without ``.md``)."""
    name = path.rsplit("/", 1)[-1]
    return name != spelt and strip_md(name) != spelt


def _folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def leaves_vault(source: Note, link: Link) -> bool:
    """Whether a relative link climbs above the vault root (it then never resolves)."""
    target = link.target.replace("\\", "/")
    if not is_relative(target):
        return False
    joined = posixpath.normpath(posixpath.join(source.folder, target))
    return joined == ".." or joined.startswith("../")


def exact_path(vault: Vault, path: str, folded: str | None = None) -> str | None:
    """The file at vault path ``path`` (a note with or without ``.md``), compared as names
    are; of files alike but for case or normal form, the one spelt as ``path``. ``folded``:
    ``fold(path)``, when the caller has it."""
    if path.startswith("../") or path == "..":
        return None  # outside the vault
    found = vault.by_path.get(fold(path) if folded is None else folded)
    if found is None or found == path or strip_md(found) == path:
        return found
    # Spelt otherwise than the file indexed: another file may be spelt so, or several may
    # differ from the link and from each other only in case or normal form.
    folded = fold(found)
    alike = [c for c in vault.by_name.get(fold(path.rsplit("/", 1)[-1]), ()) if fold(c) == folded]
    return min(alike, key=partial(_not_spelt_path, path), default=found)


def _not_spelt_path(written: str, path: str) -> tuple[bool, str]:
    """Sort key: the file spelt as ``written`` first, then code point order."""
    return (path != written and strip_md(path) != written, path)


def unresolved_key(link: Link) -> str:
    """The graph node name of an unresolved target: what a new note would be called."""
    return strip_md(link.target.replace("\\", "/").lstrip("/"))
