"""The engine object: a note's new text (or a file deleted or added), given in memory, gives
exactly the findings of a full run over the vault as edited."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import write_vault
from tests.test_incremental import EDITS, LINKS, MORE_NOTES, NOTES, _row, every_rule_but_vault_wide
from vaultcheck.core.config import load_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.engine.run import Engine, lint
from vaultcheck.rules.selection import select_rules


def full_run(root: Path, select: list[str] | None) -> list[tuple[object, ...]]:
    """A run over the vault as it is on disk, nothing reused."""
    return [_row(d) for d in lint(root, select_rules(select), config=load_config(root)).diagnostics]


def rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [_row(d) for d in found]


def open_engine(root: Path, select: list[str] | None) -> Engine:
    engine = Engine(root, select_rules(select), load_config(root))
    engine.lint()
    return engine


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_in_memory_give_the_findings_of_a_full_run(
    tmp_path: Path, seed: int
) -> None:
    root = write_vault(tmp_path / "vault", {**NOTES, **MORE_NOTES})
    rand = random.Random(seed)
    select = None if seed % 2 else every_rule_but_vault_wide()  # None: the default rules
    engine = open_engine(root, select)
    notes = sorted(p for p in {**NOTES, **MORE_NOTES} if p.endswith(".md") and "Excluded" not in p)
    partial = 0
    for step in range(30):
        roll = rand.random()
        if roll < 0.1 and len(notes) > 3:  # a note deleted
            path, data = rand.choice(notes), None
            notes.remove(path)
            (root / path).unlink()
        elif roll < 0.2:  # a note added, maybe with a name others link to
            path = rand.choice(["Missing note.md", "new/Alhpa.md", f"new/N{step}.md"])
            data = f"# New\n\n{rand.choice(LINKS)}\n".encode()
            if path not in notes:
                notes.append(path)
            (root / path).parent.mkdir(exist_ok=True)
            (root / path).write_bytes(data)
        else:  # a note edited: the text given in memory, and written for the full run
            path = rand.choice(notes)
            edited = rand.choice(EDITS)((root / path).read_bytes().decode("utf-8", "replace"), rand)
            data = edited.encode() if isinstance(edited, str) else edited
            (root / path).write_bytes(data)
        assert rows(engine.change(path, data)) == full_run(root, select), (step, path)
        if engine.checked < len(notes):
            partial += 1
    assert partial >= 10  # most edits checked only the notes they can reach


def test_an_edit_checks_only_what_it_reaches(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    engine = open_engine(root, None)
    assert engine.checked == 7
    found = engine.change("Delta.md", b"Now links to [[Gamma#^quote]] and [[Nowhere]]. #Topic\n")
    # Delta itself and Gamma, whose incoming links changed (the tags are as they were).
    assert engine.checked == 2
    assert [(d.path, d.code, d.message) for d in found if d.path == "Delta.md"] == [
        ("Delta.md", "LNK001", "Broken link: no note named `Nowhere`"),
        ("Delta.md", "TAG002", "Tag `Topic` is also written `topic` (2 times); pick one casing"),
    ]
    assert (root / "Delta.md").read_text() == NOTES["Delta.md"]


def test_an_alias_change_checks_every_note(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    engine = open_engine(root, None)
    text = NOTES["sub/Epsilon.md"].replace("aliases: [Eps]", "aliases: [Other]")
    found = engine.change("sub/Epsilon.md", text.encode())
    assert engine.checked == 7
    assert ("sub/Zeta.md", "LNK001") in {(d.path, d.code) for d in found}
