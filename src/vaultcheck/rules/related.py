"""REL rules: the related-notes property (``related`` by default) and its section."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.model import Link, LinkKind, Note, Span
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.links import closest_note
from vaultcheck.rules.property_syntax import nested_link, quote_link, unquoted_links
from vaultcheck.rules.shared.fixes import (
    append_list_item,
    drop_duplicate,
    newline,
)
from vaultcheck.rules.shared.related import RelatedEntry, entry_key, related_entries
from vaultcheck.rules.shared.schema import describe_type
from vaultcheck.rules.shared.sections import Section, find_section
from vaultcheck.vault.resolve import Status


def entries(note: Note, ctx: Context) -> list[RelatedEntry]:
    """The note's related entries with the configured key and alias setting (once per run)."""
    cache: dict[str, list[RelatedEntry]] = ctx.memo.setdefault("related", {})
    found = cache.get(note.path)
    if found is None:
        key, aliases = ctx.option("related", "key"), ctx.option("related", "resolve-aliases")
        found = cache[note.path] = related_entries(note, ctx.vault, key, aliases, ctx.links.resolve)
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
            if entry.wikilink or entry.resolution.status is not Status.UNRESOLVED:
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


@register
class RelatedNotReciprocated(Rule):
    """What it does: reports `A` listing `B` as related while `B` does not list `A`.

    Why: in vaults that treat "related" as symmetric, a one-sided entry is a half-made
    connection. Off by default: many vaults use `related` one way on purpose.

    Example:
        A.md: related: [B]      B.md: related: []

    Fix safety: unsafe (applied with `--unsafe-fixes`): it edits the *other* note, adding
    this note's name to its list in that list's own style.
    """

    code = "REL004"
    name = "related-not-reciprocated"
    severity = Severity.INFO
    default_enabled = False
    fixable = "unsafe"
    fix_links = LinkEffect.ADD

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        listed = {note.path: entries(note, ctx) for note in ctx.vault}
        targets = {path: {e.resolution.target for e in found} for path, found in listed.items()}
        key = ctx.option("related", "key")
        for path, found in listed.items():
            for entry in found:
                other = entry.resolution.target
                if other is None or other == path or other not in targets:
                    continue
                if path not in targets[other]:
                    yield self.report(
                        path,
                        entry.span,
                        f"`{other}` does not list this note in its `{key}` in return",
                        _reciprocal_fix(ctx, path, other, key),
                    )


def _reciprocal_fix(ctx: Context, path: str, other: str, key: str) -> Fix | None:
    target = ctx.vault.notes[other]
    if target.frontmatter is None or target.encoding_problem is not None:
        return None
    # The name that leads back from the other note's folder, and that a link can hold
    # (`C# Notes` would read back as `C`, and the fix would come back on every pass).
    name = ctx.links.shortest_link(target.folder, path)
    if not fits_wikilink(name):
        return None
    edit = append_list_item(target, target.frontmatter.entry(key), key, name)
    if edit is None:
        return None
    moved = Edit(edit.start, edit.end, edit.replacement, path=other)
    return Fix((moved,), Applicability.UNSAFE, f"Add `{name}` to `{other}`")


def _section_insert(note: Note, section: Section, name: str) -> Edit:
    """A ``- [[name]]`` line after the last non-blank line of ``section``."""
    nl = newline(note)
    last = section.first - 1
    for line in range(section.first, section.last + 1):
        if note.line_text(line).strip():
            last = line
    at = note.line_starts[last] if last < len(note.line_starts) else len(note.text)
    prefix = "" if note.text[:at].endswith(("\n", "\r")) else nl
    return Edit(at, at, f"{prefix}- [[{name}]]{nl}")


@register
class RelatedSectionMismatch(Rule):
    """What it does: compares the related list with the wikilinks under the related heading.

    Why: many notes keep the same connections twice, as a property for queries and as a
    "Related" section for reading; when one is edited and the other is not, they disagree.

    Example:
        related: [A, B]  ...  ## Related  - [[A]]  - [[C]]
        reports `B` (not in the section) and `[[C]]` (not in the list).

    Options: `[related] section`, a regular expression for the heading's first word
    (default `related`). Notes without the property or the heading are not checked.
    Fix safety: unsafe (applied with `--unsafe-fixes`): a missing link is added as a
    `- [[Name]]` line at the end of the section, a missing entry is appended to the list;
    nothing is removed, since either side may be the one that is right.
    """

    code = "REL005"
    name = "related-section-mismatch"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "unsafe"
    fix_links = LinkEffect.ADD

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        key = ctx.option("related", "key")
        fm_entry = note.frontmatter.entry(key) if note.frontmatter is not None else None
        if fm_entry is None:
            return
        section = find_section(note, ctx.option("related", "section"))
        if section is None:
            return
        listed = {e.key: e for e in entries(note, ctx)}
        linked: dict[str, Link] = {}
        first, last = section.first, section.last  # the test below runs for every link
        for link, res in ctx.links.of(note):
            if first <= link.span.line <= last and link.kind is LinkKind.WIKILINK:
                linked.setdefault(entry_key(res, link.target), link)
        heading = section.heading.text
        for k, entry in listed.items():
            if k not in linked and entry.resolution.target != note.path:  # REL002's case
                fix = None
                # Never plant a link to a missing note, nor one its own syntax would cut.
                if entry.resolution.resolved and fits_wikilink(entry.target):
                    edit = _section_insert(note, section, entry.target)
                    fix = Fix((edit,), Applicability.UNSAFE, f"Link `[[{entry.target}]]` there")
                yield self.report(
                    note.path,
                    entry.span,
                    f"`{entry.target}` is in `{key}` but not linked under the heading `{heading}`",
                    fix,
                )
        for k, link in linked.items():
            if k not in listed:
                added = append_list_item(note, fm_entry, key, link.target)
                fix = Fix((added,), Applicability.UNSAFE, "Add it to the list") if added else None
                yield self.report(
                    note.path,
                    link.span,
                    f"`[[{link.target}]]` is under the heading `{heading}` but not in `{key}`",
                    fix,
                )


@register
class RelatedWrongType(Rule):
    """What it does: reports a related property that is not note names (a list, or one name).

    Why: tools and queries read `related` as a list of text. A common slip is writing
    `- [[Note]]` unquoted, which YAML reads as a nested list, not a link.

    Example:
        related:
          - [[Boundary Models]]   # write "[[Boundary Models]]"

    Fix safety: safe for an unquoted `[[link]]`, which is quoted in place (as FM009 does);
    no automatic fix otherwise.
    """

    code = "REL006"
    name = "related-wrong-type"
    needs = "frontmatter"
    fixable = "safe"
    fix_links = LinkEffect.ADD

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        key = ctx.option("related", "key")
        entry = note.frontmatter.entry(key) if note.frontmatter is not None else None
        if entry is None or entry.value is None or isinstance(entry.value, str):
            return  # a single name (or "[[link]]") is one entry
        if not isinstance(entry.value, list):
            kind = describe_type(entry.value)
            yield self.report(
                note.path, entry.value_span, f"`{key}` should be a list of note names, not {kind}"
            )
            return
        names_only = all(isinstance(item.value, str) for item in entry.items)
        if names_only and not nested_link(entry.value):
            return  # the usual list: nothing unquoted, nothing of another type
        links = list(unquoted_links(note, entry))
        if links == [entry.value_span]:  # `related: [[Name]]`, the whole value
            items: list[tuple[object, Span]] = [(entry.value[0], entry.value_span)]
        else:
            items = [(item.value, item.span) for item in entry.items]
        for value, span in items:
            if isinstance(value, list):
                yield self.report(
                    note.path,
                    span,
                    f'`{key}` entry is a nested YAML list: quote wikilinks, as in "[[Name]]"',
                    quote_link(note, span) if span in links else None,
                )
            elif value is not None and not isinstance(value, str):
                kind = describe_type(value)
                yield self.report(
                    note.path, span, f"`{key}` entry should be a note name, not {kind}"
                )
