"""The Vault: every note and attachment, with the indexes that make vault-wide checks linear.

Built once per run. Lookups through the indexes are case-insensitive and Unicode-normalized
(NFC), since Obsidian matches ``[[note]]`` to ``Note.md`` and macOS may store names as NFD.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from vaultcheck.model import Note
from vaultcheck.parse import parse_note
from vaultcheck.scan import ScanResult, scan_vault
from vaultcheck.spelling import NameMatcher


def fold(name: str) -> str:
    """The form names are compared in: NFC, case-folded."""
    return unicodedata.normalize("NFC", name).casefold()


def strip_md(path: str) -> str:
    """``a/Note.md`` -> ``a/Note``; other paths unchanged."""
    return path[:-3] if path.lower().endswith(".md") else path


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file that was found but could not be read."""

    path: str
    reason: str


@dataclass
class Vault:
    """Notes by path, attachment paths, and lookup indexes."""

    root: Path
    notes: dict[str, Note]
    attachments: frozenset[str] = frozenset()
    read_problems: tuple[ReadProblem, ...] = ()
    #: Folded file name (note stem, note file name, attachment file name) -> paths.
    by_name: dict[str, list[str]] = field(default_factory=dict)
    #: Folded full path (notes with and without ``.md``) -> path.
    by_path: dict[str, str] = field(default_factory=dict)
    #: Folded alias -> paths of notes that declare it.
    by_alias: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_name: dict[str, list[str]] = defaultdict(list)
        by_alias: dict[str, list[str]] = defaultdict(list)
        for path in self.notes:
            name = path.rsplit("/", 1)[-1]
            by_name[fold(strip_md(name))].append(path)
            by_name[fold(name)].append(path)
            self.by_path[fold(path)] = path
            self.by_path[fold(strip_md(path))] = path
            for alias in aliases_of(self.notes[path]):
                by_alias[fold(alias)].append(path)
        for path in self.attachments:
            by_name[fold(path.rsplit("/", 1)[-1])].append(path)
            self.by_path.setdefault(fold(path), path)
        self.by_name = dict(by_name)
        self.by_alias = dict(by_alias)

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes.values())

    def exists(self, path: str) -> bool:
        return path in self.notes or path in self.attachments

    @cached_property
    def name_matcher(self) -> NameMatcher:
        """ "Did you mean" over note names; built on first use (only broken links need it)."""
        return NameMatcher({fold(note.name): note.name for note in self.notes.values()})


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


def read_notes(
    root: Path, paths: Iterable[str], overlay: Mapping[str, bytes] | None = None
) -> tuple[dict[str, Note], list[ReadProblem]]:
    """Read and parse each note (from ``overlay`` when it has the path: text being fixed);
    a file that cannot be read becomes a :class:`ReadProblem`."""
    notes: dict[str, Note] = {}
    problems: list[ReadProblem] = []
    for path in paths:
        if overlay and path in overlay:
            notes[path] = parse_note(overlay[path], path)
            continue
        try:
            data = (root / path).read_bytes()
        except OSError as err:
            problems.append(ReadProblem(path, err.strerror or str(err)))
            continue
        notes[path] = parse_note(data, path)
    return notes, problems


def load_vault(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    overlay: Mapping[str, bytes] | None = None,
    keep: frozenset[str] = frozenset(),
) -> Vault:
    """Scan, read and index the vault at ``root``; ``overlay`` replaces some notes' bytes,
    ``keep`` names files read even when excluded or git-ignored."""
    scanned: ScanResult = scan_vault(root, exclude, respect_gitignore, keep)
    notes, problems = read_notes(root, scanned.notes, overlay)
    problems.extend(ReadProblem(path, reason) for path, reason in scanned.unreadable)
    return Vault(
        root=root,
        notes=notes,
        attachments=frozenset(scanned.attachments),
        read_problems=tuple(problems),
    )
