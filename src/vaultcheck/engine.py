"""Run rules over a vault, then apply configuration and inline suppressions."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from vaultcheck.config import Config
from vaultcheck.diagnostics import Diagnostic, Severity
from vaultcheck.errors import VaultcheckError
from vaultcheck.linkindex import LinkIndex
from vaultcheck.model import Span
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.meta import UnusedSuppression
from vaultcheck.suppress import apply_suppressions, parse_suppressions
from vaultcheck.vault import Vault, load_vault

_START = Span(0, 0, 1, 1, 1, 1)


@dataclass
class LintResult:
    """Diagnostics, sorted by place, and the vault they are about."""

    vault: Vault
    diagnostics: list[Diagnostic]


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every diagnostic of ``rules``; a rule that crashes is reported, not fatal."""
    found: list[Diagnostic] = []
    for rule in rules:
        for note in ctx.vault:
            try:
                found.extend(rule.check_note(note, ctx))
            except VaultcheckError:
                raise  # bad configuration ends the run (exit 2)
            except Exception as err:  # a bug in one rule must not hide the others' results
                found.append(rule.report(note.path, _START, _internal(err)))
        try:
            found.extend(rule.check_vault(ctx))
        except VaultcheckError:
            raise
        except Exception as err:
            found.append(rule.report(".", _START, _internal(err)))
    return found


def _internal(err: Exception) -> str:
    return f"Internal error in this rule ({type(err).__name__}: {err}); please report it"


def _per_file_ignored(d: Diagnostic, config: Config) -> bool:
    return any(
        fnmatch.fnmatch(d.path, pattern) and any(d.code.startswith(c) for c in codes)
        for pattern, codes in config.per_file_ignores.items()
    )


def _suppress(ctx: Context, found: list[Diagnostic], rules: list[Rule]) -> list[Diagnostic]:
    """Apply inline suppressions note by note, and report the unused ones (VC001)."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        by_path[d.path].append(d)
    ran = {rule.code for rule in rules}
    unused_rule = next((r for r in rules if isinstance(r, UnusedSuppression)), None)
    kept: list[Diagnostic] = []
    for path, diagnostics in by_path.items():
        note = ctx.vault.notes.get(path)
        if note is None or not note.comments:
            kept.extend(diagnostics)
    for note in ctx.vault:
        if not note.comments:
            continue
        suppressions = parse_suppressions(note)
        kept.extend(apply_suppressions(by_path.get(note.path, []), suppressions))
        if unused_rule is not None:
            kept.extend(unused_rule.unused(note, suppressions, ran))
    return kept


def lint(
    root: Path,
    rule_classes: Iterable[type[Rule]],
    only: Iterable[str] | None = None,
    config: Config | None = None,
    overlay: Mapping[str, bytes] | None = None,
    keep: Iterable[str] = (),
) -> LintResult:
    """Load the vault at ``root``, run the rules, keep diagnostics under ``only`` paths.

    ``overlay`` replaces the bytes of some notes (the fixer's edited, unwritten text);
    ``keep`` names paths read even when excluded (notes named on the command line)."""
    config = config or Config()
    vault = load_vault(
        root, tuple(config.exclude), config.respect_gitignore, overlay, frozenset(keep)
    )
    ctx = Context(vault, LinkIndex(vault), config)
    rules = [cls() for cls in rule_classes]
    found = [d for d in run_rules(ctx, rules) if not _per_file_ignored(d, config)]
    found = _suppress(ctx, found, rules)
    if config.severity:
        found = [
            replace(d, severity=Severity(config.severity[d.code]))
            if d.code in config.severity
            else d
            for d in found
        ]
    if only is not None:
        wanted = tuple(only)
        found = [d for d in found if _within(d.path, wanted)]
    found.sort(key=lambda d: d.sort_key)
    return LintResult(vault, found)


def _within(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
