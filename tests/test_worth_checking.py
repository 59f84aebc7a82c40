"""The notes a rule leaves out before checking (``Rule.worth_checking``, ``data_files_only``)
are notes its check finds nothing in: the findings are those of checking every note."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPORA, EXAMPLE_VAULT, as_rows, write_vault
from tests.hostile.generate import files as hostile_files
from vaultcheck.core.config import Config, load_config, parse_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import run_note_rules
from vaultcheck.engine.run import lint
from vaultcheck.parse.bases import is_base
from vaultcheck.parse.canvas import is_canvas
from vaultcheck.rules import REGISTRY, Context, Rule
from vaultcheck.rules.aliases import AliasConflict, AliasUnlinkableChars, DuplicateAlias
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex

#: A vault where every narrowed rule has something to find, and notes it must not skip.
NARROWED = {
    "Dup.md": "---\naliases: [NVC, nvc]\n---\n[[NVC]] and [[]]\n",
    "Pipe.md": '---\naliases: ["Repair | Reconnect", plain]\n---\n#Topic\n',
    "One.md": '---\naliases: "Single [x]"\n---\n#topic\n',
    "Shared1.md": "---\naliases: [Shared]\n---\n[[Shared]]\n",
    "Shared2.md": "---\naliases: [shared]\n---\n[[Gone]] ![[gone.png]]\n",
    "Named.md": "---\naliases: [Target, 12]\n---\n[[Target]]\n",
    "Target.md": "---\ntags: [paper]\n---\nAs [@doe99] and [@nobody] say.\n",
    "Numbers.md": "---\naliases: [12, 12.5, true]\n---\n[[Same]]\n",
    "Nested.md": "---\naliases:\n  - [[Old]]\n  -\n---\nx\n",
    "Twice.md": "---\naliases: [Twice]\naliases: [Again, again]\n---\nx\n",
    "a/Same.md": "x\n",
    "b/Same.md": "x\n",
    "Plain.md": "No properties, [[Target#Nowhere]].\n",
    "board.canvas": '{"nodes": [',
    "broken.base": "filters: [\n",
    "books.base": "properties:\n  ratnig:\n    displayName: R\n",
    "refs.bib": "@book{doe99, title={T}}\n",
}

CONFIGURED = {
    "tags": {"allowed": ["psychology"]},
    "citations": {"require-for-tags": ["paper"], "required-keys": ["source"]},
}
CITING = {"citations": {"bibliography": ["refs.bib"]}}
#: Required keys and types for some notes only: the expectation differs by note.
SCHEMA = {
    "frontmatter": {
        "schema": [{"paths": ["Target.md"], "required": ["source"], "types": {"tags": "number"}}]
    }
}
TYPED = {"frontmatter": {"required": ["title"], "types": {"aliases": "number"}}}


def _vaults(tmp_path: Path) -> list[tuple[Vault, Config]]:
    narrowed = load_vault(write_vault(tmp_path / "narrowed", NARROWED))
    hostile = load_vault(write_vault(tmp_path / "hostile", dict(hostile_files())))
    found = [(load_vault(EXAMPLE_VAULT), load_config(EXAMPLE_VAULT))]
    for vault in (narrowed, hostile):
        found += [(vault, Config()), (vault, parse_config(CONFIGURED))]
    found += [(narrowed, parse_config(c)) for c in (CITING, SCHEMA, TYPED)]
    for root in sorted(CORPORA.glob("*/")):
        found.append((load_vault(root), Config()))
    return found


def _rules() -> list[Rule]:
    return [cls() for _, cls in sorted(REGISTRY.items())]


def _every_note(rule: Rule) -> Rule:
    """The same rule, checking every note."""
    cls = type(rule)
    plain = {"needs": None, "data_files_only": False, "worth_checking": Rule.worth_checking}
    return type(cls.__name__, (cls,), plain)()


def _rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.code, d.path, d.span, d.message, d.severity, d.fix) for d in found]


def test_the_rules_that_narrow(tmp_path: Path) -> None:
    narrowing = sorted(
        code
        for code, cls in REGISTRY.items()
        if cls.data_files_only or cls.worth_checking is not Rule.worth_checking
    )
    assert narrowing == [
        "AL002",
        "AL003",
        "AL004",
        "BASE001",
        "BASE002",
        "CIT001",
        "CIT002",
        "CNV001",
        "FM004",
        "FM005",
        "LNK001",
        "LNK002",
        "LNK005",
        "LNK007",
        "LNK009",
        "TAG002",
        "TAG003",
    ]


def test_a_rule_finds_nothing_in_the_notes_it_leaves_out(tmp_path: Path) -> None:
    narrowed = outside_data_files = 0
    for vault, config in _vaults(tmp_path):
        ctx = Context(vault, LinkIndex(vault), config)
        notes = list(vault)
        for rule in _rules():
            if rule.data_files_only:  # nor does a rule of data files find anything in a note
                for note in notes:
                    if not (is_canvas(note.path) or is_base(note.path)):
                        ctx.checking = note.path
                        assert list(rule.check_note(note, ctx)) == [], (rule.code, note.path)
                        outside_data_files += 1
            if type(rule).worth_checking is Rule.worth_checking:
                continue
            kept = rule.worth_checking(notes, ctx)
            positions = [notes.index(note) for note in kept]
            assert positions == sorted(set(positions)), rule.code  # in order, each once
            left_out = [note for note in notes if note not in kept]
            narrowed += len(left_out)
            for note in left_out:
                ctx.checking = note.path
                assert list(rule.check_note(note, ctx)) == [], (vault.root, rule.code, note.path)
    assert narrowed > 1000, "the shortcuts left nothing out: the test would prove nothing"
    assert outside_data_files > 1000, "no rule of data files was held to finding nothing"


@pytest.mark.parametrize(
    "name", ["narrowed", "citing", "schema", "typed", "hostile", "kepano__kepano-obsidian"]
)
def test_the_findings_are_those_of_checking_every_note(tmp_path: Path, name: str) -> None:
    config = Config()
    configs = {"narrowed": CONFIGURED, "citing": CITING, "schema": SCHEMA, "typed": TYPED}
    if name in configs:
        root = write_vault(tmp_path / "v", NARROWED)
        config = parse_config(configs[name])
    elif name == "hostile":
        root = write_vault(tmp_path / "hostile", dict(hostile_files()))
    else:
        root = CORPORA / name
        if not root.is_dir():
            pytest.skip(f"corpus {name} not available")
    vault = load_vault(root)
    rules = _rules()
    fast = run_note_rules(Context(vault, LinkIndex(vault), config), rules, list(vault))
    every = [_every_note(rule) for rule in rules]
    plain = run_note_rules(Context(vault, LinkIndex(vault), config), every, list(vault))
    assert fast, "nothing found: the comparison would prove nothing"
    assert _rows(fast) == _rows(plain)


def test_what_the_narrowed_vault_holds(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NARROWED)
    codes = ["AL002", "AL003", "AL004", "CNV001", "BASE001", "LNK007", "LNK009", "TAG002"]
    rows = as_rows(lint(root, select_rules(codes)).diagnostics)
    assert sorted({(code, path) for code, path, *_ in rows}) == [
        ("AL002", "Dup.md"),
        ("AL002", "Twice.md"),
        ("AL003", "Named.md"),  # `Target`, a note's name
        ("AL003", "Pipe.md"),  # `plain`, a note's name in another case
        ("AL003", "Shared1.md"),
        ("AL003", "Shared2.md"),
        ("AL004", "One.md"),
        ("AL004", "Pipe.md"),
        ("BASE001", "broken.base"),
        ("CNV001", "board.canvas"),
        ("LNK007", "Dup.md"),
        ("LNK009", "Dup.md"),
        ("LNK009", "Shared1.md"),
        ("TAG002", "Pipe.md"),
    ]


def test_a_shortcut_that_fails_leaves_every_note_to_the_check(tmp_path: Path) -> None:
    vault = load_vault(write_vault(tmp_path / "v", NARROWED))

    class Failing(DuplicateAlias):
        def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
            raise RuntimeError("no shortcut")

    found = run_note_rules(Context(vault, LinkIndex(vault)), [Failing()], list(vault))
    assert as_rows(found) == as_rows(
        run_note_rules(Context(vault, LinkIndex(vault)), [DuplicateAlias()], list(vault))
    )
    assert {d.path for d in found} == {"Dup.md", "Twice.md"}


def test_the_alias_rules_keep_the_notes_the_alias_index_does_not_describe(
    tmp_path: Path,
) -> None:
    vault = load_vault(write_vault(tmp_path / "v", NARROWED))
    ctx = Context(vault, LinkIndex(vault))
    notes = list(vault)
    rules = [DuplicateAlias(), AliasConflict(), AliasUnlinkableChars()]
    assert [[n.path for n in rule.worth_checking(notes, ctx)] for rule in rules] == [
        # Several aliases each (strings or not, as the vault indexes them).
        ["Dup.md", "Named.md", "Numbers.md", "Pipe.md", "Twice.md"],
        # Each claims an alias another claims too (or it twice), or a note's name.
        ["Dup.md", "Named.md", "Numbers.md", "Pipe.md", "Shared1.md", "Shared2.md", "Twice.md"],
        ["One.md", "Pipe.md"],
    ]
    # A note that is not the vault's at its path (its aliases may differ): kept.
    other = vault.notes["Plain.md"]._replace(text="changed\n")
    for rule in rules:
        assert other in rule.worth_checking([other], ctx)
    # A vault given its indexes (an incremental run's) has no per-note aliases: all kept.
    given = Vault(vault.root, vault.notes, by_name=vault.by_name, by_path=vault.by_path)
    assert given.note_aliases is None
    for rule in rules:
        assert rule.worth_checking(notes, Context(given, LinkIndex(given))) == notes
