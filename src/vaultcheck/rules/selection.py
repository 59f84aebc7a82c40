"""Which rules run: ruff-style ``--select``, ``--extend-select`` and ``--ignore``.

A selector is ``ALL``, a code (``LNK001``), a prefix (``LNK``, ``LNK00``) or a rule name
(``broken-link``). An unknown selector is a usage error, so typos never pass silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vaultcheck.core.errors import UsageError
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


@dataclass(frozen=True)
class Selection:
    """One layer of selectors (the config file, then the command line)."""

    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()


def resolve_layers(layers: Iterable[Selection]) -> list[type[Rule]]:
    """Apply layers in order, as ruff does: a layer's ``select`` starts over, then the
    layer adds ``extend_select`` and removes ``ignore``. So ``--select GR001`` on the
    command line runs GR001 even when the config ignores ``GR``."""
    codes = {code for code, cls in REGISTRY.items() if cls.default_enabled}
    for layer in layers:
        if layer.select is not None:
            codes = _expand_all(layer.select)
        codes |= _expand_all(layer.extend_select)
        codes -= _expand_all(layer.ignore)
    return [REGISTRY[code] for code in sorted(codes)]


def select_rules(
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[type[Rule]]:
    """Rule classes to run for one layer of selectors, in code order."""
    layer = Selection(None if select is None else list(select), list(extend_select), list(ignore))
    return resolve_layers([layer])


def split_selectors(values: Iterable[str] | None) -> list[str] | None:
    """``["LNK001,FM", "TXT"]`` -> ``["LNK001", "FM", "TXT"]``; ``None`` stays ``None``."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
