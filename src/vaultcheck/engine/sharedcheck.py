"""Checking a cold run's notes on two cores: the parse worker checks the notes it parsed.

After parsing, the worker still holds the notes it parsed, in its own memory (forking a new
worker from the built vault instead cost 220 MB more, as reference counting copies every
page it touches). This process sends it what checks read from the rest of the vault: every
path, the name and alias indexes, the attachments and the tag spellings. The worker then runs
every per-note rule on its notes while this process runs them on the others.

A check in the worker that needs more — another note's content (LNK003 reads the headings of
link targets), the incoming-link counts, the whole vault — meets :class:`NotLoaded` from the
worker's vault, and that rule's check of that note is left to this process. So the findings
are exactly those of one process (tested), and a worker that dies only means this process
checks its notes too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vaultcheck.core import progress
from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import run_note_rules
from vaultcheck.parse.parallel import Workers
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.tags import count_spellings, tag_names
from vaultcheck.vault.build import LazyNotes, NotLoaded, ReadProblem, Vault
from vaultcheck.vault.linkindex import LinkIndex

#: What the worker sends back: findings, the (rule code, path) checks left to this process,
#: and the other notes its checks read (for the incremental state).
Outcome = tuple[list[Diagnostic], list[tuple[str, str]], dict[str, set[str]]]


@dataclass
class VaultSummary:
    """What checks of one note may read from the rest of the vault, besides other notes."""

    root: Path
    paths: list[str]
    attachments: frozenset[str]
    read_problems: tuple[ReadProblem, ...]
    excluded: frozenset[str]
    by_name: dict[str, list[str]]
    by_path: dict[str, str]
    by_alias: dict[str, list[str]]
    spellings: dict[str, Counter[str]]


class _UnknownCounts(Counter[str]):
    """Incoming-link counts the worker does not have: reading one leaves the check here."""

    def __getitem__(self, path: str) -> int:
        raise NotLoaded(path)


def check_held(rules: list[Rule], config: Config, notes: list[Note], summary: Any) -> Outcome:
    """In the worker: every per-note check of ``notes`` that needs nothing it lacks."""
    assert isinstance(summary, VaultSummary)
    own = {note.path: note for note in notes}

    def load(path: str) -> Note:
        note = own.get(path)
        if note is None:
            raise NotLoaded(path)
        return note

    lazy = LazyNotes(summary.paths, load)
    for path in own:
        lazy.load(path)
    vault = Vault(
        summary.root,
        lazy,
        summary.attachments,
        summary.read_problems,
        summary.excluded,
        summary.by_name,
        summary.by_path,
        summary.by_alias,
    )
    ctx = Context(vault, LinkIndex(vault, _UnknownCounts()), config, spellings=summary.spellings)
    ordered = [own[path] for path in summary.paths if path in own]
    left: list[tuple[str, str]] = []
    found = run_note_rules(ctx, rules, ordered, deferred=left)
    return found, left, ctx.reads


def check_notes(
    vault: Vault, config: Config, rules: list[Rule], notes: list[Note], workers: Workers
) -> tuple[Context, list[Diagnostic]]:
    """The context of a full run and every per-note diagnostic of ``rules`` over ``notes``,
    each worker checking the notes it holds."""
    spellings = count_spellings(tag_names(note) for note in vault)
    summary = VaultSummary(
        vault.root,
        list(vault.notes),
        vault.attachments,
        vault.read_problems,
        vault.excluded,
        vault.by_name,
        vault.by_path,
        vault.by_alias,
        spellings,
    )
    started = workers.start(summary)  # before the link index: the workers start at once
    progress.expect("checked", len(notes))
    ctx = Context(vault, LinkIndex(vault), config, spellings=spellings)
    if not started:
        return ctx, run_note_rules(ctx, rules, notes, counted=True)
    held = set(workers.checking())
    ours = [note for note in notes if note.path not in held]
    found = run_note_rules(ctx, rules, ours, counted=True)
    by_code: dict[str, set[str]] = defaultdict(set)
    for paths, outcome in workers.results():
        if outcome is None:  # the worker died: its notes are checked here
            theirs = set(paths)
            dead = [n for n in notes if n.path in theirs]
            found.extend(run_note_rules(ctx, rules, dead, counted=True))
            continue
        progress.advance("checked", len(paths))
        diagnostics, left, reads = outcome
        found.extend(diagnostics)
        for path, read in reads.items():
            ctx.reads.setdefault(path, set()).update(read)
        for code, path in left:
            by_code[code].add(path)
    for rule in rules:
        if rule.code in by_code:
            wanted = by_code[rule.code]
            found.extend(run_note_rules(ctx, [rule], [n for n in notes if n.path in wanted]))
    return ctx, found
