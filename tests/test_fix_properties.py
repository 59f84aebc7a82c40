"""Properties of ``--fix`` over generated notes and over every note of the real corpora:

- every character outside the edits a pass reports is unchanged (checked independently of
  the code that applies them), and the bytes on disk are exactly the final text;
- a second ``--fix`` changes nothing;
- ``--diff`` applied with ``patch`` gives the same files as ``--fix``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Edit
from vaultcheck.fixing.fixer import FixOutcome, fix_vault
from vaultcheck.fixing.writing import write_fixes
from vaultcheck.rules import Rule
from vaultcheck.rules.selection import select_rules

runner = CliRunner()
RULES = select_rules(["ALL"])
#: On the corpora, GR005 would link thousands of everyday words (its fix is tested on a
#: corpus in test_mentions.py); the counts below are those of the other rules.
CORPUS_RULES = [rule for rule in RULES if rule.code != "GR005"]

FRONTMATTER_LINES = [
    "tags: [a, a, '#b', B]",
    "tags:\n  - x\n  - x # again\n  - '#y'",
    "tag: t",
    "alias: Al",
    "aliases: [A1, a1]",
    'related: [n1, n1, "[[n1]]"]',
    "related:\n  - n1",
    "title: T # a comment",
    "created: 2025-01-01",
    "# only a comment",
    "up: [[n1]]",
    "topics:\n  - [[n1|one]]\n  - '[[x]]'",
    "tags: #a #b",
]
BODY_LINES = [
    "caf\u00c3\u00a9 garbled",
    "Mart\u221a\u2260n-Bar\u221a\u2265",
    "[[n1]] and [[N1]] and [[n1#Part]]",
    "[[Alias1]] and [[Alias1|shown]]",
    "%% hidden [[x]] %%",
    "<!-- vaultcheck: ignore[LNK001] -->",
    "\t- a tab item #Tag #tag",
    "# Heading ✓ 日本",
    "## Related",
    "- [[n1]]",
    "",
    "```\n[[code]] caf\u00c3\u00a9\n```",
]


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    front = draw(st.lists(st.sampled_from(FRONTMATTER_LINES), max_size=5))
    body = draw(st.lists(st.sampled_from(BODY_LINES), max_size=8))
    lines = (["---", *front, "---"] if front or draw(st.booleans()) else []) + body
    text = nl.join("\n".join(lines).split("\n"))
    if draw(st.booleans()):
        text += nl
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode("utf-8")


def check_edits_only(outcome: FixOutcome, root: Path) -> None:
    """Each pass changed only its edits; the disk holds the final text."""
    for applied in outcome.passes:
        for path, (before, edits) in applied.items():
            after = _after(outcome, applied, path)
            position, shift = 0, 0
            for edit in sorted(edits, key=lambda e: (e.start, e.end)):
                assert edit.start >= position, "overlapping edits in one pass"
                assert before[position : edit.start] == after[position + shift : edit.start + shift]
                shift += len(edit.replacement) - (edit.end - edit.start)
                position = edit.end
            assert before[position:] == after[position + shift :]
    for path, text in outcome.changed.items():
        assert (root / path).read_bytes() == text.encode("utf-8")


def _after(outcome: FixOutcome, applied: dict[str, tuple[str, list[Edit]]], path: str) -> str:
    later = outcome.passes[outcome.passes.index(applied) + 1 :]
    for next_pass in later:
        if path in next_pass:
            return next_pass[path][0]
    return outcome.fixed_texts[path]


def fix_and_check(root: Path, rules: list[type[Rule]] = RULES) -> None:
    outcome = fix_vault(root, rules, Config(), unsafe=True)
    write_fixes(root, outcome)
    assert outcome.failures == []
    check_edits_only(outcome, root)
    again = fix_vault(root, rules, Config(), unsafe=True)
    assert again.changed == {}, "a second --fix changed something"


def diff_patch_equals_fix(one: Path, two: Path, ignore: tuple[str, ...] = ()) -> None:
    args = ["--unsafe-fixes", "--select", "ALL", *(f"--ignore={code}" for code in ignore)]
    diff = runner.invoke(app, ["lint", str(one), "--diff", *args])
    if diff.stdout_bytes:
        subprocess.run(["patch", "-p1", "-s", "-d", str(one)], input=diff.stdout_bytes, check=True)
    runner.invoke(app, ["lint", str(two), "--fix", *args])
    for path in sorted(p.relative_to(two) for p in two.rglob("*.md")):
        assert (one / path).read_bytes() == (two / path).read_bytes(), path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=notes())
def test_fix_properties_on_generated_notes(
    tmp_path_factory: pytest.TempPathFactory, note: bytes
) -> None:
    files: dict[str, str | bytes] = {"a.md": note, "n1.md": "---\naliases: [Alias1]\n---\n# Part\n"}
    root = write_vault(tmp_path_factory.mktemp("v"), files)
    fix_and_check(root)
    one = write_vault(tmp_path_factory.mktemp("one"), files)
    two = write_vault(tmp_path_factory.mktemp("two"), files)
    diff_patch_equals_fix(one, two)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "fixable"),
    # kepano: one link-case fix (LNK008) and one related-list fix (REL005); the
    # "did you mean" `Futurism` -> `Futurama` (wrong) is no longer offered.
    [("kepano__kepano-obsidian", 2), ("foambubble__foam_docs", 0), ("OldManUmby__DND.SRD.Wiki", 0)],
)
def test_fix_properties_on_the_corpora(tmp_path: Path, name: str, fixable: int) -> None:
    source = corpus(name)
    one, two = tmp_path / "one", tmp_path / "two"
    _writable_copy(source, one)
    _writable_copy(source, two)
    assert fix_vault(one, CORPUS_RULES, Config(), unsafe=True).fixed == fixable
    fix_and_check(one, CORPUS_RULES)
    shutil.rmtree(one)
    _writable_copy(source, one)
    diff_patch_equals_fix(one, two, ignore=("GR005",))


def _writable_copy(source: Path, target: Path) -> None:
    """The corpora are read-only; the copies must be writable by any user."""
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
