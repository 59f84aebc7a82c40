"""REL001-REL003: the entries of the related-notes property (``related`` by default), each
resolved once a run (:func:`entries`) for these rules, REL004 and REL005.

REL004 (listed in return) is in ``related_reciprocal.py``, REL005 (the list against its
section) in ``related_section.py``, REL006 (the property's type) in ``related_type.py``."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, LinkEffect, Severity
from vaultcheck.core.model import Note
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.links import closest_note
from vaultcheck.rules.shared.fixes import drop_duplicate
from vaultcheck.rules.shared.related import RelatedEntry, related_entries
from vaultcheck.vault.resolve import UNRESOLVED


def entries(note: Note, ctx: Context) -> list[RelatedEntry]:
    """The note's related entries with the configured key and alias setting (once per run)."""
    cache: dict[str, list[RelatedEntry]] | None = ctx.memo.get("related")
    if cache is None:  # not ``setdefault``: it would build a dictionary on every call
        cache = ctx.memo["related"] = {}
    found = cache.get(note.path)
    if found is None:
        key, aliases = ctx.option("related", "key"), ctx.option("related", "resolve-aliases")
        links = ctx.links
        found = cache[note.path] = related_entries(
            note, ctx.vault, key, aliases, links.resolve, links.answers
        )
    return found


@register
class RelatedUnresolved(Rule):
    """What it does: reports a related-notes entry that names no note (by file name or alias).

    Why: `related` lists are how many vaults connect ideas; an entry left behind by a rename
    silently drops the connection. Entries written as `"[[Name]]"` are links, reported by
    LNK001 instead, so each problem is reported once.

    Example:
        related:
          - Boundary_Model   # the note is Boundary_Models.md

    Options: `[related] key` (default `related`), `resolve-aliases` (default true).
    Fix safety: no automatic fix.
    """

    code = "REL001"
    name = "related-unresolved"
    needs = "frontmatter"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        key = ctx.option("related", "key")
        for entry in entries(note, ctx):
            if entry.wikilink or entry.resolution.status is not UNRESOLVED:
                continue
            message = f"Related note `{entry.target}` (in `{key}`) does not exist"
            suggestion = closest_note(ctx.vault, entry.target)
            if suggestion is not None:
                message += f"; did you mean `{suggestion}`?"
            yield self.report(note.path, entry.span, message)


@register
class RelatedSelf(Rule):
    """What it does: reports a note that lists itself among its related notes.

    Why: it adds nothing and usually comes from copying a list between notes.

    Example:
        In `Boundary Models.md`: related: [Boundary Models]

    Fix safety: no automatic fix.
    """

    code = "REL002"
    name = "related-self"
    needs = "frontmatter"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for entry in entries(note, ctx):
            if entry.resolution.target == note.path:
                yield self.report(
                    note.path, entry.span, f"Related entry `{entry.written}` is this note itself"
                )


@register
class RelatedDuplicate(Rule):
    """What it does: reports a related-notes entry that names a note already listed.

    Why: duplicates hide how many distinct notes are related, and drift apart when one copy
    is renamed. Entries match by the note they lead to, so `Name` and `[[Name]]` are the same.

    Example:
        related: [Boundary Models, "[[Boundary Models]]"]

    Fix safety: safe; the repeated element is removed (its line in a block list, or the
    element and one comma in a flow list).
    """

    code = "REL003"
    name = "related-duplicate"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "safe"
    fix_links = LinkEffect.REMOVE

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        seen: dict[str, RelatedEntry] = {}
        for entry in entries(note, ctx):
            first = seen.setdefault(entry.key, entry)
            if first is not entry:
                fix = drop_duplicate(note, entry.span)
                yield self.report(
                    note.path,
                    entry.span,
                    f"Duplicate related entry `{entry.written}` "
                    f"(already listed on line {first.span.line})",
                    fix,
                )
