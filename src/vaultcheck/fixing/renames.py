"""Renames that keep links: a broken link to a file git saw renamed gets a safe fix.

``git mv Spells/Fireball.md "Spells/Fire Ball.md"`` leaves ``[[Fireball]]`` broken
(LNK001), ``git mv map.png media/map.png`` leaves ``![[map.png]]`` missing (LNK005). When
git's rename detection (``git diff --find-renames``, read as ``lint --changed`` reads it,
see :mod:`vaultcheck.engine.changes`) pairs the old path with the new one,
the link is known to have meant the renamed file, so its fix is safe: the target becomes the
shortest text that opens the file at its new path, written as ``vaultcheck mv`` would write
it (heading, block and display text kept, Markdown links percent-encoded, relative ones kept
relative).

This amends the findings after the rules ran, like the baseline filters them: the rules and
the stored findings stay independent of git, and git is asked only when a run found a
broken link.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Applicability, Diagnostic, Fix
from vaultcheck.core.errors import UsageError
from vaultcheck.engine.changes import find_change, with_files_back
from vaultcheck.engine.run import LintResult
from vaultcheck.fixing.move import link_text, target_edit
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import resolve
from vaultcheck.vault.scan import git_top

#: The rules whose findings a rename explains: a missing note, a missing attachment.
BROKEN = frozenset(("LNK001", "LNK005"))


def git_renames(root: Path, since: str | None = None) -> dict[str, str]:
    """Old path -> new path for the renames git sees (none outside a git work tree)."""
    if git_top(root) is None:
        return {}
    try:
        return find_change(root, since).renamed
    except UsageError:  # no commit yet, a bad revision: --changed says so; here, no renames
        return {}


def with_rename_fixes(
    vault: Vault, diagnostics: list[Diagnostic], renamed: dict[str, str]
) -> list[Diagnostic]:
    """``diagnostics`` with each broken link to a renamed file given a safe fix to its new
    path (and a message that says so); the others as they were."""
    gone = {old for old, new in renamed.items() if new in vault.notes or new in vault.attachments}
    if not gone:
        return diagnostics
    before = with_files_back(vault, gone)
    links = LinkIndex(vault, Counter())
    out = []
    for d in diagnostics:
        note = vault.notes.get(d.path) if d.code in BROKEN else None
        link = next((k for k in note.links if k.span == d.span), None) if note else None
        if note is None or link is None:
            out.append(d)
            continue
        was = resolve(before, note, link)
        if was.target not in gone:
            out.append(d)
            continue
        new = renamed[was.target]
        text = link_text(links, note, link, new)
        edit = target_edit(note, link, text)
        fix = Fix((edit,), Applicability.SAFE, f"Link to `{text}`") if edit else None
        head = d.message.split("; did you mean", 1)[0]
        message = f"{head}; `{was.target}` was renamed to `{new}`"
        out.append(dataclasses.replace(d, message=message, fix=fix))
    return out


def amender_for(
    root: Path, config: Config, since: str | None = None, cache: Cache | None = None, jobs: int = 1
) -> Callable[[LintResult], LintResult]:
    """:func:`rename_amender` for the vault at ``root`` as ``config`` reads it."""

    def load() -> Vault:
        exclude = tuple(config.exclude)
        return load_vault(root, exclude, config.respect_gitignore, cache=cache, jobs=jobs)

    return rename_amender(root, since, load)


def rename_amender(
    root: Path, since: str | None, load: Callable[[], Vault]
) -> Callable[[LintResult], LintResult]:
    """What a lint run applies to its result: rename fixes, with git asked (once) only when
    the result holds a broken link, and the vault loaded only when git saw a rename."""
    renamed: dict[str, str] | None = None

    def amend(result: LintResult) -> LintResult:
        nonlocal renamed
        if not any(d.code in BROKEN for d in result.diagnostics):
            return result
        if renamed is None:
            renamed = git_renames(root, since)
        if not renamed:
            return result
        vault = result.vault or load()
        result.diagnostics = with_rename_fixes(vault, result.diagnostics, renamed)
        return result

    return amend
