"""Run rules over a vault and collect their diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vaultcheck.diagnostics import Diagnostic
from vaultcheck.linkindex import LinkIndex
from vaultcheck.model import Span
from vaultcheck.rules import Context, Rule
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
            except Exception as err:  # a bug in one rule must not hide the others' results
                found.append(rule.report(note.path, _START, _internal(err)))
        try:
            found.extend(rule.check_vault(ctx))
        except Exception as err:
            found.append(rule.report(".", _START, _internal(err)))
    return found


def _internal(err: Exception) -> str:
    return f"Internal error in this rule ({type(err).__name__}: {err}); please report it"


def lint(
    root: Path,
    rule_classes: Iterable[type[Rule]],
    only: Iterable[str] | None = None,
) -> LintResult:
    """Load the vault at ``root``, run the rules, keep diagnostics under ``only`` paths."""
    vault = load_vault(root)
    ctx = Context(vault, LinkIndex(vault))
    diagnostics = run_rules(ctx, [cls() for cls in rule_classes])
    if only is not None:
        wanted = tuple(only)
        diagnostics = [d for d in diagnostics if _within(d.path, wanted)]
    diagnostics.sort(key=lambda d: d.sort_key)
    return LintResult(vault, diagnostics)


def _within(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
