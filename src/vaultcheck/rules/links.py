"""LNK rules: every link must lead where Obsidian would take it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from vaultcheck.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, listing
from vaultcheck.fixes import link_edit
from vaultcheck.model import Link, LinkKind, Note
from vaultcheck.resolve import Resolution, Status, leaves_vault
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.vault import Vault, fold, strip_md

#: Extensions Obsidian opens as attachments; a target with one of them is not a note.
ATTACHMENT_EXTENSIONS = frozenset(
    (
        "png jpg jpeg gif bmp svg webp avif heic tif tiff ico "
        "mp3 wav m4a ogg 3gp flac webm mp4 ogv mov mkv "
        "pdf canvas base csv json txt zip excalidraw"
    ).split()
)

_WIKI_IN_HEADING = re.compile(r"\[\[([^\]|]*)\|?([^\]]*)\]\]")
_NOT_WORD = re.compile(r"[\W_]+")


def is_attachment_target(target: str) -> bool:
    """Whether a link target names a non-note file (by its extension)."""
    name = target.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in ATTACHMENT_EXTENSIONS


@lru_cache(maxsize=8192)  # the same heading texts come back for link after link
def heading_key(text: str) -> str:
    """Headings match ignoring case, punctuation and spacing, as Obsidian's links do."""
    shown = _WIKI_IN_HEADING.sub(lambda m: m.group(2) or m.group(1), text)
    return _NOT_WORD.sub("", shown.casefold())


def resolved_links(note: Note, ctx: Context) -> Iterator[tuple[Link, Resolution]]:
    return ctx.links.of(note)


def retarget(note: Note, link: Link, name: str) -> Edit | None:
    """Replace the last path segment of a wikilink's target with ``name`` (folders kept),
    escaped as its YAML scalar needs in the frontmatter."""
    if link.target_span is None or link.kind is LinkKind.MARKDOWN:
        return None
    folder, _, _ = link.target.rpartition("/")
    new = f"{folder}/{name}" if folder else name
    return link_edit(note, link, link.target_span.start, link.target_span.end, new)


def as_written(link: Link, note: Note) -> str:
    return note.text[link.span.start : link.span.end]


def closest_note(vault: Vault, target: str) -> str | None:
    """The existing note whose name is closest to ``target``, if any is close."""
    return vault.name_matcher.closest(fold(strip_md(target.rsplit("/", 1)[-1])))


@register
class BrokenLink(Rule):
    """What it does: reports a link to a note that does not exist.

    Why: Obsidian shows it as unresolved and clicking it creates an empty note; usually the
    target was renamed or misspelt. The message names the closest existing note.

    Example:
        See [[Boundary Model]] (the note is `Boundary Models.md`).

    Fix safety: unsafe (applied with `--unsafe-fixes`), and offered only for wikilinks with
    one close match: the target is rewritten to that note's name, which may not be the note
    the author meant.
    """

    code = "LNK001"
    name = "broken-link"
    fixable = "unsafe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is not Status.UNRESOLVED or is_attachment_target(link.target):
                continue
            if link.kind is not LinkKind.MARKDOWN and ctx.vault.by_alias.get(
                fold(strip_md(link.target))
            ):
                continue  # LNK009 explains it better
            if leaves_vault(note, link):
                message = f"Broken link: `{link.target}` points outside the vault"
                yield self.report(note.path, link.span, message)
                continue
            message = f"Broken link: no note named `{link.target}`"
            suggestion = closest_note(ctx.vault, link.target)
            fix = None
            if suggestion is not None:
                message += f"; did you mean `{suggestion}`?"
                edit = retarget(note, link, suggestion)
                if edit is not None:
                    fix = Fix((edit,), Applicability.UNSAFE, f"Link to `{suggestion}`")
            yield self.report(note.path, link.span, message, fix)


@register
class AmbiguousLink(Rule):
    """What it does: reports a link whose name matches several files.

    Why: which note Obsidian opens then depends on details of the vault, and moving an
    unrelated file can silently change the target. A path makes the link say what it means.

    Example:
        [[Spellcasting]] with `Spells/Spellcasting.md` and `Rules/Spellcasting.md`.

    Fix safety: no automatic fix; choosing the target needs the author.
    """

    code = "LNK002"
    name = "ambiguous-link"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is Status.AMBIGUOUS:
                listed = listing(res.candidates)
                yield self.report(
                    note.path,
                    link.span,
                    f"Ambiguous link: `{link.target}` matches {len(res.candidates)} files "
                    f"({listed}); write the path to pick one",
                )


@register
class MissingHeading(Rule):
    """What it does: reports a link to a heading that the target note does not have.

    Why: Obsidian opens the note at its top instead of the section; the heading was usually
    renamed. Headings match ignoring case and punctuation, as in Obsidian.

    Example:
        [[Power Dynamics#Definitions]] where the heading is `Definition and Core Themes`.

    Fix safety: no automatic fix.
    """

    code = "LNK003"
    name = "missing-heading"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in resolved_links(note, ctx):
            if not link.headings or res.target is None or res.target not in ctx.vault.notes:
                continue
            target = ctx.other_note(res.target)
            keys = [heading_key(h.text) for h in target.headings]
            position = 0
            for wanted in link.headings:
                key = heading_key(wanted)
                try:
                    position = keys.index(key, position) + 1
                except ValueError:
                    where = "this note" if link.same_note else f"`{res.target}`"
                    yield self.report(
                        note.path, link.span, f"Missing heading: {where} has no heading `{wanted}`"
                    )
                    break


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
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in resolved_links(note, ctx):
            if link.block is None or res.target is None or res.target not in ctx.vault.notes:
                continue
            target = ctx.other_note(res.target)
            if not any(b.name.lower() == link.block.lower() for b in target.block_ids):
                where = "this note" if link.same_note else f"`{res.target}`"
                yield self.report(
                    note.path, link.span, f"Missing block: {where} has no block `^{link.block}`"
                )


@register
class MissingAttachment(Rule):
    """What it does: reports a link or embed of a non-note file that is not in the vault.

    Why: Obsidian shows an empty embed; the file was moved, renamed or never committed.

    Example:
        ![[diagram.png]] with no `diagram.png` anywhere in the vault.

    Fix safety: no automatic fix.
    """

    code = "LNK005"
    name = "missing-attachment"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is Status.UNRESOLVED and is_attachment_target(link.target):
                yield self.report(
                    note.path, link.span, f"Missing attachment: no file named `{link.target}`"
                )
