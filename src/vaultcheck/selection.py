"""Which rules run: ruff-style ``--select``, ``--extend-select`` and ``--ignore``.

A selector is ``ALL``, a code (``LNK001``), a prefix (``LNK``, ``LNK00``) or a rule name
(``broken-link``). An unknown selector is a usage error, so typos never pass silently.
"""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.errors import UsageError
from vaultcheck.rules import REGISTRY, Rule


def expand(selector: str) -> set[str]:
    """The codes a selector stands for."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return set(REGISTRY)
    by_name = {cls.name: code for code, cls in REGISTRY.items()}
    if wanted in by_name:
        return {by_name[wanted]}
    codes = {code for code in REGISTRY if code.startswith(wanted.upper())}
    if not codes:
        raise UsageError(f"unknown rule selector `{selector}` (see `vaultcheck rule --all`)")
    return codes


def _expand_all(selectors: Iterable[str]) -> set[str]:
    codes: set[str] = set()
    for selector in selectors:
        codes |= expand(selector)
    return codes


def select_rules(
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[type[Rule]]:
    """Rule classes to run, in code order."""
    if select is None:
        codes = {code for code, cls in REGISTRY.items() if cls.default_enabled}
    else:
        codes = _expand_all(select)
    codes |= _expand_all(extend_select)
    codes -= _expand_all(ignore)
    return [REGISTRY[code] for code in sorted(codes)]


def split_selectors(values: Iterable[str] | None) -> list[str] | None:
    """``["LNK001,FM", "TXT"]`` -> ``["LNK001", "FM", "TXT"]``; ``None`` stays ``None``."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
