"""Safe ``--fix`` on copies of every real vault in ../shared/corpora, as a user would run it.

For each corpus: no new diagnostic appears; frontmatter that was valid YAML still is; every
link that led somewhere still leads there (a fixed link may now lead somewhere); ``--diff``
applied with ``patch -p1`` gives byte for byte what ``--fix`` wrote; a second ``--fix``
changes nothing and reports nothing fixed. Every rule is selected, so the off-by-default
rules' safe fixes are exercised too.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import CORPORA, corpus
from vaultcheck.cli.app import app
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import Vault
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status

runner = CliRunner()
RULES = select_rules(["ALL"])
#: The safe fixes ``--diff`` announces on each corpus, with every rule on.
FIXABLE = {
    "OldManUmby__DND.SRD.Wiki": "Would fix 0 problems in 0 notes.\n",
    "foambubble__foam_docs": "Would fix 0 problems in 0 notes.\n",
    # LNK008: `[[evergreen]]` is written `[[Evergreen]]`, the note's own casing.
    "kepano__kepano-obsidian": "Would fix 1 problem in 1 note.\n",
    "tldr-pages__tldr": "Would fix 0 problems in 0 notes.\n",
}


def _copy(source: Path, target: Path) -> Path:
    """A writable copy (the corpora are read-only)."""
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def _notes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.md")}


def _checked(root: Path) -> tuple[Vault, Counter[tuple[str, str, str]]]:
    """The vault and its diagnostics by (code, path, message): positions move when a fix
    edits a line, so they are left out."""
    result = lint(root, RULES)
    assert result.vault is not None
    return result.vault, Counter((d.code, d.path, d.message) for d in result.diagnostics)


def _valid_yaml(vault: Vault) -> set[str]:
    return {
        n.path
        for n in vault
        if n.frontmatter is not None and not n.frontmatter.unclosed and n.frontmatter.error is None
    }


def _destinations(vault: Vault) -> dict[str, Counter[str]]:
    """Per note, how many of its links lead to each file."""
    index = LinkIndex(vault, Counter())
    return {
        note.path: Counter(
            res.target
            for _, res in index.of(note)
            if res.status is Status.RESOLVED and res.target is not None
        )
        for note in vault
    }


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(FIXABLE))
def test_safe_fix_on_a_real_vault(tmp_path: Path, name: str) -> None:
    source = corpus(name)
    fixed, patched = _copy(source, tmp_path / "fixed"), _copy(source, tmp_path / "patched")
    before_vault, before = _checked(fixed)
    args = ["--select", "ALL", "--no-cache", "--output-format", "concise"]

    diff = runner.invoke(app, ["lint", str(patched), "--diff", *args])
    assert diff.stderr == FIXABLE[name]
    if diff.stdout_bytes:
        subprocess.run(
            ["patch", "-p1", "-s", "-d", str(patched)], input=diff.stdout_bytes, check=True
        )
    first = runner.invoke(app, ["lint", str(fixed), "--fix", *args])
    assert "not applied" not in first.stderr, first.stderr
    assert _notes(fixed) == _notes(patched)

    if _notes(fixed) != _notes(source):  # (else the vault is the same, and so is the rest)
        after_vault, after = _checked(fixed)
        assert not (after - before), "a fix made a new problem"
        assert _valid_yaml(before_vault) <= _valid_yaml(after_vault)
        was, now = _destinations(before_vault), _destinations(after_vault)
        for path, targets in was.items():
            assert not (targets - now[path]), f"{path}: a link no longer leads where it did"

    written = _notes(fixed)
    second = runner.invoke(app, ["lint", str(fixed), "--fix", *args])
    assert _notes(fixed) == written
    assert "fixed" not in second.stdout.splitlines()[-1]


@pytest.mark.corpus
def test_every_shared_corpus_is_covered() -> None:
    if not CORPORA.is_dir():
        pytest.skip(f"corpora not available at {CORPORA}")
    assert sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) == sorted(FIXABLE)
