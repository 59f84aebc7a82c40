"""The public Python API: a loaded vault as plain data, and the command line's lint and fix.

Everything here is re-exported from the package (``vaultcheck.load`` and so on) and is
stable from 0.2 on; every other module is private. The objects are plain, immutable values
built from the parser's notes and the resolver's answers, so nothing a caller does with them
can change what the linter sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The vault as data lives in apivault.py; it is part of this API.
from vaultcheck.apivault import Backlink, Heading, Link, Note, Vault
from vaultcheck.core.config import Config, load_config, parse_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.errors import UsageError
from vaultcheck.rules.selection import Selection, resolve_layers
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.scan import find_vault_root

__all__ = [
    "Backlink",
    "Diagnostic",
    "FixResult",
    "Heading",
    "Link",
    "Note",
    "Vault",
    "fix",
    "lint",
    "load",
]

#: What ``config=`` accepts: a config file, settings as the TOML file would hold them, a
#: validated :class:`~vaultcheck.core.config.Config`, or ``None`` for the vault's own config.
ConfigArg = str | Path | Mapping[str, Any] | Config | None


def _root_and_config(path: str | Path, config: ConfigArg) -> tuple[Path, Config]:
    start = Path(path)
    if not start.exists():
        raise UsageError(f"no such file or directory: {start}")
    root = find_vault_root(start)
    if isinstance(config, Config):
        return root, config
    if isinstance(config, Mapping):
        return root, parse_config(dict(config))
    return root, load_config(root, Path(config) if config is not None else None)


def load(path: str | Path = ".", *, config: ConfigArg = None, cache: bool = True) -> Vault:
    """Load the vault containing ``path`` (its root found as the command line finds it).

    ``config`` replaces the vault's own config file; ``cache=False`` reads and writes no
    ``.vaultcheck_cache/``."""
    root, settings = _root_and_config(path, config)
    store = Cache.for_vault(root) if cache else None
    raw = load_vault(root, tuple(settings.exclude), settings.respect_gitignore, cache=store)
    return Vault(raw)


def _rules(settings: Config, select: Sequence[str] | None, ignore: Sequence[str] | None) -> Any:
    return resolve_layers(
        [
            Selection(settings.select, settings.extend_select, settings.ignore),
            Selection(list(select) if select is not None else None, [], list(ignore or ())),
        ]
    )


def lint(
    path: str | Path = ".",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    config: ConfigArg = None,
    cache: bool = True,
    baseline: bool = True,
) -> list[Diagnostic]:
    """The problems ``vaultcheck lint PATH`` reports, sorted by note, line and column.

    ``select`` and ``ignore`` take what ``--select`` and ``--ignore`` take (codes, prefixes,
    rule names, ``ALL``) and apply on top of the config's selection. The config's baseline
    leaves out known problems, as on the command line, unless ``baseline=False``."""
    from vaultcheck.engine.run import lint as run
    from vaultcheck.fixing.renames import amender_for
    from vaultcheck.report.baseline_run import baseline_path, filter_baseline

    root, settings = _root_and_config(path, config)
    store = Cache.for_vault(root) if cache else None
    rules = _rules(settings, select, ignore)
    found = amender_for(root, settings, cache=store)(
        run(root, rules, config=settings, cache=store)
    ).diagnostics
    known = baseline_path(None, settings) if baseline else None
    return found if known is None else filter_baseline(known, found, rules, None, settings)[0]


@dataclass(frozen=True)
class FixResult:
    """What fixing did or would do: each changed note's text before and after, how many
    problems the edits fix, and the problems that remain afterwards."""

    changes: Mapping[str, tuple[str, str]]
    fixed: int
    remaining: list[Diagnostic]
    written: bool
    #: Fixes the verifier refused, never applied: (the problem, the note it would have
    #: damaged, why), as ``--fix`` says them on stderr.
    refused: list[tuple[Diagnostic, str, str]] = field(default_factory=list)
    #: (code, note) of the fixes still changing notes when fixing gave up after its pass
    #: limit, as ``--fix`` says on stderr ("fixes failed to converge"); empty when fixing
    #: reached a fixed point, so a second ``fix`` would change nothing. The fixes of the
    #: passes run are in ``changes`` all the same (each pass was verified).
    unconverged: list[tuple[str, str]] = field(default_factory=list)
    #: (note, why) for the changed notes ``write=True`` could not write (read-only, changed
    #: on disk since it was read, ...); ``remaining`` is then what is on disk.
    not_written: list[tuple[str, str]] = field(default_factory=list)


def fix(
    path: str | Path = ".",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    config: ConfigArg = None,
    unsafe: bool = False,
    write: bool = False,
    baseline: bool = True,
) -> FixResult:
    """The fixes ``vaultcheck lint --fix`` applies (with ``unsafe``, ``--unsafe-fixes``);
    nothing is written unless ``write`` is true. What the command line says on stderr is in
    the result: refused fixes, fixes that did not converge, notes that could not be written.
    As on the command line, the config's baseline leaves known problems out of ``remaining``
    (after fixing: the fixes themselves are applied whether their problem is known or not),
    unless ``baseline=False``."""
    from vaultcheck.fixing.fixer import fix_vault
    from vaultcheck.fixing.renames import amender_for
    from vaultcheck.fixing.writing import write_fixes
    from vaultcheck.report.baseline_run import baseline_path, filter_baseline

    root, settings = _root_and_config(path, config)
    rules = _rules(settings, select, ignore)
    amend = amender_for(root, settings)
    outcome = fix_vault(root, rules, settings, unsafe=unsafe, amend=amend)
    remaining = outcome.remaining
    if write:
        write_fixes(root, outcome)
        if outcome.failures:  # what remains is what is on disk, as on the command line
            from vaultcheck.engine.run import lint as run

            remaining = amend(run(root, rules, config=settings)).diagnostics
    known = baseline_path(None, settings) if baseline else None
    if known is not None:
        remaining = filter_baseline(known, remaining, rules, None, settings)[0]
    changes = {p: (outcome.originals[p], text) for p, text in sorted(outcome.changed.items())}
    refused = [(r.diagnostic, r.path, r.reason) for r in outcome.rejections]
    return FixResult(
        changes,
        outcome.fixed,
        remaining,
        write,
        refused,
        list(outcome.unconverged),
        list(outcome.failures),
    )
