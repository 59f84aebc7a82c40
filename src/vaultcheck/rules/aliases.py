"""AL rules: the ``aliases`` property."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import chain, compress
from operator import attrgetter, is_

from vaultcheck.core.diagnostics import Diagnostic, LinkEffect, Severity, listing
from vaultcheck.core.model import Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import drop_duplicate, drop_item
from vaultcheck.rules.shared.schema import describe_type
from vaultcheck.vault.build import fold

#: Characters that break `[[Target|Alias]]` when the alias is used as link text.
UNLINKABLE = "[]|"
#: What AL004 reports: those, and a line break.
_BREAKING = frozenset(UNLINKABLE + "\n")


def alias_items(note: Note) -> list[tuple[str, Span]]:
    """Each string alias with its position (a single-string value counts as one)."""
    entry = note.frontmatter.entry("aliases") if note.frontmatter is not None else None
    if entry is None:
        return []
    if entry.items:
        return [(v, span) for v, span in entry.items if isinstance(v, str) and v.strip()]
    if isinstance(entry.value, str) and entry.value.strip():
        return [(entry.value, entry.value_span)]
    return []


def note_aliases(note: Note, ctx: Context) -> list[tuple[str, Span]]:
    """:func:`alias_items`, read once per note and run: AL002, AL003 and AL004 all read them."""
    memo: dict[str, list[tuple[str, Span]]] = ctx.memo.setdefault("aliases", {})
    found = memo.get(note.path)
    if found is None:
        found = memo[note.path] = alias_items(note)
    return found


def indexed_among(notes: list[Note], ctx: Context, paths: set[str]) -> list[Note]:
    """Those of ``notes`` at ``paths``, in order; all of them when one is not the vault's
    note at its path (the vault's alias index does not describe it)."""
    if not _vault_own(notes, ctx):
        return notes
    return list(compress(notes, map(paths.__contains__, map(_PATH, notes)))) if paths else []


def _vault_own(notes: list[Note], ctx: Context) -> bool:
    """Whether each of ``notes`` is the vault's note at its path (worked out once for the
    same list, which the engine gives each alias rule)."""
    kept: tuple[list[Note], bool] | None = ctx.memo.get("vault-own")
    if kept is None or kept[0] is not notes:
        own = all(map(is_, map(ctx.vault.notes.get, map(_PATH, notes)), notes))
        kept = ctx.memo["vault-own"] = (notes, own)
    return kept[1]


_PATH = attrgetter("path")


@register
class InvalidAliases(Rule):
    """What it does: reports an `aliases` property that is not a list of text.

    Why: Obsidian only uses text aliases; numbers, empty entries and nested lists (an
    unquoted `- [[Name]]`) are ignored, so the alias the author meant does not exist.

    An empty entry (a template's leftover `aliases:` then `- `) is only a warning: Obsidian
    ignores it and nothing is lost, but it is clutter.

    Example:
        aliases:
          - [[Old Name]]   # write "Old Name"
          -                # an empty entry

    Fix safety: safe for an empty entry, which is removed (its whole line in a block list);
    no automatic fix for the others.
    """

    code = "AL001"
    name = "invalid-aliases"
    needs = "frontmatter"
    fixable = "safe"
    fix_links = LinkEffect.REMOVE

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        entry = note.frontmatter.entry("aliases") if note.frontmatter is not None else None
        if entry is None or entry.value is None or isinstance(entry.value, str):
            return
        if not isinstance(entry.value, list):
            kind = describe_type(entry.value)
            yield self.report(
                note.path, entry.value_span, f"`aliases` should be a list of text, not {kind}"
            )
            return
        for item in entry.items:
            if item.value is None or (isinstance(item.value, str) and not item.value.strip()):
                fix = drop_item(note, item.span, "Remove the empty alias")
                empty = self.report(note.path, item.span, "Empty alias", fix)
                yield replace(empty, severity=Severity.WARNING)
            elif isinstance(item.value, list):
                yield self.report(
                    note.path,
                    item.span,
                    "Alias is a nested YAML list: write the name without `[[ ]]`",
                )
            elif not isinstance(item.value, str):
                yield self.report(
                    note.path, item.span, f"Alias should be text, not {describe_type(item.value)}"
                )


@register
class DuplicateAlias(Rule):
    """What it does: reports an alias listed twice in one note (ignoring case).

    Why: it adds nothing, and the copies drift apart when one is edited.

    Example:
        aliases: [NVC, nvc]

    Fix safety: safe; the repeated element is removed (its line in a block list, or the
    element and one comma in a flow list).
    """

    code = "AL002"
    name = "duplicate-alias"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "safe"
    fix_links = LinkEffect.REMOVE

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        # The strings :func:`alias_items` reads are among those the vault indexed (by
        # :func:`~vaultcheck.vault.build.aliases_of`): a note that repeats one has several.
        indexed = ctx.vault.note_aliases
        if indexed is None:  # a vault given its indexes (an incremental run's)
            return notes
        several = set()
        # Loops, not comprehensions, in these shortcuts: CPython 3.11 does not specialise a
        # comprehension whose test mostly fails (it counts only the loop's unconditional
        # jump back to warm up), and runs it at three times the instructions.
        for path, aliases in indexed.items():
            if len(aliases) > 1:
                several.add(path)
        return indexed_among(notes, ctx, several)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        aliases = note_aliases(note, ctx)
        if len(aliases) < 2:
            return  # one alias (the usual case) cannot repeat
        first: dict[str, Span] = {}
        for alias, span in aliases:
            seen = first.setdefault(fold(alias), span)
            if seen is not span:
                fix = drop_duplicate(note, span)
                yield self.report(
                    note.path,
                    span,
                    f"Duplicate alias `{alias}` (already listed on line {seen.line})",
                    fix,
                )


@register
class AliasConflict(Rule):
    """What it does: reports an alias claimed by two notes, or equal to another note's name.

    Why: when you type `[[Alias`, Obsidian offers every note claiming it, and a note named
    like the alias wins every `[[Alias]]` link: the alias can never lead to its own note.

    Example:
        `NVC.md` exists, and `Nonviolent Communication.md` has `aliases: [NVC]`.

    Fix safety: no automatic fix.
    """

    code = "AL003"
    name = "alias-conflict"
    needs = "frontmatter"
    severity = Severity.WARNING

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        # Only an alias that names a file, or that two notes (or one, twice) claim, is
        # reported: only the notes claiming such an alias (in the vault's alias index, made
        # from every string :func:`alias_items` reads) can be.
        vault = ctx.vault
        if vault.note_aliases is None:  # a vault given its indexes (an incremental run's)
            return notes
        by_name = vault.by_name
        claiming: set[str] = set()
        for key, owners in vault.by_alias.items():
            if len(owners) > 1 or key in by_name:
                claiming.update(owners)
        return indexed_among(notes, ctx, claiming)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        by_name = ctx.vault.by_name
        for alias, span in note_aliases(note, ctx):
            paths = by_name.get(fold(alias))  # most aliases name no file
            named = (
                next((p for p in paths if p != note.path and p in ctx.vault.notes), None)
                if paths
                else None
            )
            if named is not None:
                yield self.report(
                    note.path, span, f"Alias `{alias}` is the name of another note, `{named}`"
                )
                continue
            claimants = ctx.vault.alias_owners(alias)
            if len(claimants) > 1:
                others = [p for p in claimants[:4] if p != note.path][:3]
                rest = len(claimants) - 1 - len(others)
                listed = listing(others) + (f" and {rest} more" if rest > 0 else "")
                yield self.report(note.path, span, f"Alias `{alias}` is also claimed by {listed}")


@register
class AliasUnlinkableChars(Rule):
    """What it does: reports an alias containing `[`, `]` or `|`.

    Why: Obsidian inserts aliases as `[[Target|Alias]]`; these characters end the link early
    or split it, so the link comes out broken.

    Example:
        aliases: ["Repair | Reconnect"]

    Fix safety: no automatic fix.
    """

    code = "AL004"
    name = "alias-unlinkable-chars"
    needs = "frontmatter"
    severity = Severity.WARNING

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        # The strings :func:`alias_items` reads are among those the vault indexed.
        indexed = ctx.vault.note_aliases
        if indexed is None:  # a vault given its indexes (an incremental run's)
            return notes
        breaking: set[str] = set()
        # The usual vault: one search over every alias, and none breaks a link.
        if not _BREAKING.isdisjoint("".join(chain.from_iterable(indexed.values()))):
            for path, aliases in indexed.items():
                if not _BREAKING.isdisjoint("".join(aliases)):
                    breaking.add(path)
        return indexed_among(notes, ctx, breaking)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for alias, span in note_aliases(note, ctx):
            if not _BREAKING.isdisjoint(alias):
                bad = sorted(set(alias) & _BREAKING)
                shown = " ".join(f"`{c}`" if c != "\n" else "a line break" for c in bad)
                yield self.report(
                    note.path,
                    span,
                    f"Alias `{alias}` contains {shown}, which breaks `[[Target|Alias]]` links",
                )
