"""``vaultcheck rule CODE`` / ``--all``: a rule's documentation, from its docstring."""

from __future__ import annotations

import inspect
import sys
from typing import TextIO

from vaultcheck.errors import UsageError
from vaultcheck.rules import REGISTRY, Rule


def rule_doc(cls: type[Rule]) -> str:
    """Markdown documentation of one rule."""
    on = "on by default" if cls.default_enabled else "off by default (opt in with --select)"
    fix = f"fix: {cls.fixable}" if cls.fixable else "no automatic fix"
    head = f"# {cls.code} {cls.name}\n\nSeverity: {cls.severity.value}; {on}; {fix}.\n\n"
    return head + inspect.cleandoc(cls.__doc__ or "") + "\n"


def run_rule(code: str | None, show_all: bool, out: TextIO | None = None) -> int:
    """Print the docs of one rule or all; exit 0, or raise for an unknown code."""
    out = out or sys.stdout
    if show_all:
        out.write("\n".join(rule_doc(REGISTRY[c]) for c in sorted(REGISTRY)))
        return 0
    if code is None:
        raise UsageError("name a rule code (e.g. LNK001) or pass --all")
    cls = REGISTRY.get(code.upper()) or next((c for c in REGISTRY.values() if c.name == code), None)
    if cls is None:
        raise UsageError(f"unknown rule `{code}` (see `vaultcheck rule --all`)")
    out.write(rule_doc(cls))
    return 0
