"""LNK rules: every link must lead where Obsidian would take it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from vaultcheck.core.diagnostics import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    LinkEffect,
    Severity,
    listing,
)
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.parse.linksyntax import destination_path_edit, fits_wikilink
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import link_edit
from vaultcheck.vault.build import Vault, fold, strip_md
from vaultcheck.vault.obsidian import attachment_folder
from vaultcheck.vault.resolve import UNRESOLVED, leaves_vault

#: Extensions of files that are not notes: a missing target with one is a missing
#: attachment (LNK005), not a missing note. A list rather than "any dot": `[[Node.js]]` and
#: `[[Mr. Smith]]` are notes.
ATTACHMENT_EXTENSIONS = frozenset(
    (
        "png jpg jpeg gif bmp svg webp avif heic heif tif tiff ico jxl "
        "mp3 wav m4a ogg oga opus 3gp flac aac webm mp4 ogv mov mkv avi m4v "
        "pdf canvas base csv tsv json txt zip excalidraw "
        "xlsx xls xlsm ods docx doc odt rtf pptx ppt odp key numbers pages epub "
        "html htm xml yaml yml toml tex bib ris ipynb py sh "
        "gz tgz tar 7z rar bz2 xz dmg exe msi iso apk "
        "ttf otf woff woff2 psd ai sketch fig drawio dwg stl obj glb gltf"
    ).split()
)


def is_attachment_target(target: str) -> bool:
    """Whether a link target names a non-note file (by its extension)."""
    name = target.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in ATTACHMENT_EXTENSIONS


def with_not_resolved(notes: list[Note], ctx: Context) -> list[Note]:
    """Those of ``notes`` with a link the link index's ``not_resolved`` lists: the only
    ones that the rules reading nothing else of a note can report on (the notes of most
    vaults link to notes that exist). Worked out once for the same list, which the engine
    gives each of those rules."""
    kept: tuple[list[Note], list[Note]] | None = ctx.memo.get("with-not-resolved")
    if kept is not None and kept[0] is notes:
        return kept[1]
    not_resolved = ctx.links.not_resolved
    found = [note for note in notes if not_resolved(note)]
    ctx.memo["with-not-resolved"] = (notes, found)
    return found


def as_written(link: Link, note: Note) -> str:
    return note.text[link.span.start : link.span.end]


def closest_note(vault: Vault, target: str) -> str | None:
    """The existing note whose name is closest to ``target``, if any is close."""
    name = target.replace("\\", "/").rsplit("/", 1)[-1]  # `\` is read as `/`
    return vault.name_matcher.closest(fold(strip_md(name)))


@register
class BrokenLink(Rule):
    """What it does: reports a link to a note that does not exist.

    Why: Obsidian shows it as unresolved and clicking it creates an empty note; usually the
    target was renamed or misspelt. The message names an existing note only when its name
    is really close: the same first letter, and at most one edit away (two for names of 12
    characters or more; none, beyond case and `-`/`_`/space, under 5), with no other name
    as close. On the corpora, 1 to 5 % of deleted notes' names still get a suggestion (11 %
    among tldr's similar command names); see docs/design.md.

    Example:
        See [[Boundary Model]] (the note is `Boundary Models.md`).

    Fix safety: unsafe (applied with `--unsafe-fixes`), and offered only for wikilinks when
    one note has the suggested name: the target is rewritten to the shortest text that
    opens that note, which may not be the note the author meant. Safe when git saw the
    note renamed (`git mv`, or a rename staged or committed since `--since REF`): the
    message names the rename, and the link (wikilink, embed, property or Markdown link)
    is rewritten to open the note at its new path, heading and display text kept.
    """

    code = "LNK001"
    name = "broken-link"
    needs = "links"
    fixable = "unsafe"
    fix_links = LinkEffect.RETARGET

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return with_not_resolved(notes, ctx)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is not UNRESOLVED or is_attachment_target(link.target):
                continue
            if link.kind is not _MARKDOWN and ctx.vault.by_alias.get(fold(strip_md(link.target))):
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
                fix = _suggestion_fix(note, link, suggestion, ctx)
            yield self.report(note.path, link.span, message, fix)


def _suggestion_fix(note: Note, link: Link, suggestion: str, ctx: Context) -> Fix | None:
    """Link to the one note named ``suggestion``, written so that it opens that note."""
    if link.kind is _MARKDOWN or link.target_span is None:
        return None
    named = {p for p in ctx.vault.by_name.get(fold(suggestion), ()) if p in ctx.vault.notes}
    if len(named) != 1:
        return None  # several notes of that name: which one was meant is a guess
    text = ctx.links.shortest_link(note.folder, named.pop())
    if link.target.lower().endswith(".md"):
        text += ".md"
    if not fits_wikilink(text):
        return None  # `[bracket]`: the link would still end at its first `]]`
    edit = link_edit(note, link, link.target_span.start, link.target_span.end, text)
    return Fix((edit,), Applicability.UNSAFE, f"Link to `{text}`") if edit else None


@register
class AmbiguousLink(Rule):
    """What it does: reports a link whose name matches several files when Obsidian has to
    guess: no file has exactly that path and none sits in the linking note's folder, so
    Obsidian opens the one with the shortest path. The message names it and the others.

    Why: the link depends on the lengths of paths; adding or moving an unrelated file can
    silently change where it goes, and a reader cannot tell which note is meant. A link to
    an exact path, or to a file beside the note, is not reported: Obsidian does not guess.

    Example:
        [[Spellcasting]] in `Rules/Magic.md`, with `Spells/Spellcasting.md` and
        `Spells (Alt)/Spellcasting.md`: Obsidian opens `Spells/Spellcasting.md`.

    Fix safety: safe; the target is rewritten as the shortest path that Obsidian resolves
    without a guess to the note it opens now (`[[Spells/Spellcasting]]`,
    `[t](Spells/Spellcasting.md)`), so the link goes where it went.
    """

    code = "LNK002"
    name = "ambiguous-link"
    needs = "links"
    severity = Severity.WARNING
    fixable = "safe"

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return with_not_resolved(notes, ctx)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if not res.guessed or res.target is None:
                continue
            text, fix = target_fix(note, link, ctx.links.shortest_link(note.folder, res.target))
            yield self.report(
                note.path,
                link.span,
                f"Ambiguous link: `{link.target}` matches {len(res.others) + 1} files; "
                f"Obsidian opens `{res.target}` (the shortest path), not "
                f"{listing(res.others)}; write `{text}` to say so",
                fix,
            )


def target_edit(note: Note, link: Link, text: str) -> Edit | None:
    """Rewrite the target of ``link`` as ``text`` (percent-encoded in a Markdown link)."""
    if link.kind is not _MARKDOWN:
        span = link.target_span
        return Edit(span.start, span.end, text) if span is not None else None
    found = destination_path_edit(as_written(link, note), link.target, text)
    if found is None:
        return None
    start, end, new = found
    return Edit(link.span.start + start, link.span.start + end, new)


def target_fix(note: Note, link: Link, text: str) -> tuple[str, Fix | None]:
    """The safe fix writing ``text`` as ``link``'s target, with ``.md`` kept when the link was
    written with it, and the text it writes (messages name it)."""
    if link.target.lower().endswith(".md") and not text.lower().endswith(".md"):
        text += ".md"
    edit = target_edit(note, link, text)
    return text, (Fix((edit,), Applicability.SAFE, f"Write `{text}`") if edit else None)


@register
class MissingAttachment(Rule):
    """What it does: reports a link or embed of a non-note file that is not in the vault.

    Why: Obsidian shows an empty embed; the file was moved, renamed or never committed.

    Example:
        ![[diagram.png]] with no `diagram.png` anywhere in the vault.

    When `.obsidian/app.json` sets `attachmentFolderPath`, the message says where Obsidian
    puts new attachments, so where this one was expected: `Attachments/`, the vault's root,
    beside the note (`./`) or in a folder beside it (`./assets`).

    Fix safety: safe, and offered only when git saw the file renamed (`git mv`, or a rename
    staged or committed since `--since REF`): the message names the rename, and the link is
    rewritten to open the file at its new path. Otherwise no automatic fix.
    """

    code = "LNK005"
    name = "missing-attachment"
    needs = "links"
    fixable = "safe"
    fix_links = LinkEffect.RETARGET

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return with_not_resolved(notes, ctx)

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for link, res in ctx.links.not_resolved(note):
            if res.status is UNRESOLVED and is_attachment_target(link.target):
                message = f"Missing attachment: no file named `{link.target}`"
                where = _expected_at(note, ctx)
                if where is not None and "/" not in link.target.strip("/"):
                    message += f"; new attachments go {where} (attachmentFolderPath)"
                yield self.report(note.path, link.span, message)


def _expected_at(note: Note, ctx: Context) -> str | None:
    """Where Obsidian's settings put a note's new attachments, in words; ``None`` if unset."""
    if "attachment-folder" not in ctx.memo:
        ctx.memo["attachment-folder"] = attachment_folder(ctx.vault.root)
    setting: str | None = ctx.memo["attachment-folder"]
    if setting is None:
        return None
    if setting == "":
        return "to the vault's root"
    if setting in (".", "./"):
        return "beside the note"
    if setting.startswith("./"):
        folder = posixpath.join(note.folder, setting[2:].strip("/"))
        return f"to `{folder}/`, beside the note"
    return f"to `{setting}/`"


#: Read once: an Enum member read from its class costs a lookup each time (0.15 µs, 0.7
#: on a loaded machine), paid per link these rules look at.
_MARKDOWN = LinkKind.MARKDOWN
