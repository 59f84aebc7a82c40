"""``lint --changed``: which notes a change touched, and which notes it broke.

The change is read from git: what is staged, else (outside a commit hook) the working tree
against ``HEAD``, or with ``--since REF`` the working tree against where the branch left
``REF`` (their merge base), as a pull request shows it. Untracked files count as added.
Renames are an old path removed and a new one added. A removed (or renamed) file breaks the
links that led to it, so the notes holding those links are reported too, even though they did
not change: a link is theirs when it does not resolve now but would with the removed files
back in place.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultcheck.core.errors import UsageError
from vaultcheck.vault.build import Vault, fold, strip_md
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status, resolve
from vaultcheck.vault.scan import is_note


@dataclass
class Change:
    """Vault-relative paths a change added or modified, and those it removed."""

    touched: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    #: Old path -> new path, for the renames git found.
    renamed: dict[str, str] = field(default_factory=dict)
    #: How the change was found, for the user ("staged", "working tree against HEAD", ...).
    described: str = ""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise UsageError(f"--changed needs git: {err}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _name_status(output: str, change: Change) -> None:
    """Read ``git diff --name-status -z`` output into ``change``."""
    fields = output.split("\0")
    at = 0
    while at < len(fields) and fields[at]:
        status = fields[at][0]
        if status in "RC":
            old, new = fields[at + 1], fields[at + 2]
            if status == "R":
                change.removed.add(old)
                change.renamed[old] = new
            change.touched.add(new)
            at += 3
            continue
        path = fields[at + 1]
        (change.removed if status == "D" else change.touched).add(path)
        at += 2


def _has_head(root: Path) -> bool:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except UsageError:
        return False
    return True


def find_change(root: Path, since: str | None) -> Change:
    """What changed in the vault at ``root`` (paths relative to it), as described above."""
    _git(root, "rev-parse", "--is-inside-work-tree")
    diff = ["diff", "--name-status", "-z", "--find-renames", "--relative", "--no-ext-diff"]
    change = Change()
    if since is not None:
        base = _git(root, "merge-base", since, "HEAD").strip()
        _name_status(_git(root, *diff, base), change)
        change.described = f"since {since}"
    else:
        _name_status(_git(root, *diff, "--cached"), change)
        change.described = "staged"
        # In a commit hook (pre-commit sets PRE_COMMIT=1) the commit is what is staged, even
        # when that is nothing: untracked drafts must not block `git commit --amend`.
        in_hook = os.environ.get("PRE_COMMIT") == "1"
        if not change.touched and not change.removed and not in_hook:
            if _has_head(root):
                _name_status(_git(root, *diff, "HEAD"), change)
            change.described = "in the working tree"
    if since is not None or change.described != "staged":
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
        change.touched.update(p for p in untracked.split("\0") if p)
    change.removed -= change.touched  # removed, then added again (a rename onto it)
    change.renamed = {old: new for old, new in change.renamed.items() if old in change.removed}
    return change


def broken_by(vault: Vault, removed: Iterable[str]) -> set[str]:
    """Notes with a link that does not resolve now but would lead to a ``removed`` file."""
    gone = {p for p in removed if p not in vault.notes and p not in vault.attachments}
    if not gone:
        return set()
    before = with_files_back(vault, gone)
    index = LinkIndex(vault, Counter())  # only the links that do not resolve are needed
    broken = set()
    for note in vault:
        for link, res in index.not_resolved(note):
            if res.status is not Status.UNRESOLVED:
                continue
            was = resolve(before, note, link)
            if was.status is Status.RESOLVED and was.target in gone:
                broken.add(note.path)
                break
    return broken


def with_files_back(vault: Vault, gone: set[str]) -> Vault:
    """``vault`` with the ``gone`` files (no longer on disk) indexed again as attachments,
    so that a link can be resolved as it was before they went."""
    by_name = {name: list(paths) for name, paths in vault.by_name.items()}
    by_path = dict(vault.by_path)
    for path in gone:  # indexed as the vault indexes its files
        name = path.rsplit("/", 1)[-1]
        names = {fold(strip_md(name)), fold(name)} if is_note(path) else {fold(name)}
        for key in names:
            by_name.setdefault(key, []).append(path)
        by_path.setdefault(fold(path), path)
        if is_note(path):
            by_path.setdefault(fold(strip_md(path)), path)
    return Vault(
        vault.root, vault.notes, vault.attachments | gone, by_name=by_name, by_path=by_path
    )


def changed_notes(
    root: Path,
    since: str | None,
    within: list[str] | None,
    load: Callable[[], Vault],
) -> tuple[list[str], Change]:
    """The notes ``--changed`` reports on: touched notes, and notes a removal broke (the vault
    is loaded only when something was removed); narrowed to ``within`` when given."""
    change = find_change(root, since)
    wanted = {p for p in change.touched if is_note(p)}
    if change.removed:
        wanted |= broken_by(load(), change.removed)
    if within is not None:
        prefixes = tuple(p.rstrip("/") for p in within)
        wanted = {w for w in wanted if any(w == p or w.startswith(p + "/") for p in prefixes)}
    return sorted(wanted), change
