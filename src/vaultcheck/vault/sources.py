"""Reading a vault's files: every note's bytes with its content hash, the attachments, and
what could not be read. Nothing is parsed here (``build.py`` does that)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from vaultcheck.core import progress
from vaultcheck.vault.cache import digest
from vaultcheck.vault.scan import ScanResult, is_note, scan_vault
from vaultcheck.vault.stamps import READ_FLAGS, NoteBytes, read_notes
from vaultcheck.vault.textbytes import TextBytes


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file that was found but could not be read."""

    path: str
    reason: str


@dataclass
class Sources:
    """The vault's files as read: note bytes with their content hashes, attachment paths,
    and what could not be read. Nothing is parsed yet."""

    root: Path
    #: A plain dict, or with the cache's stamps, notes read when asked for (``stamps.py``).
    data: Mapping[str, bytes]
    attachments: list[str]
    problems: list[ReadProblem]
    #: Notes found but not readable: kept as empty placeholders so links to them resolve.
    unread: list[str] = field(default_factory=list)
    #: Files not checked (excluded, git-ignored) that links still reach.
    excluded: list[str] = field(default_factory=list)

    @cached_property
    def digests(self) -> dict[str, bytes]:
        """Each note's content hash, computed when first asked for: only the cache needs
        them, so a ``--no-cache`` run never pays for them (35 ms at 10,000 notes)."""
        return {path: digest(content) for path, content in self.data.items()}


def with_content(sources: Sources, path: str, data: bytes) -> Sources:
    """``sources`` with the note ``path``'s bytes replaced; the content hashes already
    computed are carried over (only the edited note's is new), since hashing 10,000 notes
    again on each keystroke of an editor cost more than checking the edit."""
    held = sources.data  # TextBytes: a copy of its table, no note's text encoded again
    bytes_now = held.with_bytes(path, data) if isinstance(held, TextBytes) else {**held, path: data}
    edited = replace(sources, data=bytes_now)
    known = sources.__dict__.get("digests")
    if known is not None:
        edited.__dict__["digests"] = {**known, path: digest(data)}
    return edited


def with_file(sources: Sources, path: str, data: bytes | None) -> Sources:
    """``sources`` with the file ``path`` removed (``data`` ``None``) or added."""
    notes = {p: content for p, content in sources.data.items() if p != path}
    attachments = [p for p in sources.attachments if p != path]
    if data is not None:
        if is_note(path):
            notes[path] = data
            notes = dict(sorted(notes.items()))  # in path order, as the scan lists them
        else:
            attachments = sorted([*attachments, path])
    return replace(sources, data=notes, attachments=attachments)


#: How much the first read of a file asks for: more than almost any note holds (the generated
#: vaults' average 3 KB), so that one read and a second, empty one read most notes whole.
_READ_SIZE = 1 << 16


def read_file(path: str) -> bytes:
    """A file's bytes, read until the system says it ends, without asking its size first
    (``fstat``, and the status object Python makes of it, were a fifth of reading a vault:
    50,000 notes 0.40 s of CPU with it, 0.32 without). System calls: pathlib's overhead,
    and ``open()``'s, shows at 10,000 files a run."""
    fd = os.open(path, READ_FLAGS)
    try:
        data = os.read(fd, _READ_SIZE)
        # A short read does not always mean the end (some file systems read less), so
        # the end is the empty read that follows.
        if not data or not (more := os.read(fd, _READ_SIZE)):
            return data
        chunks = [data, more]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_sources(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    overlay: Mapping[str, bytes] | None = None,
    keep: frozenset[str] = frozenset(),
    stamps: Mapping[str, object] | None = None,
) -> Sources:
    """Scan the vault and read every note (``overlay`` replaces some notes' bytes); with
    the last run's ``stamps``, a note whose file has the same stamp is read only when its
    bytes are asked for, its content hash taken from there."""
    scanned: ScanResult = scan_vault(root, exclude, respect_gitignore, keep)
    problems = [ReadProblem(path, reason) for path, reason in scanned.unreadable]
    base = os.fspath(root)
    data: Mapping[str, bytes]
    if stamps is not None and not overlay:
        data, failed = read_notes(base, scanned.notes, stamps)
        problems += [ReadProblem(path, reason) for path, reason in failed]
    else:
        data = _read_all(base, scanned.notes, overlay or {}, problems)
    listed = set(scanned.notes) if problems else ()  # once, not per problem
    unread = [p.path for p in problems if p.path in listed]
    sources = Sources(root, data, scanned.attachments, problems, unread, scanned.excluded)
    if isinstance(data, NoteBytes):
        sources.__dict__["digests"] = data.digests  # known without hashing unread notes
    return sources


def _read_all(
    base: str, paths: list[str], overlay: Mapping[str, bytes], problems: list[ReadProblem]
) -> dict[str, bytes]:
    data: dict[str, bytes] = {}
    progress.expect("read", len(paths))
    prefix = os.path.join(base, "")  # scanned paths are relative: joined as join() would
    for path in paths:
        progress.advance("read")
        if path in overlay:
            data[path] = overlay[path]
            continue
        try:
            data[path] = read_file(prefix + path)
        except OSError as err:
            problems.append(ReadProblem(path, err.strerror or str(err)))
    return data
