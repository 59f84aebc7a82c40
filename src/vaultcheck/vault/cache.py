"""The cache: parsed notes, and the last run's diagnostics, in ``.vaultcheck_cache/``.

- Parsed notes are keyed by path and content hash (BLAKE2b of the bytes), pickled flat in
  the chunks they were parsed in (``storednotes.py``), in a file named after a hash of
  vaultcheck's own source (:func:`code_fingerprint`), so other code never reads them.
- The last run's diagnostics are kept under a key that hashes everything they depend on:
  version, config, the rules selected, every note's content hash, the attachment list, and
  the extra files rules read (``.obsidian/types.json``, bibliographies, tag lists). When
  nothing changed, a run is a scan, a hash of each file, and one small read.
- Each note's stamp (size, times, inode) with its content hash (``stamps.py``): a note whose
  file kept its stamp is not read again to learn that it did not change.
- The last run's state (``incremental.py``): what each note's checks read from other notes
  (and what other notes read from it), so that after a few edits only the notes they can
  affect are checked again, the others keeping their stored findings.

The folder holds a ``CACHEDIR.TAG`` (backup tools skip it) and a ``.gitignore`` of ``*`` (git
ignores it, itself included). A cache file that is damaged, cut short, from another version,
or not ours is ignored and rebuilt: each carries a checksum of its content and is unpickled
with an allow-list of vaultcheck's own data classes (``cachefile.py``), so a planted file
cannot run code. Writes go through a temporary file and a rename.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from vaultcheck import __version__
from vaultcheck.core.errors import UsageError
from vaultcheck.vault.cachefile import safe_loads, sealed, unsealed

# `hashlib` (OpenSSL's library, 2 ms) and `tempfile` (with `shutil` and `random`, 2 ms) are
# imported where they are used: a lint with `--no-cache` uses neither.

DIRECTORY_NAME = ".vaultcheck_cache"
_TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
_TAG = f"{_TAG_SIGNATURE}\n# This is a cache directory of vaultcheck.\n"
_GITIGNORE = "# Created by vaultcheck\n*\n"

#: The libraries whose answers are in the cache: the parse (Markdown, YAML, with or without
#: libyaml) and the graph some rules read.
LIBRARIES = ("markdown_it", "mdit_py_plugins", "yaml", "networkx")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of vaultcheck's own source, the libraries it parses with and Python's version:
    any change to the parser, the model or a rule (or an upgraded markdown-it-py, a libyaml
    installed, another Unicode database) gives new cache files, so nothing parsed or found by
    other code is ever reused. (A version number alone relies on someone remembering to bump
    it.)"""
    import hashlib

    h = hashlib.blake2b(digest_size=8)
    h.update(__version__.encode())
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # all vaultcheck
    for name, path in source_files(package):
        h.update(name.encode())
        with open(path, "rb") as source:
            h.update(source.read())
    h.update(library_fingerprint(LIBRARIES).encode())
    return h.hexdigest()


def source_files(package: str) -> list[tuple[str, str]]:
    """Every ``.py`` file under the folder ``package``: its path relative to it (with
    ``/``) and its full path, sorted. Walked with ``os.scandir`` and not into
    ``__pycache__``: ``Path.rglob`` listed the compiled files too and made a ``Path`` of
    each, and with ``read_bytes`` took about half of the fingerprint, which every run with
    the cache makes (8-10 ms of a warm run's 0.25 s)."""
    found: list[tuple[str, str]] = []
    folders = [("", package)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".py"):
                    found.append((prefix + entry.name, entry.path))
    found.sort()
    return found


def library_fingerprint(names: tuple[str, ...]) -> str:
    """What tells the installed versions of the packages ``names`` apart, found without
    importing them (a run that reuses its findings imports no parser): each one's
    ``__init__.py``, where its version is written, and the names of the files beside it (a
    compiled extension such as libyaml's comes or goes); and Python's version."""
    import hashlib
    import importlib.util
    import sys

    h = hashlib.blake2b(sys.version.encode(), digest_size=8)
    for name in names:
        h.update(f"\0{name}\0".encode())
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        try:
            h.update(Path(spec.origin).read_bytes())
            h.update("\0".join(sorted(os.listdir(Path(spec.origin).parent))).encode())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def digest(data: bytes) -> bytes:
    """The content hash notes are cached under."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).digest()


class Cache:
    """One vault's cache folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.notes_file = directory / f"notes-{code_fingerprint()}.pickle"
        self.result_file = directory / f"result-{code_fingerprint()}.pickle"
        self.state_file = directory / f"state-{code_fingerprint()}.pickle"
        self.lasting_file = directory / f"lasting-{code_fingerprint()}.pickle"
        self.stamps_file = directory / f"stamps-{code_fingerprint()}.pickle"
        self._prepared = False

    @classmethod
    def for_vault(cls, root: Path, directory: Path | None = None) -> Cache:
        """The vault's cache, in ``directory`` when given (``--cache-dir``)."""
        if directory is not None and directory.exists() and not directory.is_dir():
            # Every write would fail and be passed over: no cache at all, in silence.
            raise UsageError(f"--cache-dir {directory}: a file, not a folder")
        return cls(directory or root / DIRECTORY_NAME)

    def _prepare(self) -> None:
        """Make the folder, marked for backup tools and git, once per run."""
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for old in self.directory.glob("*.pickle"):  # other code's files would only pile up
            if not old.name.endswith(f"-{code_fingerprint()}.pickle"):
                with contextlib.suppress(OSError):
                    old.unlink()
        # Checked on every run, not only when the folder is new: a marker left empty or
        # wrong (a full disk, an older version) would let `git add -A` commit the cache.
        tag = self.directory / "CACHEDIR.TAG"
        if not _starts_with(tag, _TAG_SIGNATURE):
            _write_atomically(tag, lambda stream: stream.write(_TAG.encode("utf-8")))
        ignore = self.directory / ".gitignore"
        if not _starts_with(ignore, _GITIGNORE):
            _write_atomically(ignore, lambda stream: stream.write(_GITIGNORE.encode("utf-8")))
        self._prepared = True

    def _read(self, path: Path, kind: str) -> Any:
        try:
            value = unsealed(path.read_bytes())
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated, foreign: never trusted, never fatal
            return None
        if not isinstance(value, dict) or value.get("kind") != kind:
            return None
        return value

    def _write(self, path: Path, value: dict[str, Any]) -> None:
        try:
            self._prepare()
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            _write_atomically(path, lambda stream: stream.write(sealed(payload)))
        except OSError:
            pass  # a read-only vault or a full disk: still linted, just without a cache

    def is_cold(self) -> bool:
        """Whether no parsed notes are stored for this version: the run will parse them all."""
        return not self.notes_file.is_file()

    def load_notes(self) -> tuple[dict[str, Any], list[Any]]:
        """The stored notes' entries (path -> content hash, chunk, place) and their pickled
        chunks, or nothing when there is no usable cache. Each chunk is unpickled only when
        wanted, and each entry checked then (``storednotes.py``)."""
        value = self._read(self.notes_file, "notes")
        notes = value.get("notes") if value else None
        chunks = value.get("chunks") if value else None
        if type(notes) is not dict or type(chunks) is not list:
            return {}, []
        return notes, chunks

    def save_notes(self, notes: dict[str, tuple[bytes, int, int]], chunks: list[bytes]) -> None:
        self._write(self.notes_file, {"kind": "notes", "notes": notes, "chunks": chunks})

    def load_state(self) -> dict[str, Any] | None:
        """The last run's state (see ``incremental.py``), or ``None``: the part every run
        writes, with the lasting part that only a full run writes (the same one's)."""
        latest = self._read(self.state_file, "state")
        lasting = self._read(self.lasting_file, "lasting")
        if latest is None or lasting is None or latest.get("lasting") != lasting.get("lasting"):
            return None
        return {**lasting, **latest}

    def save_state(self, latest: dict[str, Any], lasting: dict[str, Any] | None = None) -> None:
        """Store a run's state; ``lasting`` (from a full run) must carry a new ``"lasting"``
        value, which ``latest`` repeats, so that parts of two runs are never mixed."""
        if lasting is not None:
            self._write(self.lasting_file, {**lasting, "kind": "lasting"})
        self._write(self.state_file, {**latest, "kind": "state"})

    def load_findings(self, key: str) -> dict[str, list[Any]] | None:
        """The findings (by path) stored under ``key``, or ``None``."""
        value = self._read(self.result_file, "result")
        if value is None or value.get("key") != key:
            return None
        # A run that reuses the stored result writes nothing, so the markers are checked here.
        with contextlib.suppress(OSError):
            self._prepare()
        # Pickled apart, so that a key that does not match costs no unpickling of findings.
        try:
            findings = safe_loads(value.get("findings"))
        except Exception:
            return None
        return findings if isinstance(findings, dict) else None

    def save_findings(self, key: str, findings: dict[str, list[Any]]) -> None:
        inner = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        self._write(self.result_file, {"kind": "result", "key": key, "findings": inner})

    def load_stamps(self) -> dict[str, Any]:
        """path -> (stamp, content hash) of the notes last read (see ``stamps.py``, which
        checks each entry it uses), or empty."""
        value = self._read(self.stamps_file, "stamps")
        table = value.get("stamps") if value else None
        return table if isinstance(table, dict) else {}

    def save_stamps(self, table: dict[str, Any]) -> None:
        self._write(self.stamps_file, {"kind": "stamps", "stamps": table})

    def load_derived(self, name: str) -> dict[str, Any] | None:
        """Something derived from the notes and stored under ``name`` (plain data only), or
        ``None``; the caller checks it still fits the vault."""
        value: dict[str, Any] | None = self._read(self._derived_file(name), name)
        return value

    def save_derived(self, name: str, value: dict[str, Any]) -> None:
        self._write(self._derived_file(name), {**value, "kind": name})

    def _derived_file(self, name: str) -> Path:
        return self.directory / f"{name}-{code_fingerprint()}.pickle"

    def clean(self) -> bool:
        """Remove the cache folder; return whether there was one."""
        if not self.directory.is_dir():
            return False
        for child in self.directory.iterdir():
            with contextlib.suppress(OSError):
                child.unlink()
        with contextlib.suppress(OSError):
            self.directory.rmdir()
        return True


def _starts_with(path: Path, text: str) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(text)) == text.encode("utf-8")
    except OSError:
        return False


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill a temporary file, then rename it over ``path``: a failed write (a
    full disk) leaves ``path`` as it was, never empty or cut short."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
