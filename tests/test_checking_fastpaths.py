"""The engine's shortcuts when checking notes give what checking every note with every rule
gives: a rule's ``needs`` (notes without that field are not checked) must never hide a
finding, on real vaults, the example vault, the hostile corpus and a generated vault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPORA, EXAMPLE_VAULT, REPO, write_vault
from tests.hostile.generate import files as hostile_files
from vaultcheck.core.config import Config, load_config, parse_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import run_note_rules
from vaultcheck.rules import REGISTRY, Context, Rule
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex

#: Options that turn on rules a default config leaves idle (TAG003, FM004).
CONFIGURED = {
    "tags": {"allowed": ["psychology", "framework"]},
    "frontmatter": {"required": ["title"]},
}


def _vaults(tmp_path: Path) -> list[tuple[Path, Config]]:
    hostile = write_vault(tmp_path / "hostile", dict(hostile_files()))
    generated = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(generated), "--notes", "150"],
        check=True,
        capture_output=True,
    )
    found = [(EXAMPLE_VAULT, load_config(EXAMPLE_VAULT))]
    for root in [hostile, generated, *sorted(CORPORA.glob("*/"))]:
        found += [(root, Config()), (root, parse_config(CONFIGURED))]
    return found


def _checked(vault: Vault, config: Config) -> tuple[Context, list[Rule], list[Note]]:
    rules = [cls() for _, cls in sorted(REGISTRY.items())]
    return Context(vault, LinkIndex(vault), config), rules, list(vault)


def test_every_rule_needs_a_field_of_a_note() -> None:
    fields = set(Note._fields)
    needing = {code: cls.needs for code, cls in REGISTRY.items() if cls.needs is not None}
    assert needing, "no rule says what it needs"
    assert {code: field for code, field in needing.items() if field not in fields} == {}
    # A rule that needs something must be a per-note rule: the field says which notes.
    assert all(REGISTRY[code].check_note is not Rule.check_note for code in needing)


def test_a_rule_finds_nothing_in_a_note_without_what_it_needs(tmp_path: Path) -> None:
    vaults: dict[Path, Vault] = {}
    for root, config in _vaults(tmp_path):
        vault = vaults.get(root) or vaults.setdefault(root, load_vault(root))
        ctx, rules, notes = _checked(vault, config)
        for rule in rules:
            field = rule.needs
            if field is None:
                continue
            for note in notes:
                if getattr(note, field) in (None, ()):
                    ctx.checking = note.path
                    found = list(rule.check_note(note, ctx))
                    assert found == [], (root.name, rule.code, note.path)


def _without_needs(rules: list[Rule]) -> list[Rule]:
    """The same rules, each checking every note."""
    plain = []
    for rule in rules:
        cls = type(rule)
        plain.append(type(cls.__name__, (cls,), {"needs": None})())
    return plain


def _rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.code, d.path, d.span, d.message, d.severity, d.fix) for d in found]


@pytest.mark.parametrize("name", ["examples", "hostile", "kepano__kepano-obsidian"])
def test_checking_with_needs_gives_the_findings_in_order_of_checking_every_note(
    tmp_path: Path, name: str
) -> None:
    if name == "examples":
        root, config = EXAMPLE_VAULT, load_config(EXAMPLE_VAULT)
    elif name == "hostile":
        root, config = write_vault(tmp_path / "hostile", dict(hostile_files())), Config()
    else:
        root, config = CORPORA / name, Config()
        if not root.is_dir():
            pytest.skip(f"corpus {name} not available")
    vault = load_vault(root)
    ctx, rules, notes = _checked(vault, config)
    fast = run_note_rules(ctx, rules, notes)
    ctx, _, _ = _checked(vault, config)
    plain = run_note_rules(ctx, _without_needs(rules), notes)
    assert fast, "nothing found: the comparison would prove nothing"
    assert _rows(fast) == _rows(plain)


def test_the_quick_no_op_check_gives_what_without_noop_edits_gives() -> None:
    from vaultcheck.core.diagnostics import Applicability, Edit, Fix, Severity, without_noop_edits
    from vaultcheck.core.model import Span
    from vaultcheck.engine.checking import _real_fix

    text = "alpha beta gamma"
    span = Span(0, 5, 1, 1, 1, 6)
    edit_sets: list[tuple[Edit, ...]] = [
        (Edit(0, 5, "ALPHA"),),  # changes something
        (Edit(0, 5, "alpha"),),  # writes what is there
        (Edit(0, 5, "alpha"), Edit(6, 10, "BETA")),  # one of each
        (Edit(0, 5, "alpha"), Edit(6, 10, "beta")),  # nothing left
        (Edit(0, 5, "alpha", path="other.md"),),  # another note's: not this text's
        (Edit(0, 5, "ALPHA", path="other.md"), Edit(11, 16, "gamma")),
    ]
    for edits in [*edit_sets, None]:
        fix = None if edits is None else Fix(edits, Applicability.SAFE, "do it")
        d = Diagnostic("X001", "x", Severity.ERROR, "m", "note.md", span, fix)
        for path in ("note.md", "other.md"):
            other_text = text if path == "note.md" else "alpha"
            assert _real_fix(d, path, other_text) == without_noop_edits(d, path, other_text)
