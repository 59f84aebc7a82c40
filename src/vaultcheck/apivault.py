"""The public API's loaded vault: notes, links, headings and backlinks as plain values.

``vaultcheck.load`` returns a :class:`Vault`; see :mod:`vaultcheck.api` and docs/api.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unicodedata import normalize

from vaultcheck.core import model
from vaultcheck.parse.linksyntax import split_wikilink
from vaultcheck.vault.build import Vault as _Vault
from vaultcheck.vault.build import aliases_of
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status, resolve

if TYPE_CHECKING:
    from vaultcheck.frames import Frames

_NOWHERE = model.Span(0, 0, 1, 1, 1, 1)


@dataclass(frozen=True)
class Link:
    """One link as written in a note, and the file Obsidian opens for it.

    ``text`` is the target as written (``Note`` in ``[[Note#Part|shown]]``); ``target`` is the
    vault path it resolves to, or ``None`` when it resolves to nothing. ``kind`` is
    ``wikilink``, ``embed``, ``markdown`` or ``frontmatter``; ``property`` names the
    frontmatter key holding a property link. ``decided`` says how Obsidian chose the target
    (``exact path``, ``relative path``, ``only match``, ``same folder``, ``shortest path``,
    ``same note``); ``candidates`` are the other files a shared name matches.
    """

    text: str
    target: str | None
    kind: str
    line: int
    column: int
    heading: str | None = None
    block: str | None = None
    property: str | None = None
    decided: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A heading of a note: its level (1-6), its text and its line."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Note:
    """A note as data: its path, properties (a plain dict), links, tags, aliases, headings."""

    path: str
    name: str
    text: str
    frontmatter: dict[str, Any]
    links: tuple[Link, ...]
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    headings: tuple[Heading, ...]


@dataclass(frozen=True)
class Backlink:
    """A link into a note: which note, where, and in which property if any."""

    source: str
    line: int
    column: int
    kind: str
    property: str | None = None


class Vault:
    """A loaded vault: its notes, attachments and link graph, with link questions answered."""

    def __init__(self, vault: _Vault) -> None:
        self._vault = vault
        self._links = LinkIndex(vault)
        #: The vault's root folder.
        self.root: Path = vault.root
        #: Paths of the files that are not notes (images, PDFs, canvases ...), sorted.
        self.attachments: tuple[str, ...] = tuple(sorted(vault.attachments))
        self._notes = _NoteMap(self)

    @property
    def notes(self) -> Mapping[str, Note]:
        """Every note by its vault-relative path (with ``/``), in path order; a path in
        either Unicode normal form finds it (macOS spells file names decomposed)."""
        return self._notes

    @cached_property
    def graph(self) -> Any:
        """The networkx ``MultiDiGraph`` the exports write: nodes are notes, attachments and
        unresolved targets (``kind``), edges are links (``kind``, ``line``, ``heading``,
        ``block``, ``property``)."""
        from vaultcheck.vault.graph import build_graph

        return build_graph(self._vault, self._links)

    def resolve(self, link: str, source: str | None = None) -> str | None:
        """The vault path ``link`` leads to when written in ``source`` (a note's path; the
        vault root when ``None``), or ``None``. ``link`` is written as in a note, with or
        without brackets: ``"Note"``, ``"[[dir/Note#Heading|text]]"``."""
        text = link.strip()
        if text.startswith("[[") and text.endswith("]]"):
            text = text[2:-2]
        parts = split_wikilink(text)
        written = model.Link(
            model.LinkKind.WIKILINK, parts.target, _NOWHERE, parts.headings, parts.block
        )
        origin = None if source is None else self._vault.notes[self._notes.stored(source)]
        found = resolve(self._vault, origin or model.Note(path="", text=""), written)
        return found.target if found.status is Status.RESOLVED else None

    def backlinks(self, note: str) -> list[Backlink]:
        """The links into ``note`` (a path, or a name as a link would write it), in order."""
        from vaultcheck.graph.queries import find_note

        path = note if note in self._vault.notes else find_note(self._vault, note)
        found = []
        for source in self._vault:
            for written, res in self._links.of(source):
                if res.status is Status.RESOLVED and res.target == path and source.path != path:
                    line, column = written.span.line, written.span.column
                    kind = written.kind.value
                    found.append(Backlink(source.path, line, column, kind, written.key))
        return found

    def to_pandas(self) -> Frames:
        """The notes, links and properties as pandas DataFrames (needs pandas installed)."""
        from vaultcheck.frames import frames

        return frames(self)

    def __repr__(self) -> str:
        return f"<Vault {self.root} ({len(self._vault.notes)} notes)>"

    def _note(self, path: str) -> Note:
        raw = self._vault.notes[path]
        return Note(
            path=raw.path,
            name=raw.name,
            text=raw.text,
            frontmatter=_properties(raw),
            links=tuple(_link(w, r) for w, r in self._links.of(raw)),
            tags=tuple(dict.fromkeys(t.name for t in raw.tags)),
            aliases=tuple(aliases_of(raw)),
            headings=tuple(Heading(h.level, h.text, h.span.line) for h in raw.headings),
        )


class _NoteMap(Mapping[str, Note]):
    """Notes made into :class:`Note` values on first access (a 10,000-note vault need not
    build them all to answer about a few).

    A path is found in either Unicode normal form: macOS hands out file names decomposed
    (NFD) where a script's string literal is composed (NFC), or the other way round, and
    both name the same note. The note keeps the path as stored."""

    def __init__(self, owner: Vault) -> None:
        self._owner = owner
        self._paths = owner._vault.notes
        self._made: dict[str, Note] = {}
        self._forms: dict[str, list[str]] | None = None

    def __getitem__(self, path: str) -> Note:
        made = self._made.get(path)
        if made is None:
            stored = self.stored(path)
            made = self._made.get(stored) or self._owner._note(stored)
            self._made[path] = self._made[stored] = made
        return made

    def stored(self, path: str) -> str:
        """The vault path of the note at ``path``, which may be in another normal form;
        ``KeyError`` (saying why) when no note, or several, are there."""
        if path in self._paths:
            return path
        if not isinstance(path, str) or path.isascii():
            raise KeyError(f"no note at {path!r}")
        if self._forms is None:  # built once, of the paths that have a second form
            self._forms = {}
            for name in self._paths:
                if not name.isascii():
                    self._forms.setdefault(normalize("NFC", name), []).append(name)
        alike = self._forms.get(normalize("NFC", path), [])
        if len(alike) > 1:
            listed = ", ".join(repr(p) for p in sorted(alike))
            raise KeyError(f"{path!r} could be any of {listed} (alike but for Unicode form)")
        if not alike:
            raise KeyError(f"no note at {path!r}")
        return alike[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def _properties(note: model.Note) -> dict[str, Any]:
    # Obsidian keeps the last of duplicated keys; so does a dict built in file order.
    if note.frontmatter is None or not note.frontmatter.is_mapping:
        return {}
    return {entry.key: entry.value for entry in note.frontmatter.entries}


def _link(written: model.Link, res: Any) -> Link:
    target = res.target if res.status is Status.RESOLVED else None
    return Link(
        text=written.target,
        target=target,
        kind=written.kind.value,
        line=written.span.line,
        column=written.span.column,
        heading="#".join(written.headings) or None,
        block=written.block,
        property=written.key,
        decided=res.decided.value if res.decided is not None else None,
        candidates=res.others,
    )
