"""The fix verifier: a note's fixes are kept only if the note, parsed again, is not damaged.

As ruff drops a fix that would introduce a syntax error, the fixer hands every pass's fixes to
:func:`verify` before applying them. For each note they edit, the edited text is parsed again
with the real parser and compared with the note as it was:

- every character outside the edits is unchanged (checked on the text itself, not trusted
  from the code that applied the edits);
- frontmatter that was valid YAML is still there, closed, valid and of the same shape, and
  every property outside the edits is still read from the same text;
- every link outside the edits is still a link at the same place and resolves where it did
  (through the project's resolver, so a change of resolution rules is followed), and no new
  link appears outside them; a link an edit touches leads where its fix means it to: the
  same file, heading and block unless the fix's rule says it retargets, adds or removes
  links (``linkintent.py``);
- headings and block ids outside the edits stay as they were (other notes link to them);
- every table row keeps its number of cells (an unescaped ``|`` in a row splits a cell);
- no edit reaches a YAML value carrying an anchor (``&a``) or an alias (``*a``): the value
  is shared, and editing it would change properties the fix never meant to touch.

When the fixes of a note fail together, they are tried one by one in order, each kept only if
it passes together with those kept before it: one bad fix does not cost the good ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from vaultcheck.core.diagnostics import Diagnostic, Edit, LinkEffect
from vaultcheck.core.model import Note
from vaultcheck.fixing.linkintent import intent_damage
from vaultcheck.fixing.notediff import (
    EditMap,
    heading_damage,
    link_damage,
    property_damage,
    table_damage,
)
from vaultcheck.fixing.yamlshared import shared_damage
from vaultcheck.parse.note import parse_safely
from vaultcheck.rules import REGISTRY
from vaultcheck.vault.build import Vault
from vaultcheck.vault.linkindex import LinkIndex


@dataclass(frozen=True, slots=True)
class Rejection:
    """A fix that was not applied: its diagnostic, the note it would have damaged, and why."""

    diagnostic: Diagnostic
    path: str
    reason: str


def edits_for(d: Diagnostic, path: str) -> list[Edit]:
    """The edits of ``d``'s fix that apply to the note at ``path``."""
    assert d.fix is not None
    return [e for e in d.fix.edits if (e.path or d.path) == path]


def paths_of(d: Diagnostic) -> list[str]:
    """The notes ``d``'s fix edits, in order."""
    assert d.fix is not None
    return list(dict.fromkeys(e.path or d.path for e in d.fix.edits))


@dataclass
class Verdict:
    """What :func:`verify` decided: the fixes to apply, the ones refused, and each edited
    note as parsed with the kept fixes applied (the next lint need not parse it again)."""

    kept: list[Diagnostic]
    rejections: list[Rejection]
    parsed: dict[str, Note]


def verify(vault: Vault, fixes: list[Diagnostic]) -> Verdict:
    """Split ``fixes`` (non-overlapping, on notes of ``vault``) into those that may be applied
    together and those that would damage a note. A fix editing several notes is kept only if
    every one of them accepts it."""
    links = LinkIndex(vault, incoming=Counter())  # resolution only; no incoming counts needed
    rejected: dict[int, Rejection] = {}
    parsed: dict[str, Note] = {}
    by_path: dict[str, list[int]] = {}
    for i, d in enumerate(fixes):
        for path in paths_of(d):
            by_path.setdefault(path, []).append(i)
    settled: set[str] = set()
    while True:
        # A fix rejected in one note leaves the others it edits to be checked again.
        pending = [p for p in by_path if p not in settled]
        if not pending:
            break
        for path in pending:
            settled.add(path)
            wanted = [i for i in by_path[path] if i not in rejected]
            refused, after = _check_note(vault.notes[path], links, fixes, wanted)
            if after is not None:
                parsed[path] = after
            for i, reason in refused.items():
                rejected[i] = Rejection(fixes[i], path, reason)
                settled.difference_update(p for p in paths_of(fixes[i]) if p != path)
    kept = [d for i, d in enumerate(fixes) if i not in rejected]
    return Verdict(kept, [rejected[i] for i in sorted(rejected)], parsed)


def _check_note(
    note: Note, links: LinkIndex, fixes: list[Diagnostic], wanted: list[int]
) -> tuple[dict[int, str], Note | None]:
    """Which of the ``wanted`` fixes ``note`` must refuse, with why: none when they pass
    together, else fix by fix in order, each tried with the ones kept so far. Also the note
    parsed with the kept ones applied, when one was."""
    if not wanted:
        return {}, None

    def attempt(indexes: Iterable[int]) -> tuple[str | None, Note | None]:
        edits: list[Edit] = []
        owners: list[tuple[int, LinkEffect]] = []
        for i in indexes:
            effect = _link_effect(fixes[i])
            for edit in edits_for(fixes[i], note.path):
                edits.append(edit)
                owners.append((i, effect))
        return _attempt(note, edits, links, owners)

    reason, after = attempt(wanted)
    if reason is None:
        return {}, after
    refused: dict[int, str] = {}
    kept: list[int] = []
    last: Note | None = None
    for i in wanted:
        reason, after = attempt([*kept, i])
        if reason is None:
            kept.append(i)
            last = after
        else:
            refused[i] = reason
    return refused, last


def _link_effect(d: Diagnostic) -> LinkEffect:
    """What ``d``'s fix may do to the links it edits: its rule's word (renames amend the
    fixes of LNK001 and LNK005, whose rules say they retarget); ``KEEP`` for a code no rule
    has."""
    rule = REGISTRY.get(d.code)
    return rule.fix_links if rule is not None else LinkEffect.KEEP


def damage(
    before: Note, edits: list[Edit], links: LinkIndex, effect: LinkEffect | None = None
) -> str | None:
    """Why applying ``edits`` to ``before`` would damage the note, or ``None`` if it would not.
    ``effect``: what each edit (a fix of its own) may do to the links it touches; ``None``
    leaves those links to the caller (``vaultcheck mv`` resolves every link again itself)."""
    owners = None if effect is None else [(i, effect) for i in range(len(edits))]
    return _attempt(before, edits, links, owners)[0]


def _attempt(
    before: Note,
    edits: list[Edit],
    links: LinkIndex,
    owners: list[tuple[int, LinkEffect]] | None,
) -> tuple[str | None, Note | None]:
    """:func:`damage`, and the note parsed with the edits applied (when it got that far).
    ``owners``: each edit's fix and what that fix may do to links, when they are checked."""
    order = sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end))
    ordered = [edits[i] for i in order]
    position = 0
    for edit in ordered:
        if not position <= edit.start <= edit.end <= len(before.text):
            return "its edits overlap or fall outside the note", None
        position = edit.end
    shared = shared_damage(before, ordered)
    if shared is not None:
        return shared, None
    text = apply_edits(before.text, ordered)
    if not _outside_unchanged(before.text, text, ordered):
        return "it would change text outside its edits", None
    after = parse_safely(text.encode("utf-8"), before.path)
    if after.internal_error is not None:
        return f"the note could not be parsed again ({after.internal_error})", None
    changes = EditMap(ordered)
    reason = (
        _yaml_damage(before, after)
        or property_damage(before, after, changes)
        or link_damage(before, after, changes, links)
        or heading_damage(before, after, changes)
        or table_damage(before, after, changes)
    )
    if reason is None and owners is not None:
        # Last: the damage above (a table cell split, say) is the cause to name.
        effects = [owners[i] for i in order]
        reason = intent_damage(before, after, changes.old, changes.new, effects, links)
    return reason, after


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``) in one go."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def _outside_unchanged(before: str, after: str, ordered: list[Edit]) -> bool:
    position, shift = 0, 0
    for edit in ordered:
        if before[position : edit.start] != after[position + shift : edit.start + shift]:
            return False
        shift += len(edit.replacement) - (edit.end - edit.start)
        position = edit.end
    return before[position:] == after[position + shift :]


def _yaml_damage(before: Note, after: Note) -> str | None:
    fm, new = before.frontmatter, after.frontmatter
    if fm is None:
        return "it would turn the start of the note into frontmatter" if new is not None else None
    if fm.unclosed or fm.error is not None:
        return None  # nothing valid to keep valid
    if new is None:
        return "it would remove the frontmatter"
    if new.unclosed:
        return "it would leave the frontmatter without its closing `---`"
    if new.error is not None:
        line, message = new.error.span.line, new.error.message
        return f"it would make the frontmatter invalid YAML (line {line}: {message})"
    if new.is_mapping != fm.is_mapping:
        return "it would change the frontmatter from a mapping of properties to another value"
    return None
