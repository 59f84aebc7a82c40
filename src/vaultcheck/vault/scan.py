"""Find the vault root and the files in it, as Obsidian sees them.

Obsidian ignores hidden files and folders (names starting with ``.``), which covers
``.obsidian/``, ``.git/`` and ``.trash/``. Symbolic links to folders are not followed (they
can loop or leave the vault); a symbolic link to a file is kept only if it stays inside.

Excluded files (the config's ``exclude``, git-ignored paths, Obsidian's "Excluded files")
are not checked, but Obsidian still resolves links to them, so their paths are listed too.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from vaultcheck.core.config import CONFIG_NAMES
from vaultcheck.vault.names import nfc

#: A directory entry's name, for sorting a listing (read in C).
_NAME = attrgetter("name")


@dataclass
class ScanResult:
    """Vault-relative ``/`` paths of notes and attachments, and paths that could not be read."""

    notes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    #: (vault-relative path, reason) for folders or files that could not be listed.
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    #: Files not checked (excluded, git-ignored, Obsidian's "Excluded files") that links
    #: still reach.
    excluded: list[str] = field(default_factory=list)


def _has_config(folder: Path) -> bool:
    if any((folder / name).is_file() for name in CONFIG_NAMES):
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return pyproject.is_file() and "[tool.vaultcheck" in pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def marked_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` with ``.obsidian/`` or a vaultcheck config."""
    for candidate in (start, *start.parents):
        if (candidate / ".obsidian").is_dir() or _has_config(candidate):
            return candidate
    return None


def outside_git(start: Path) -> bool:
    """Whether no git work tree can hold ``start``: no ``.git`` in it or a folder above, and
    no ``GIT_DIR`` or ``GIT_WORK_TREE`` naming one elsewhere. Asking git then would only
    start a process that says no (2-3 ms of CPU, on every run of a vault without git)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return False
    here = Path(os.path.abspath(start))
    return not any(os.path.lexists(folder / ".git") for folder in (here, *here.parents))


def git_top(start: Path) -> Path | None:
    """The top of the git work tree holding ``start``, if any."""
    if outside_git(start):
        return None
    import subprocess  # here: a vault outside git never starts one (2 ms to import)

    try:
        done = subprocess.run(
            ["git", "-C", str(start), "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    top = done.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(top).resolve() if top else None


def find_vault_root(start: Path, cwd: Path | None = None, named: bool = True) -> Path:
    """The vault holding ``start``: the nearest folder at or above it with ``.obsidian/`` or
    a vaultcheck config; else the top of its git work tree; else, for a folder the user
    ``named``, that folder; else the current folder (or, when ``start`` is not inside it,
    the folder ``start`` names).

    So notes of a repository that keeps no ``.obsidian/`` form one vault whichever of them
    is named and wherever the command runs from, as pre-commit needs.
    """
    return vault_roots([start], cwd, named)[0]


def vault_roots(starts: list[Path], cwd: Path | None = None, named: bool = True) -> list[Path]:
    """:func:`find_vault_root` of each of ``starts``, the fallback chosen for them together:
    the current folder when they are all notes in it, else the deepest folder holding them
    all. So paths named on one command line without any other sign of a vault are one vault,
    and a folder the user ``named`` is a vault itself: ``vaultcheck lint notes`` from the
    home folder must not read the whole home folder as the vault."""
    folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in starts]
    # Pre-commit names every staged note: ask once per folder (git is a subprocess).
    known: dict[Path, Path | None] = {}
    tops: list[Path] = []
    for folder in folders:
        if folder in known:
            continue
        root = marked_root(folder)
        if root is None:
            root = next((t for t in tops if t == folder or t in folder.parents), None)
        if root is None and (root := git_top(folder)) is not None:
            tops.append(root)
        known[folder] = root
    found = [known[folder] for folder in folders]
    loose = [folder for folder, root in zip(folders, found, strict=True) if root is None]
    if not loose:
        return [root for root in found if root is not None]
    here = (cwd or Path.cwd()).resolve()
    named_folders = named and any(
        start.is_dir() for start, root in zip(starts, found, strict=True) if root is None
    )
    if not named_folders and all(folder == here or here in folder.parents for folder in loose):
        fallback = here
    else:
        fallback = Path(os.path.commonpath([str(folder) for folder in loose]))
    return [root or fallback for root in found]


def is_note(path: str) -> bool:
    """Whether vaultcheck reads the file for links: a Markdown note, a canvas (its cards
    link to files, its text cards hold Markdown; ``canvas.py``) or a base (``bases.py``)."""
    return path.lower().endswith((".md", ".canvas", ".base"))


def git_ignored(root: Path) -> set[str]:
    """Vault-relative paths git ignores (folders end with ``/``); empty outside a git work tree.

    Asking git keeps its exact rules (nested ``.gitignore`` files, negations, global excludes)
    instead of reimplementing them.
    """
    if outside_git(root):
        return set()
    import subprocess

    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--others",
                "--ignored",
                "--exclude-standard",
                "--directory",
            ],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode != 0:
        return set()
    return {p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def obsidian_ignore_filters(root: Path) -> tuple[str, ...]:
    """Obsidian's "Excluded files" (``userIgnoreFilters`` in ``.obsidian/app.json``);
    empty when the file is missing or not the JSON Obsidian writes."""
    try:
        data = json.loads((root / ".obsidian" / "app.json").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ()
    found = data.get("userIgnoreFilters") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return ()
    return tuple(nfc(f) for f in found if isinstance(f, str) and f)


def _obsidian_ignores(rel: str, filters: tuple[str, ...]) -> bool:
    """Whether an Obsidian "Excluded files" filter matches: ``/regex/`` is a regular
    expression searched in the path, anything else a path prefix."""
    for f in filters:
        if len(f) > 2 and f.startswith("/") and f.endswith("/"):
            try:
                if re.search(f[1:-1], rel):
                    return True
            except re.error:
                continue
        elif rel.startswith(f) or rel + "/" == f:
            return True
    return False


def scan_vault(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    keep: frozenset[str] = frozenset(),
) -> ScanResult:
    """Walk ``root`` and sort its files into notes and attachments, in path order.

    Excluded files are listed apart; paths in ``keep`` (and the folders leading to them)
    are never excluded."""
    result = ScanResult()
    ignored = git_ignored(root) if respect_gitignore else set()
    filters = obsidian_ignore_filters(root)
    # Patterns and paths are compared composed, whichever form each is written in.
    exclude = tuple(nfc(p) for p in exclude)
    real_root = os.path.realpath(root)
    # Most vaults exclude nothing: then no path is normalised and matched (a third of the
    # scan's CPU at 50,000 notes).
    filtering = bool(exclude or ignored or filters)
    stack = [("", False)]
    while stack:
        rel_dir, in_excluded = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel_dir)) as entries:
                listed = sorted(entries, key=_NAME)
        except OSError as err:
            if not in_excluded:
                result.unreadable.append((rel_dir or ".", err.strerror or str(err)))
            continue
        subdirs = []
        for entry in listed:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if not (entry.name.isascii() or _utf8(entry.name)):
                # Read with surrogates, which no report, cache key or write can encode; no
                # link can name it either. Shown as Obsidian shows it: U+FFFD per bad byte.
                if not in_excluded:
                    shown = os.fsencode(rel).decode("utf-8", "replace")
                    result.unreadable.append((shown, "its name is not valid UTF-8"))
                continue
            skipped = in_excluded or (filtering and _filtered(rel, exclude, ignored, filters))
            skipped = skipped and not _kept(rel, keep)
            try:
                if entry.is_dir(follow_symlinks=False):
                    # A tagged cache folder (ours with --cache-dir, or another tool's).
                    if not os.path.exists(os.path.join(entry.path, "CACHEDIR.TAG")):
                        subdirs.append((rel, skipped))
                    continue
                if entry.is_symlink() and not _inside(real_root, entry.path):
                    continue
                if not entry.is_file():
                    continue
            except OSError as err:
                if not skipped:
                    result.unreadable.append((rel, err.strerror or str(err)))
                continue
            if skipped:
                result.excluded.append(rel)
            else:
                (result.notes if is_note(rel) else result.attachments).append(rel)
        stack.extend(reversed(subdirs))
    result.notes.sort()
    result.attachments.sort()
    result.excluded.sort()
    return result


def _filtered(
    rel: str, exclude: tuple[str, ...], ignored: set[str], filters: tuple[str, ...]
) -> bool:
    """Whether the vault-relative path ``rel`` is excluded: by a pattern, by git, or by
    Obsidian's "Excluded files"."""
    return (
        _excluded(nfc(rel), exclude)
        or rel in ignored
        or rel + "/" in ignored
        or _obsidian_ignores(nfc(rel), filters)
    )


def _utf8(name: str) -> bool:
    """Whether a file name read from the disk was valid UTF-8 (Python keeps invalid bytes
    as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kept(rel: str, keep: frozenset[str]) -> bool:
    return any(k == rel or k.startswith(rel + "/") or rel.startswith(k + "/") for k in keep)


def _inside(real_root: str, path: str) -> bool:
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root + os.sep)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*") for p in patterns
    )
