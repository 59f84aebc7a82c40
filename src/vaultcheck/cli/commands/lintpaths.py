"""Which vault ``lint`` runs on, which of its notes it reports on, and how it shows their
paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from vaultcheck.core.errors import UsageError
from vaultcheck.vault.scan import is_note, vault_roots


def locate(paths: Sequence[Path]) -> tuple[Path, list[str] | None]:
    """The vault root of ``paths`` and the vault-relative paths to report on (``None``: all).

    Links cross files, so the whole vault is always loaded; naming files or folders only
    narrows what is reported, as pre-commit needs. Paths of one repository are one vault
    (:func:`~vaultcheck.vault.scan.vault_roots`); only paths in two marked vaults are an error.
    """
    roots: dict[Path, list[str] | None] = {}
    named = list(paths or (Path.cwd(),))
    for given in named:
        if not given.exists():
            raise UsageError(f"no such file or directory: {given}")
        if given.is_file() and not is_note(given.name):
            raise UsageError(f"not a note: {given} (vaultcheck checks Markdown notes, `.md`)")
    for given, root in zip(named, vault_roots(named), strict=True):
        rel = given.resolve().relative_to(root).as_posix()
        if rel == "." or (root in roots and roots[root] is None):
            roots[root] = None
        else:
            listed = roots.setdefault(root, [])
            assert listed is not None
            listed.append(rel)
    if len(roots) > 1:
        names = ", ".join(str(r) for r in roots)
        raise UsageError(f"paths belong to different vaults ({names}); run once per vault")
    [(root, only)] = roots.items()
    return root, only


def path_shower(root: Path) -> Callable[[str], str]:
    """How vault-relative paths are shown, as ruff shows them: relative to the current folder
    when they are inside it (``Notes/a.md`` from the vault root, ``a.md`` from ``Notes/``),
    absolute otherwise. So a path never climbs with ``..``, which CI annotations and SARIF
    viewers would not understand."""
    cwd = Path.cwd().resolve()
    absolute = root.as_posix() + "/"
    try:
        prefix = root.relative_to(cwd).as_posix()
    except ValueError:
        prefix = None
    if prefix is not None:  # the vault is here or below
        lead = "" if prefix == "." else prefix + "/"
        return lambda path: lead + path
    try:
        here = cwd.relative_to(root).as_posix() + "/"
    except ValueError:  # the vault is elsewhere
        return lambda path: absolute + path
    return lambda path: path[len(here) :] if path.startswith(here) else absolute + path
