"""LNK006-LNK009: links that resolve, but not in the form they should have."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from vaultcheck.core.diagnostics import (
    Applicability,
    Diagnostic,
    Fix,
    LinkEffect,
    Severity,
    listing,
)
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.parse.tables import row_lines
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.links import as_written, with_not_resolved
from vaultcheck.rules.shared.fixes import link_edit
from vaultcheck.vault.build import strip_md
from vaultcheck.vault.names import fold, nfc
from vaultcheck.vault.resolve import EMPTY, UNRESOLVED, Status


@register
class SelfLink(Rule):
    """What it does: reports a link from a note to itself by name (`[[This Note]]` inside it).

    Why: it leads nowhere; `[[#Heading]]` is the way to link within a note and is not reported.

    Example:
        In `Power Dynamics.md`: see [[Power Dynamics]].

    Fix safety: no automatic fix. Off by default.
    """

    code = "LNK006"
    name = "self-link"
    needs = "links"
    severity = Severity.INFO
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        path = note.path
        for link, res in ctx.links.of(note):
            if res.target == path and not link.same_note:
                yield self.report(
                    path,
                    link.span,
                    f"Self-link: `{as_written(link, note)}` points to this note",
                )


@register
class EmptyLink(Rule):
    """What it does: reports a link with no target: `[[]]`, `[[|text]]`, `[text]()`.

    Why: it renders as a link that goes nowhere; usually a placeholder that was forgotten.

    Example:
        Read more in [[]].

    Fix safety: no automatic fix.
    """

    code = "LNK007"
    name = "empty-link"
    needs = "links"
    severity = Severity.WARNING

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return with_not_resolved(notes, ctx)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is EMPTY:
                yield self.report(
                    note.path, link.span, f"Empty link: `{as_written(link, note)}` has no target"
                )


@register
class LinkCaseMismatch(Rule):
    """What it does: reports a link whose target differs from the file name only in letter case.
    Names are compared as Obsidian compares them, after Unicode normalisation: `Café` typed
    composed for a file stored decomposed (as macOS writes names) is no case difference.

    Why: Obsidian resolves it, but publishing tools, static-site generators and case-sensitive
    file systems may not; the graph also shows two spellings of one name.

    Example:
        [[power dynamics]] for `Power Dynamics.md`.

    Fix safety: safe; the name is rewritten in the file's casing (composed where the link
    was), so the link leads to the same note. Off by default.
    """

    code = "LNK008"
    name = "link-case-mismatch"
    needs = "links"
    severity = Severity.INFO
    default_enabled = False
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        # (target as written, file it opens) -> what to report, or None: most targets are
        # named by many links (70,000 findings on a generated vault written in lower case).
        known: dict[tuple[str, str], _Mismatch | None] = ctx.memo.setdefault("case-mismatch", {})
        markdown, resolved = LinkKind.MARKDOWN, Status.RESOLVED
        for link, res in ctx.links.of(note):
            # A link without a target is to this note (``[[#H]]``) or empty: nothing to spell.
            if not link.target or res.target is None or res.status is not resolved:
                continue
            key = (link.target, res.target)
            found = known.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = known[key] = _case_mismatch(link.target, res.target, ctx)
            if found is None:
                continue
            message, fix_message, new = found
            span = link.target_span
            fix = None
            if new is not None and span is not None and link.kind is not markdown:
                edit = link_edit(note, link, span.start, span.end, new)
                fix = Fix((edit,), Applicability.SAFE, fix_message) if edit else None
            yield self.report(note.path, span or link.span, message, fix)


class _Mismatch(NamedTuple):
    message: str
    fix_message: str
    #: The target with the file name as on disk, when a wikilink can hold it.
    new: str | None


_UNSEEN = _Mismatch("", "", None)


def _case_mismatch(target: str, path: str, ctx: Context) -> _Mismatch | None:
    """What LNK008 says of a link naming ``target`` that opens ``path``: ``None`` unless
    the file name is written in another letter case."""
    written = target.replace("\\", "/").lstrip("/").rsplit("/", 1)[-1]
    actual = path.rsplit("/", 1)[-1]
    if path in ctx.vault.notes and not written.lower().endswith(".md"):
        actual = strip_md(actual)
    # Compared as Obsidian compares names (NFC, then lower case): a name typed composed
    # that is stored decomposed (macOS) differs in form only, not in case.
    if nfc(written) == nfc(actual) or fold(written) != fold(actual):
        return None
    if written == nfc(written):
        actual = nfc(actual)  # the fix keeps the note's composed text composed
    # Only the file name is rewritten: the folder stays as written, with its separator
    # (Obsidian reads `\` as `/`), so `[[sub\other]]` becomes `[[sub\Other]]`.
    cut = max(target.rfind("/"), target.rfind("\\")) + 1
    new = target[:cut] + actual
    return _Mismatch(
        f"Link case mismatch: `{written}` is spelt `{actual}` on disk",
        f"Write `{actual}`",
        new if fits_wikilink(new.replace("\\", "/")) else None,
    )


@register
class LinkToAlias(Rule):
    """What it does: reports a link to an alias: `[[Alias]]` where no file is named `Alias`.

    Why: Obsidian resolves links by file name only; aliases help search and autocomplete but
    `[[Alias]]` is unresolved. The right form is `[[Target|Alias]]`.

    Example:
        [[Social_Power]] where `Power_Dynamics.md` lists `Social_Power` in `aliases`.

    Fix safety: safe when one note claims the alias: `[[Alias]]` becomes `[[Target|Alias]]`
    (headings and existing display text kept), which is what Obsidian inserts itself;
    `Target` is the shortest text that opens that note (with its folder when other notes
    share its name); in a table row the pipe is written `\\|`, as Obsidian needs there.
    """

    code = "LNK009"
    name = "link-to-alias"
    needs = "links"
    severity = Severity.WARNING
    fixable = "safe"
    fix_links = LinkEffect.RETARGET

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return with_not_resolved(notes, ctx)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        rows: frozenset[int] | None = None
        for link, res in ctx.links.not_resolved(note):
            if res.status is not UNRESOLVED or link.kind is _MARKDOWN:
                continue
            owners = ctx.vault.alias_owners(strip_md(link.target))
            if owners:
                names = listing(owners)
                # The name alone may open another note of that name: write what opens this one.
                target = ctx.links.shortest_link(note.folder, owners[0])
                fix = None
                if len(owners) == 1:
                    rows = row_lines(note) if rows is None else rows
                    fix = _alias_fix(note, link, target, in_table=link.span.line in rows)
                yield self.report(
                    note.path,
                    link.span,
                    f"Link to alias: `{link.target}` is an alias of {names}, and Obsidian "
                    f"resolves links by file name; write `[[{target}|{link.target}]]`",
                    fix,
                )


def _alias_fix(note: Note, link: Link, target: str, in_table: bool) -> Fix | None:
    if link.embed or link.target_span is None or not fits_wikilink(target):
        return None
    edits = [link_edit(note, link, link.target_span.start, link.target_span.end, target)]
    # In a table row a bare `|` ends the cell; Obsidian reads `\|` there as the link's.
    pipe = "\\|" if in_table else "|"
    if link.text is None:
        close = link.span.end - 2  # before "]]"
        edits.append(link_edit(note, link, close, close, f"{pipe}{link.target}"))
    written = tuple(e for e in edits if e is not None)
    if len(written) < len(edits):
        return None  # the frontmatter value's style cannot hold the new text
    return Fix(written, Applicability.SAFE, f"Write `[[{target}{pipe}{link.target}]]`")


#: Read once: an Enum member read from its class costs a lookup each time (0.15 µs).
_MARKDOWN = LinkKind.MARKDOWN
