"""The state a full run with the cache leaves for the next run to start from.

For each note: the other notes its checks read, its outgoing link targets, aliases and valid
tags; for the vault: incoming-link counts, name indexes, the findings of vault-wide rules
that read no note. :mod:`vaultcheck.engine.incremental` reads it back; the updaters here
keep its tag spellings and property names current after an edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import by_path
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.bases import PROPERTY_NAMES, property_keys_of
from vaultcheck.rules.tags import count_spellings, tag_key, tag_names
from vaultcheck.vault.build import Sources, aliases_of

#: The part of the state that only a full run changes (an incremental run keeps the
#: aliases, hence the name indexes, and the findings of vault-wide rules). The indexes
#: could be derived from the paths and aliases, but that takes 40 ms at 10,000 notes and
#: loading them 12 ms, in a run whose whole budget is 600 ms.
LASTING = ("vault_key", "kept", "aliases", "by_name", "by_path", "by_alias")
#: In both parts of the state.
SHARED = ("vault_key", "lasting")


def capture_state(
    ctx: Context,
    sources: Sources,
    from_vault: list[Diagnostic],
    rules: list[Rule],
    names: Sequence[tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The state of a full run, for the next check to start from (without the keys the
    cache stores it under: :func:`capture_parts`); ``names``: each note's
    :func:`~vaultcheck.rules.tags.tag_names` in the vault's order, when counted already."""
    vault, links = ctx.vault, ctx.links
    kept_codes = {rule.code for rule in rules if not rule.vault_reads_notes}
    targets, tags = {}, {}
    each_names = map(tag_names, vault) if names is None else names
    for note, note_names in zip(vault, each_names, strict=True):
        if found := links.targets(note):
            targets[note.path] = tuple(found)
        if note_names:
            tags[note.path] = note_names
    aliases = vault.note_aliases
    if aliases is None:  # a vault given its indexes (not one built from every note)
        aliases = {n.path: tuple(found) for n in vault if (found := aliases_of(n))}
    return {
        "digests": dict(sources.digests),
        "kept": by_path(d for d in from_vault if d.code in kept_codes),
        "reads": {path: tuple(sorted(read)) for path, read in ctx.reads.items()},
        "targets": targets,
        "incoming": {path: count for path, count in links.incoming.items() if count},
        "aliases": aliases,
        "tags": tags,
        # Kept only when a check read them (BASE002, a vault with bases).
        "properties": ctx.property_keys or {},
        "by_name": vault.by_name,
        "by_path": vault.by_path,
        "by_alias": vault.by_alias,
    }


def capture_parts(
    state: dict[str, Any], base: str, key: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A full run's ``state`` as the cache stores it with findings under ``key``: the part
    later runs rewrite, and the :data:`LASTING` part."""
    state = {**state, "vault_key": base, "run_key": key, "lasting": key}
    lasting = {name: state[name] for name in (*LASTING, "lasting")}
    return {k: v for k, v in state.items() if k not in lasting or k in SHARED}, lasting


def reproperty(
    state: dict[str, Any], changed: list[str], parsed: dict[str, Note]
) -> dict[str, tuple[str, ...]] | None:
    """The notes' frontmatter keys after the change, when the state keeps them (a check
    read :data:`PROPERTY_NAMES`); ``None`` otherwise."""
    if not any(PROPERTY_NAMES in read for read in state["reads"].values()):
        return None
    properties = dict(state["properties"])
    for path in changed:
        keys = property_keys_of(parsed[path]) if path.lower().endswith(".md") else ()
        if keys:
            properties[path] = keys
        else:
            properties.pop(path, None)
    return properties


def retag(
    tags: dict[str, tuple[str, ...]],
    changed: list[str],
    parsed: dict[str, Note],
    known: dict[str, Counter[str]] | None = None,
) -> tuple[dict[str, Counter[str]], set[str]]:
    """Update ``tags`` (path -> valid tags) for the changed notes; return the vault's tag
    spellings and the notes using a tag whose spellings moved (TAG002 may change there).
    ``known``: the spellings of ``tags`` before the change, left as they are (counting
    them again took 12 ms a keystroke at 10,000 notes)."""
    touched = {tag_key(name) for p in changed for name in tags.get(p, ())}
    touched |= {tag_key(name) for p in changed for name in tag_names(parsed[p])}
    if known is None:
        spellings = count_spellings(tags.values())
    else:  # copied where this change counts
        spellings = {**known, **{k: Counter(known[k]) for k in touched if k in known}}
    before = {key: Counter(spellings.get(key, ())) for key in touched}
    for path in changed:
        _count(spellings, tags.pop(path, ()), -1)
        if names := tag_names(parsed[path]):
            tags[path] = names
            _count(spellings, names, 1)
    moved = {key for key in touched if before[key] != spellings.get(key, Counter())}
    if not moved:
        return spellings, set()
    return spellings, {
        path for path, names in tags.items() if any(tag_key(name) in moved for name in names)
    }


def _count(spellings: dict[str, Counter[str]], names: Iterable[str], step: int) -> None:
    """Add (``step`` 1) or remove (-1) one use of each of ``names`` to the spellings, keeping
    no zero counts (TAG002 picks the dominant spelling among those present)."""
    for name in names:
        counter = spellings.setdefault(tag_key(name), Counter())
        counter[name] += step
        if counter[name] <= 0:
            del counter[name]
        if not counter:
            del spellings[tag_key(name)]
