"""GR rules: the shape of the link graph around each note."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.errors import ConfigError
from vaultcheck.core.model import Link, LinkKind, Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.vault.resolve import resolve

_START = Span(0, 0, 1, 1, 1, 1)


def _links_unknown(note: Note) -> bool:
    """Whether the note's own links are unknown: unreadable (VC003), not parsed because the
    parser failed (VC004) or because it is too large (VC005)."""
    return note.unread or note.internal_error is not None or note.skipped_size is not None


def _linked_notes(note: Note, ctx: Context) -> set[str]:
    """Other notes this note links to (resolved links only)."""
    return {
        res.target
        for _, res in ctx.links.of(note)
        if res.target is not None and res.target != note.path and ctx.vault.is_note(res.target)
    }


def _links_a_note(note: Note, ctx: Context) -> bool:
    """Whether :func:`_linked_notes` has any: stops at the first (most notes' first link)."""
    path, is_note = note.path, ctx.vault.is_note
    return any(
        (target := res.target) is not None and target != path and is_note(target)
        for _, res in ctx.links.of(note)
    )


@register
class OrphanNote(Rule):
    """What it does: reports a note with no links to or from any other note.

    Why: an orphan is invisible from everywhere else in the vault: it is found only by
    search. Links that do not resolve do not count: they connect to nothing.

    Example:
        A note whose only links point to notes that do not exist, and that no note links to.

    Severity: info, so it is reported but does not fail a run (``--fail-on``): a new note
    often has no links yet, and a commit that adds it should not be blocked for that.

    Fix safety: no automatic fix.
    """

    code = "GR001"
    name = "orphan-note"
    severity = Severity.INFO

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if _links_unknown(note):
            return  # VC003, VC004 or VC005 says why
        if ctx.links.incoming[note.path] == 0 and not _links_a_note(note, ctx):
            yield self.report(note.path, _START, "Orphan note: no links to or from other notes")


@register
class NoBacklinks(Rule):
    """What it does: reports a note that links out but that no other note links to.

    Why: nothing leads readers to it. Off by default: daily notes and inboxes are often
    meant to be like this.

    Example:
        A journal entry linking to ideas, never linked back.

    Fix safety: no automatic fix.
    """

    code = "GR002"
    name = "no-backlinks"
    severity = Severity.INFO
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not note.unread and ctx.links.incoming[note.path] == 0 and _links_a_note(note, ctx):
            yield self.report(note.path, _START, "No backlinks: no other note links here")


@register
class UnreachableFromIndex(Rule):
    """What it does: reports notes that cannot be reached by following links from the index notes.

    Why: in vaults organised from a home note or maps of content, an unreachable note has
    fallen out of the structure. Off by default; set `[graph] index = ["Home.md"]`.

    Example:
        index = ["Home.md"]; `Old Idea.md` is linked only from other unreachable notes.

    Fix safety: no automatic fix.
    """

    code = "GR003"
    name = "unreachable-from-index"
    severity = Severity.INFO
    default_enabled = False

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        starts: list[str] = []
        for name in ctx.option("graph", "index"):
            res = resolve(ctx.vault, next(iter(ctx.vault)), Link(LinkKind.WIKILINK, name, _START))
            if res.target is None:  # a misspelt index would silently switch GR003 off
                raise ConfigError(f"`index` in [graph]: no note `{name}` in the vault")
            if res.target in ctx.vault.notes:  # an excluded note's links are not read
                starts.append(res.target)
        if not starts:
            return
        seen = set(starts)
        queue = deque(starts)
        while queue:
            for target in _linked_notes(ctx.vault.notes[queue.popleft()], ctx):
                if target not in seen and target in ctx.vault.notes:  # excluded: no links read
                    seen.add(target)
                    queue.append(target)
        index = ", ".join(f"`{s}`" for s in starts)
        for path in ctx.vault.notes:
            if path not in seen:
                yield self.report(path, _START, f"Unreachable: no chain of links from {index}")


@register
class DeadEnd(Rule):
    """What it does: reports a note that other notes link to but that links to no other note.

    Why: readers who arrive there cannot go on. Off by default.

    Example:
        A definition note with backlinks and no links of its own.

    Fix safety: no automatic fix.
    """

    code = "GR004"
    name = "dead-end"
    severity = Severity.INFO
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        incoming = ctx.links.incoming[note.path]
        if not _links_unknown(note) and incoming > 0 and not _links_a_note(note, ctx):
            yield self.report(note.path, _START, "Dead end: links to no other note")


@register
class UnlinkedMention(Rule):
    """What it does: reports a note's name or alias written in another note's text without
    a link to it: Obsidian's "unlinked mentions".

    Why: the note is about that thing, so the link is probably wanted, and without it the
    mention is invisible in backlinks and the graph. Whole words, any case, in prose only
    (not in frontmatter, links, code, comments, tags or URLs); a note that already links
    there is not reported, and names several notes share are not looked for. Off by default:
    a note named after a common word (`Light`, `Armor`) is mentioned everywhere.

    Example:
        `Combat.md` says "a goblin attacks" and `Goblin.md` exists.

    Fix safety: unsafe (applied with `--unsafe-fixes`): the word becomes `[[Goblin|goblin]]`
    (or `[[Goblin]]` when written as the file name), which may not be the meaning meant. In
    a heading it becomes `[[goblin]]`, so links to the heading still find it (an alias
    there gets no fix).
    `vaultcheck graph mentions NOTE --fix` links the mentions of one note.
    """

    code = "GR005"
    name = "unlinked-mention"
    severity = Severity.INFO
    default_enabled = False
    fixable = "unsafe"
    fix_links = LinkEffect.ADD

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        from vaultcheck.vault.mentions import find_mentions, link_for

        for m in find_mentions(ctx.vault, ctx.links):
            replacement = link_for(ctx.vault, m)
            span = Span(m.start, m.end, m.line, m.column, m.line, m.column + len(m.text))
            fix = (
                None
                if replacement is None
                else Fix(
                    (Edit(m.start, m.end, replacement),),
                    Applicability.UNSAFE,
                    f"Link it: {replacement}",
                )
            )
            yield self.report(
                m.source,
                span,
                f"Unlinked mention of `{m.target}`: `{m.text}` names it without a link",
                fix,
            )
