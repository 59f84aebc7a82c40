"""Checking again only what an edit can change.

A run with the cache stores its findings by file, and its state: for each note the other
notes its checks read (``Context.other_note``), its outgoing links, aliases and valid tags,
plus the vault's incoming-link counts and name indexes. When the next run finds that only
the content of a few notes changed (same files, attachments, configuration, rules and
outside files: :func:`~vaultcheck.engine.fingerprint.vault_key`), it parses just those notes and
checks again only the notes whose findings can differ:

- the changed notes;
- notes whose checks read a changed note (a link to one of its headings or blocks);
- notes whose incoming-link count changed (orphans, backlinks, dead ends);
- notes using a tag whose spellings across the vault changed (TAG002);
- notes whose checks read every note's property names (BASE002) when a changed note's
  property names changed.

Whatever else a per-note check reads (resolutions, names, alias owners) follows from the set
of files and the aliases, so a changed alias means a full run; so does an enabled vault-wide
rule that reads notes, and a read of a note the run did not plan (:class:`LazyNotes`). Other
notes are never loaded. The findings are those of a full run (tested over random edits).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import by_path, run_note_rules, settle
from vaultcheck.engine.runstate import SHARED, reproperty, retag
from vaultcheck.parse.parallel import parse_many
from vaultcheck.parse.text import with_text
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.bases import PROPERTY_NAMES
from vaultcheck.vault.build import (
    REWRITE_AT,
    LazyNotes,
    NotLoaded,
    Sources,
    Vault,
    aliases_of,
)
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.storednotes import StoredNotes

#: Unchanged notes parsed again rather than loaded: reading the stored notes of a big vault
#: costs as much as parsing a few dozen (30 ms at 10,000 notes; a note parses in 0.6 ms).
PARSE_AT_MOST = 16


@dataclass
class Outcome:
    """What an incremental run found (by path), the state to store for the next one, how
    many notes it checked, and the changed notes as it parsed them."""

    findings: dict[str, list[Diagnostic]]
    state: dict[str, Any]
    checked: int
    parsed: dict[str, Note] = field(default_factory=dict)


def incremental_possible(rules: Iterable[Rule]) -> bool:
    """No selected rule looks at every note at once (TAG005, TAG007, GR003, REL004 do)."""
    return not any(
        type(rule).check_vault is not Rule.check_vault and rule.vault_reads_notes for rule in rules
    )


def check_changes(
    cache: Cache, base: str, key: str, sources: Sources, config: Config, rules: list[Rule]
) -> Outcome | None:
    """The findings after the changes since the stored state, checking only the notes they
    can affect; ``None`` when that is not possible and the whole vault must be checked."""
    state = cache.load_state()
    if state is None or state.get("vault_key") != base or not incremental_possible(rules):
        return None
    if not _well_formed(state):
        return None
    findings = cache.load_findings(str(state.get("run_key")))
    if findings is None:
        return None
    changed = sorted(p for p, d in sources.digests.items() if state["digests"].get(p) != d)
    if len(changed) > max(REWRITE_AT, len(sources.digests) // 50):
        return None  # checking most notes again: a full run is simpler and as fast
    try:
        outcome = check_edits(
            state, findings, sources, config, rules, changed, _stored_notes(sources, cache)
        )
    except NotLoaded:
        return None
    if outcome is not None:
        outcome.state["run_key"] = key
    return outcome


#: The state besides ``vault_key`` and ``run_key`` (the key of the findings it goes with):
#: dicts keyed by path (or folded name), and the types of what they map to (for lists and
#: tuples, also of their items).
_SHAPES: dict[str, tuple[set[type], set[type]]] = {
    "digests": ({bytes}, set()),  # content hash of each note the findings are for
    "kept": ({list}, {Diagnostic}),  # raw findings of vault-wide rules reading no notes
    "reads": ({tuple}, {str}),  # other notes each note's checks read
    "targets": ({tuple}, {str}),  # files each note links to, once per link
    "incoming": ({int}, set()),  # links into each file
    "aliases": ({tuple}, {str}),
    "tags": ({tuple}, {str}),  # valid tags as written
    "properties": ({tuple}, {str}),  # frontmatter keys, when PROPERTY_NAMES was read
    "by_name": ({list}, {str}),
    "by_path": ({str}, set()),
    "by_alias": ({list}, {str}),
}


def _well_formed(state: dict[str, Any]) -> bool:
    """Whether every field of ``state`` has the shape this module writes: a state file of ours
    with something else inside means a full run, not a crash or a wrong finding. (Checked
    with ``map`` over types: a few milliseconds for 10,000 notes.)"""
    for name, (values, items) in _SHAPES.items():
        field = state.get(name)
        if type(field) is not dict or not set(map(type, field)) <= {str}:
            return False
        if not set(map(type, field.values())) <= values:
            return False
        if items and not set(map(type, chain.from_iterable(field.values()))) <= items:
            return False
    return True


def check_edits(
    state: dict[str, Any],
    findings: dict[str, list[Diagnostic]],
    sources: Sources,
    config: Config,
    rules: list[Rule],
    changed: list[str],
    unchanged: Callable[[str], Note],
) -> Outcome | None:
    """The findings after the notes ``changed`` (same files, new content in ``sources``),
    starting from a run's ``state`` (both parts) and its ``findings``; ``unchanged`` gives
    another note when a check reads it. ``None`` when a full run is needed; raises
    :class:`NotLoaded` when a check read a note it did not declare."""
    parsed = parse_many([(path, sources.data[path]) for path in changed])
    if any(tuple(aliases_of(parsed[p])) != state["aliases"].get(p, ()) for p in changed):
        return None  # names resolve differently: every note may be affected
    notes, vault = _open_vault(state, sources, parsed, unchanged)
    incoming: Counter[str] = Counter(state["incoming"])
    links = LinkIndex(vault, incoming)
    touched = set(changed)
    properties = reproperty(state, changed, parsed)
    if properties is not None and any(
        properties.get(path, ()) != state["properties"].get(path, ()) for path in changed
    ):
        touched.add(PROPERTY_NAMES)
    affected = set(changed)
    affected.update(
        reader for reader, read in state["reads"].items() if not touched.isdisjoint(read)
    )
    targets = dict(state["targets"])
    for path in changed:
        before: Counter[str] = Counter(targets.pop(path, ()))
        after = links.targets(parsed[path])
        if after:
            targets[path] = tuple(after)
        moved = Counter(after)
        moved.subtract(before)
        for target, delta in moved.items():
            if delta:
                incoming[target] += delta
                if target in notes:
                    affected.add(target)
    tags = dict(state["tags"])
    spellings, tagged = retag(tags, changed, parsed, state.get("spellings"))
    affected |= tagged

    ctx = Context(vault, links, config, spellings=spellings, property_keys=properties)
    checked = [notes.load(path) for path in sorted(affected)]
    found = by_path(run_note_rules(ctx, rules, checked))
    if not affected.issuperset(found):
        return None  # a per-note rule reported on another file
    for path in affected:
        found.setdefault(path, []).extend(state["kept"].get(path, ()))
    findings = {p: kept for p, kept in findings.items() if p not in affected}
    findings.update(settle(ctx, found, rules, checked))
    reads = {p: read for p, read in state["reads"].items() if p not in affected}
    reads.update((path, tuple(sorted(read))) for path, read in ctx.reads.items())
    new_state = {
        **{name: state[name] for name in SHARED if name in state},  # not kept in memory
        "digests": dict(sources.digests),
        "reads": reads,
        "targets": targets,
        "incoming": {path: count for path, count in incoming.items() if count},
        "tags": tags,
        "properties": ctx.property_keys or {},
    }
    if "spellings" in state:  # kept in memory by an engine (run.py), never stored
        new_state["spellings"] = spellings
    return Outcome(findings, new_state, len(checked), parsed)


def _stored_notes(sources: Sources, cache: Cache) -> Callable[[str], Note]:
    """Unchanged notes from the notes cache (or parsed again, for the first few)."""
    stored = StoredNotes()
    loaded = 0

    def load(path: str) -> Note:
        nonlocal stored, loaded
        loaded += 1
        if loaded == PARSE_AT_MOST + 1:
            stored = StoredNotes(*cache.load_notes())
        data = sources.data[path]
        note = stored.bare(path, sources.digests[path])
        return with_text(note, data) if note is not None else parse_many([(path, data)])[path]

    return load


def _open_vault(
    state: dict[str, Any],
    sources: Sources,
    parsed: dict[str, Note],
    unchanged: Callable[[str], Note],
) -> tuple[LazyNotes, Vault]:
    """The vault with the stored indexes, its notes loaded when asked for: the changed
    ones as just parsed, the others from ``unchanged``."""
    unread = set(sources.unread)

    def load(path: str) -> Note:
        if path in parsed:
            return parsed[path]
        if path in unread:
            return Note(path=path, text="", unread=True)
        return unchanged(path)

    notes = LazyNotes(sorted([*sources.data, *unread]), load)
    vault = Vault(
        sources.root,
        notes,
        frozenset(sources.attachments),
        tuple(sources.problems),
        excluded=frozenset(sources.excluded),
        by_name=state["by_name"],
        by_path=state["by_path"],
        by_alias=state["by_alias"],
        matcher=state.get("matcher"),  # an engine keeps one between changes (run.py)
    )
    return notes, vault
