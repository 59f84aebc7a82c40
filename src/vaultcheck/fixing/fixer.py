"""Applying fixes: in memory to a fixed point, then written atomically, or shown as a diff.

A fix is applied whole or not at all. In one pass, fixes are taken in order of position and a
fix that overlaps one already taken waits for the next pass, when the vault is linted again
with the edited text. A fix that changes nothing is skipped; the fixes taken are checked by
the verifier (``fixcheck.py``), and one that would damage a note is refused, reported and not
offered again. Nothing is written here: ``writing.py`` writes the result, or shows it as a diff.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix
from vaultcheck.core.model import Note
from vaultcheck.engine.run import LintResult, lint
from vaultcheck.fixing.fixcheck import Rejection, apply_edits, edits_for, paths_of, verify
from vaultcheck.rules import Rule
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache

#: Passes before giving up on reaching a fixed point (each pass re-lints the vault).
MAX_PASSES = 10


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    """Whether ``fix`` may be applied with these flags."""
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    for other in taken:
        if edit.start < other.end and other.start < edit.end:
            return True
        # Two insertions at one point, or an insertion at a replaced range's edge, conflict too.
        if edit.start == other.start and (edit.start == edit.end or other.start == other.end):
            return True
    return False


@dataclass
class FixOutcome:
    """What fixing did: new texts by path, the fixes applied and refused, what remains."""

    originals: dict[str, str] = field(default_factory=dict)
    fixed_texts: dict[str, str] = field(default_factory=dict)
    remaining: list[Diagnostic] = field(default_factory=list)
    result: LintResult | None = None
    #: (path, reason) for notes that could not be written.
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Per pass, per path: the text the pass started from and the edits it applied.
    passes: list[dict[str, tuple[str, list[Edit]]]] = field(default_factory=list)
    #: The notes each applied fix edits, one entry per fix.
    applied: list[tuple[str, ...]] = field(default_factory=list)
    #: Fixes the verifier refused (never applied), in the order they were met.
    rejections: list[Rejection] = field(default_factory=list)
    #: (code, path) of the fixes still changing notes after ``MAX_PASSES`` passes (their
    #: rules' fixes did not reach a fixed point); empty when fixing converged.
    unconverged: list[tuple[str, str]] = field(default_factory=list)
    #: The passes run before giving up, when fixing did not converge (else 0).
    gave_up_after: int = 0
    _refused: set[tuple[object, ...]] = field(default_factory=set, repr=False)
    #: The notes the verifier parsed with this pass's fixes applied, for the next lint.
    _parsed: dict[str, Note] = field(default_factory=dict, repr=False)

    @property
    def changed(self) -> dict[str, str]:
        return {p: t for p, t in self.fixed_texts.items() if t != self.originals.get(p)}

    @property
    def fixed(self) -> int:
        """Problems fixed in notes that end up changed and were not refused by the disk:
        what was (or, for ``--diff``, would be) written."""
        failed = {path for path, _ in self.failures}
        written = set(self.changed) - failed
        return sum(1 for paths in self.applied if all(p in written for p in paths))


def _key(d: Diagnostic, vault: Vault) -> tuple[object, ...]:
    """What makes a fix the same fix in a later pass, whose offsets may have moved."""
    assert d.fix is not None
    parts = []
    for e in d.fix.edits:
        path = e.path or d.path
        parts.append((path, vault.notes[path].text[e.start : e.end], e.replacement))
    return (d.code, d.path, tuple(parts))


def _changes_something(d: Diagnostic, vault: Vault) -> bool:
    assert d.fix is not None
    return any(
        vault.notes[e.path or d.path].text[e.start : e.end] != e.replacement for e in d.fix.edits
    )


#: One edit as the fixer compares them: note, start, end, replacement.
_EditKey = tuple[str, int, int, str]


@dataclass
class _Picked:
    """The fixes one pass takes, and the riders: findings whose fix is edits already taken
    (several findings share one edit, as REL004's findings adding to one note's list do),
    applied with those edits and counted as fixed, never applied twice (ruff does the same)."""

    chosen: list[Diagnostic]
    riders: list[tuple[Diagnostic, list[Diagnostic]]]


def _pick(result: LintResult, unsafe: bool, outcome: FixOutcome) -> _Picked:
    """The fixes one pass may take: applicable, changing something, not refused before,
    on notes that can be written, and not overlapping one taken before them."""
    vault = result.vault
    assert vault is not None, "the fixer lints without the result cache, so a vault is built"
    taken: dict[str, list[Edit]] = {}
    owners: dict[_EditKey, Diagnostic] = {}
    picked = _Picked([], [])
    candidates = [d for d in result.diagnostics if applicable(d.fix, unsafe)]
    candidates.sort(key=lambda d: min(e.start for e in d.fix.edits) if d.fix and d.fix.edits else 0)
    for d in candidates:
        assert d.fix is not None
        targets = [(e.path or d.path, e) for e in d.fix.edits]
        if not targets or any(not _writable_text(vault, path) for path, _ in targets):
            continue
        if not _changes_something(d, vault) or _key(d, vault) in outcome._refused:
            continue
        keys = [(path, e.start, e.end, e.replacement) for path, e in targets]
        if all(k in owners for k in keys):
            picked.riders.append((d, list({id(owners[k]): owners[k] for k in keys}.values())))
            continue
        if any(_overlaps(e, taken.get(path, [])) for path, e in targets):
            continue
        for (path, e), k in zip(targets, keys, strict=True):
            taken.setdefault(path, []).append(e)
            owners[k] = d
        picked.chosen.append(d)
    return picked


def _one_pass(result: LintResult, unsafe: bool, outcome: FixOutcome) -> bool:
    """Apply what can be applied this pass; return whether anything was."""
    vault = result.vault
    assert vault is not None
    picked = _pick(result, unsafe, outcome)
    verdict = verify(vault, picked.chosen)
    kept, rejections = verdict.kept, verdict.rejections
    for rejection in rejections:
        outcome._refused.add(_key(rejection.diagnostic, vault))
        outcome.rejections.append(rejection)
    edits: dict[str, list[Edit]] = {}
    for d in kept:
        for path in paths_of(d):
            edits.setdefault(path, []).extend(edits_for(d, path))
        outcome.applied.append(tuple(paths_of(d)))
    kept_ids = {id(d) for d in kept}
    for rider, leaders in picked.riders:
        if all(id(d) in kept_ids for d in leaders):
            outcome.applied.append(tuple(paths_of(rider)))
        else:  # refused with the fix it shares
            outcome._refused.add(_key(rider, vault))
    outcome._parsed = {}
    for path, applied in edits.items():
        note = vault.notes[path]
        outcome.originals.setdefault(path, note.text)
        text = outcome.fixed_texts[path] = apply_edits(note.text, applied)
        checked = verdict.parsed.get(path)
        if checked is not None and checked.text == text:
            outcome._parsed[path] = checked  # the next pass's lint reuses it
    if edits:
        outcome.passes.append({p: (vault.notes[p].text, e) for p, e in edits.items()})
    return bool(kept)


def _writable_text(vault: Vault, path: str) -> bool:
    note = vault.notes.get(path)
    return note is not None and note.encoding_problem is None


def fix_vault(
    root: Path,
    rules: list[type[Rule]],
    config: Config,
    only: list[str] | None = None,
    unsafe: bool = False,
    keep: Iterable[str] = (),
    cache: Cache | None = None,
    jobs: int = 1,
    amend: Callable[[LintResult], LintResult] | None = None,
) -> FixOutcome:
    """Apply fixes in memory until nothing more applies; nothing is written here.

    Each pass re-lints the vault with the edited texts; ``cache`` spares re-parsing the notes
    that did not change (it is content-addressed, so edited texts are simply parsed);
    ``amend`` adjusts each pass's findings (fixes that only the caller knows: renames)."""
    outcome = FixOutcome()

    def run() -> LintResult:
        overlay = {p: t.encode("utf-8") for p, t in outcome.fixed_texts.items()}
        result = lint(
            root,
            rules,
            only,
            config,
            overlay=overlay,
            parsed=outcome._parsed,
            keep=keep,
            cache=cache,
            jobs=jobs,
            reuse_result=False,
        )
        return amend(result) if amend is not None else result

    for _ in range(MAX_PASSES):
        outcome.result = run()
        if not _one_pass(outcome.result, unsafe, outcome):
            break
    else:
        outcome.result = run()
        assert outcome.result.vault is not None
        # Every pass changed something: say which fixes would still change the notes (ruff's
        # "failed to converge"). What the passes applied is kept: each pass was verified.
        pending = verify(outcome.result.vault, _pick(outcome.result, unsafe, outcome).chosen).kept
        outcome.unconverged = sorted({(d.code, p) for d in pending for p in paths_of(d)})
        outcome.gave_up_after = MAX_PASSES if outcome.unconverged else 0
    result = outcome.result
    assert result is not None and result.vault is not None
    if outcome._refused:
        # A refused fix is not offered again: its problem is reported without `[*]`.
        vault = result.vault
        result.diagnostics = [
            replace(d, fix=None) if d.fix and _key(d, vault) in outcome._refused else d
            for d in result.diagnostics
        ]
    outcome.remaining = result.diagnostics
    return outcome
