"""LNK003 and LNK004: a link's heading or block id must be in the note it leads to."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Heading, Link, Note
from vaultcheck.parse.bases import is_base
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.bases import base_document

#: What Obsidian turns into a space before comparing headings (observed; DESIGN.md).
_HEADING_PUNCTUATION = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\s]+")
#: What GitHub drops from a heading to make its anchor (only to explain a slug-style link).
_SLUG_DROP = re.compile(r"[^\w\- ]")


@lru_cache(maxsize=8192)  # the same heading texts come back for link after link
def heading_key(text: str) -> str:
    """A heading as Obsidian compares it with a link's: each of
    ``! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \\`` a space, white space
    collapsed, trimmed, without case. So `Set up` is not `Setup`, and emoji count."""
    return _HEADING_PUNCTUATION.sub(" ", text).strip().lower()


@register
class MissingHeading(Rule):
    """What it does: reports a link to a heading that the target note does not have.

    Why: Obsidian opens the note at its top instead of the section; the heading was usually
    renamed. Headings match as in Obsidian: without case, and with each of
    `` ! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \\ `` read as a space (so
    `Set up` is not `Setup`). In `[[Note#A#B]]`, `B` must be under `A`.

    Example:
        [[Power Dynamics#Definitions]] where the heading is `Definition and Core Themes`.

    Fix safety: no automatic fix.
    """

    code = "LNK003"
    name = "missing-heading"
    needs = "links"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        # (note, heading path) -> what is missing: many links name the same heading.
        known: dict[tuple[str, tuple[str, ...]], str | None] | None = ctx.memo.get(
            "missing-heading"
        )
        if known is None:  # not ``setdefault``: it would build a dictionary on every call
            known = ctx.memo["missing-heading"] = {}
        notes = ctx.vault.notes
        for link, res in ctx.links.anchored(note):
            if not link.headings or res.target is None or res.target not in notes:
                continue
            target = ctx.other_note(res.target)  # also when known: the read is recorded
            key = (res.target, link.headings)
            problem = known.get(key, _UNSEEN)
            if problem is _UNSEEN:
                if is_base(res.target):  # `![[X.base#Name]]` shows the view of that name
                    problem = known[key] = _BASE
                else:
                    problem = known[key] = missing_heading(target.headings, link.headings)
            if problem is _BASE:
                yield from self._missing_view(note, link, target, ctx)
                continue
            if problem is not None:
                where = "this note" if link.same_note else f"`{res.target}`"
                yield self.report(note.path, link.span, f"Missing heading: {where} {problem}")

    def _missing_view(
        self, note: Note, link: Link, base: Note, ctx: Context
    ) -> Iterator[Diagnostic]:
        document = base_document(base, ctx)
        wanted = "#".join(link.headings)
        if document is not None and wanted not in document.views:
            known = ", ".join(f"`{name}`" for name in document.views) or "none"
            yield self.report(
                note.path,
                link.span,
                f"Missing view: `{base.path}` has no view `{wanted}` (its views: {known})",
            )


_UNSEEN = "?"  # never a problem's text
_BASE = "base"  # nor this: the target is a base, whose views are checked link by link


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as ``-``.
    Combining marks stay (``उदाहरण-देखें``): they are part of the letters they follow."""
    kept = _SLUG_DROP.sub(_keep_marks, text.strip().lower())
    return kept.replace(" ", "-")


def _keep_marks(match: re.Match[str]) -> str:
    char = match.group()
    return char if unicodedata.category(char).startswith("M") else ""


def missing_heading(headings: Sequence[Heading], wanted: Sequence[str]) -> str | None:
    """What is missing for the heading path ``wanted`` (``A``, ``B`` in ``[[Note#A#B]]``:
    ``B`` within ``A``'s section) among ``headings``; ``None`` when it is all there."""
    start, end, parent = 0, len(headings), None
    # Loops, not ``next`` over a generator: a generator left unfinished is closed by an
    # exception thrown into it, which cost half of this function's instructions.
    for name in wanted:
        key = heading_key(name)
        # Most links name a heading that is there: stop at it (``heading_key`` is memoised).
        found = None
        for i in range(start, end):
            if heading_key(headings[i].text) == key:
                found = i
                break
        if found is None:
            if parent is not None and any(heading_key(h.text) == key for h in headings):
                return f"has a heading `{name}`, but not under `{parent}`"
            slugged = [h.text for h in headings[start:end] if github_slug(h.text) == name]
            if slugged:
                return (
                    f"has no heading `{name}` (a GitHub-style anchor, which Obsidian does not "
                    f"read; write `#{slugged[0]}`)"
                )
            return f"has no heading `{name}`"
        level = headings[found].level
        start = found + 1
        for i in range(start, end):
            if headings[i].level <= level:
                end = i
                break
        parent = name
    return None


@register
class MissingBlock(Rule):
    """What it does: reports a link to a block id (`#^id`) that the target note does not define.

    Why: the link opens the note but not the block; the `^id` was deleted or changed.

    Example:
        [[Note#^quote-1]] where Note has no line ending in `^quote-1`.

    Fix safety: no automatic fix.
    """

    code = "LNK004"
    name = "missing-block"
    needs = "links"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.anchored(note):
            if link.block is None or res.target is None or res.target not in ctx.vault.notes:
                continue
            target = ctx.other_note(res.target)
            if not any(b.name.lower() == link.block.lower() for b in target.block_ids):
                where = "this note" if link.same_note else f"`{res.target}`"
                yield self.report(
                    note.path, link.span, f"Missing block: {where} has no block `^{link.block}`"
                )
