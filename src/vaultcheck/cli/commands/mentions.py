"""``vaultcheck graph mentions NOTE``: the notes that name NOTE without linking it, and
``--fix`` to link them (``--diff`` to see how first)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from vaultcheck.cli.commands.graph import Loaded, emit, find_note
from vaultcheck.core.diagnostics import Edit, LinkEffect, counted
from vaultcheck.fixing.fixcheck import apply_edits, damage
from vaultcheck.fixing.fixer import FixOutcome
from vaultcheck.fixing.writing import unified_diff, write_fixes
from vaultcheck.graph.links import context_line
from vaultcheck.vault.mentions import Mention, find_mentions, link_for


def _as_json(loaded: Loaded, m: Mention) -> dict[str, Any]:
    return {
        "path": m.source,
        "line": m.line,
        "column": m.column,
        "text": m.text,
        "target": m.target,
        "context": context_line(loaded.vault.notes[m.source], m.line),
    }


def run_mentions(
    loaded: Loaded, note: str, as_json: bool, fix: bool, diff: bool, out: TextIO
) -> int:
    path = find_note(loaded, note)
    found = [
        m for m in find_mentions(loaded.vault, loaded.links, [path]) if m.source in loaded.graph
    ]
    if (fix or diff) and found:
        return _link(loaded, found, diff, out)
    lines = [
        f"{m.source}:{m.line}:{m.column}: {m.text}: {r['context']}"
        for m, r in ((m, _as_json(loaded, m)) for m in found)
    ]
    rows = [_as_json(loaded, m) for m in found]
    return emit(rows, lines, as_json, f"no unlinked mentions of {path}", out)


def _link(loaded: Loaded, found: list[Mention], diff: bool, out: TextIO) -> int:
    """Turn every mention into a link, as ``lint --fix`` writes (atomically, only notes that
    did not change on disk, every other byte kept) or, with ``diff``, only show it."""
    outcome = FixOutcome()
    edits: dict[str, list[Edit]] = {}
    for m in found:
        link = link_for(loaded.vault, m)
        if link is not None:  # None: in a heading, where linking would rename the heading
            edits.setdefault(m.source, []).append(Edit(m.start, m.end, link))
    for source, changes in sorted(edits.items()):
        note = loaded.vault.notes[source]
        # Through the fix verifier, as every fix of `lint --fix` is: never damage a note.
        reason = damage(note, changes, loaded.links, LinkEffect.ADD)
        if reason is not None:
            sys.stderr.write(f"vaultcheck: {source}: mentions not linked: {reason}\n")
            continue
        outcome.originals[source] = note.text
        outcome.fixed_texts[source] = apply_edits(note.text, changes)
        outcome.applied.extend((source,) for _ in changes)
    notes, mentions = counted(len(outcome.changed), "note"), counted(outcome.fixed, "mention")
    if diff:
        for source in sorted(outcome.changed):
            out.write(unified_diff(source, outcome.originals[source], outcome.fixed_texts[source]))
        sys.stderr.write(f"Would link {mentions} in {notes} (nothing written)\n")
        return 0
    write_fixes(loaded.vault.root, outcome)
    for source, reason in outcome.failures:
        sys.stderr.write(f"vaultcheck: error: {source}: {reason}\n")
    sys.stderr.write(f"Linked {mentions} in {notes}\n")
    return 1 if outcome.failures else 0
