"""``vaultcheck mv OLD NEW``: move a note or attachment and rewrite every link to it.

The edits are planned and checked in memory first (:mod:`vaultcheck.fixing.move`); only then is the
file moved (``git mv`` when the vault is in a git work tree and the file is tracked, so the
history follows it) and the edited notes written, each only if it is still what was read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vaultcheck.core.config import load_config
from vaultcheck.core.errors import UsageError
from vaultcheck.fixing.move import MovePlan, plan_move
from vaultcheck.fixing.writing import unified_diff, write_atomically
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.names import nfc
from vaultcheck.vault.scan import find_vault_root, git_top


def run_mv(old: Path, new: Path, diff: bool, named_vault: Path | None = None) -> int:
    """Move ``old`` to ``new`` (or, with ``diff``, print what would change); exit code.
    Given ``named_vault``, it is the vault, and relative paths are read inside it."""
    if named_vault is not None:
        if not named_vault.is_dir():
            raise UsageError(f"not a folder: {named_vault}")
        old, new = named_vault / old, named_vault / new  # an absolute path stays as it is
    old, new = _as_stored(old), _as_stored(new.parent) / new.name
    if old.is_dir():
        raise UsageError(f"{old} is a folder; move the notes in it one by one")
    if not old.is_file():
        raise UsageError(f"no such file: {old}")
    if new.is_dir() and not new.is_symlink():  # into the folder, as mv and git mv do
        new = new / old.name
    source, target = _absolute(old), _absolute(new)
    if named_vault is not None:
        root = find_vault_root(named_vault)
    else:
        root = find_vault_root(source.parent, named=False)  # the note's folder, not one named
    try:
        old_rel = source.relative_to(root).as_posix()
    except ValueError:  # the folder holding it is a link out of the vault
        raise UsageError(f"{old} is outside the vault ({root})") from None
    try:
        new_rel = target.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{new} is outside the vault ({root})") from None
    if os.path.lexists(target):
        raise UsageError(f"{new} already exists")
    config = load_config(root)
    vault = load_vault(root, tuple(config.exclude), config.respect_gitignore)
    plan = plan_move(vault, old_rel, new_rel)
    links = f"{plan.rewritten} link{'s' * (plan.rewritten != 1)}"
    notes = f"{plan.notes_edited} note{'s' * (plan.notes_edited != 1)}"
    if plan.canvases_edited:
        notes += f" and {plan.canvases_edited} canvas{'es' * (plan.canvases_edited != 1)}"
    if plan.captured:
        shown = ", ".join(plan.captured[:5]) + (", ..." if len(plan.captured) > 5 else "")
        one = len(plan.captured) == 1
        verb = "link that was broken now opens" if one else "links that were broken now open"
        sys.stderr.write(f"vaultcheck: note: {len(plan.captured)} {verb} {new_rel}: {shown}\n")
    if diff:
        for path in sorted(plan.after):
            was = old_rel if path == new_rel else path
            sys.stdout.write(_diff(was, path, plan.before[path], plan.after[path]))
        print(f"Would move {old_rel} to {new_rel} and rewrite {links} in {notes}")
        return 0
    _check_unchanged(root, plan)
    _move_file(root, old_rel, new_rel)
    for path, text in sorted(plan.after.items()):
        write_atomically(root / path, text.encode("utf-8"))
    print(f"Moved {old_rel} to {new_rel}; rewrote {links} in {notes}")
    return 0


def _as_stored(path: Path) -> Path:
    """``path`` with each part that is not on disk replaced by the one name in its folder
    that is the same text in another Unicode form (``Café`` typed composed, stored
    decomposed as macOS writes it): Obsidian and the link resolver compare names in NFC, so
    the file is the one the user named. Unchanged when no such name is there, or two are."""
    stored = Path(path.anchor)
    for part in path.parts[1:] if path.anchor else path.parts:
        here = stored / part
        if not os.path.lexists(here) and part not in (".", ".."):
            try:
                names = os.listdir(stored)
            except OSError:
                return path
            same = [name for name in names if nfc(name) == nfc(part)]
            if len(same) != 1:
                return path
            here = stored / same[0]
        stored = here
    return stored


def _absolute(path: Path) -> Path:
    """``path`` made absolute with its folders resolved but not the file itself: a symbolic
    link is moved as the link, never as the file it points to."""
    return (Path.cwd() / path).parent.resolve() / path.name


def _diff(was: str, path: str, before: str, after: str) -> str:
    """A unified diff of one note; for the moved note, from its old path to its new one."""
    text = unified_diff(path, before, after)
    if was == path:
        return text
    head, _, rest = text.partition("\n")
    end = "\t" if " " in was else ""
    return f"--- a/{was}{end}\n{rest}" if head.startswith("---") else text


def _check_unchanged(root: Path, plan: MovePlan) -> None:
    """Refuse when a note to edit changed on disk since it was read (or cannot be written)."""
    for path, text in plan.before.items():
        on_disk = root / (plan.old if path == plan.new else path)
        try:
            same = on_disk.read_bytes() == text.encode("utf-8")
        except OSError as err:
            raise UsageError(f"cannot read {on_disk}: {err.strerror}") from None
        if not same:
            raise UsageError(f"{on_disk} changed while it was read; nothing was changed")
        if on_disk.is_symlink() or not os.access(on_disk, os.W_OK):
            raise UsageError(f"{on_disk} cannot be written; nothing was changed")


def _move_file(root: Path, old: str, new: str) -> None:
    """``git mv`` when git tracks the file, else a plain rename; missing folders are made."""
    source, target = root / old, root / new
    target.parent.mkdir(parents=True, exist_ok=True)
    if git_top(root) is not None and _tracked(root, old):
        done = subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(root), "mv", "--", old, new],
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            return
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git mv failed: {message[-1] if message else done.returncode}")
    try:
        os.rename(source, target)
    except OSError as err:
        raise UsageError(f"cannot move {old} to {new}: {err.strerror}") from None


def _tracked(root: Path, path: str) -> bool:
    done = subprocess.run(
        ["git", "--literal-pathspecs", "-C", str(root), "ls-files", "--error-unmatch", "--", path],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0
