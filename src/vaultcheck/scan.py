"""Find the vault root and the files in it, as Obsidian sees them.

Obsidian ignores hidden files and folders (names starting with ``.``), which covers
``.obsidian/``, ``.git/`` and ``.trash/``. Symbolic links to folders are not followed (they
can loop or leave the vault); a symbolic link to a file is kept only if it stays inside.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAMES = (".vaultcheck.toml", "vaultcheck.toml")


@dataclass
class ScanResult:
    """Vault-relative ``/`` paths of notes and attachments, and paths that could not be read."""

    notes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    #: (vault-relative path, reason) for folders or files that could not be listed.
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def _has_config(folder: Path) -> bool:
    if any((folder / name).is_file() for name in CONFIG_NAMES):
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return pyproject.is_file() and "[tool.vaultcheck" in pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def find_vault_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with ``.obsidian/`` or a vaultcheck config."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".obsidian").is_dir() or _has_config(candidate):
            return candidate
    return folder


def is_note(path: str) -> bool:
    """Whether Obsidian treats the file as a note (a Markdown file)."""
    return path.lower().endswith(".md")


def git_ignored(root: Path) -> set[str]:
    """Vault-relative paths git ignores (folders end with ``/``); empty outside a git work tree.

    Asking git keeps its exact rules (nested ``.gitignore`` files, negations, global excludes)
    instead of reimplementing them.
    """
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


def scan_vault(
    root: Path,
    exclude: tuple[str, ...] = (),
    respect_gitignore: bool = True,
    keep: frozenset[str] = frozenset(),
) -> ScanResult:
    """Walk ``root`` and sort its files into notes and attachments, in path order.

    Paths in ``keep`` (and the folders leading to them) are never excluded."""
    result = ScanResult()
    ignored = git_ignored(root) if respect_gitignore else set()
    real_root = os.path.realpath(root)
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel_dir)) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as err:
            result.unreadable.append((rel_dir or ".", err.strerror or str(err)))
            continue
        subdirs = []
        for entry in listed:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            skipped = _excluded(rel, exclude) or rel in ignored or rel + "/" in ignored
            if skipped and not _kept(rel, keep):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    # A tagged cache folder (ours with --cache-dir, or another tool's).
                    if not os.path.exists(os.path.join(entry.path, "CACHEDIR.TAG")):
                        subdirs.append(rel)
                    continue
                if entry.is_symlink() and not _inside(real_root, entry.path):
                    continue
                if not entry.is_file():
                    continue
            except OSError as err:
                result.unreadable.append((rel, err.strerror or str(err)))
                continue
            (result.notes if is_note(rel) else result.attachments).append(rel)
        stack.extend(reversed(subdirs))
    result.notes.sort()
    result.attachments.sort()
    return result


def _kept(rel: str, keep: frozenset[str]) -> bool:
    return any(k == rel or k.startswith(rel + "/") or rel.startswith(k + "/") for k in keep)


def _inside(real_root: str, path: str) -> bool:
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root + os.sep)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*") for p in patterns
    )
