"""Moving a file without breaking links: the edits ``vaultcheck mv`` makes, worked out in memory.

As Obsidian does when it renames a file with "Automatically update internal links" on, every
link that opened the old file is rewritten to open it at its new place: wikilinks, embeds,
Markdown links and links in properties, with their heading, block and display text kept,
and canvases: their file nodes and the links in their text cards
(:mod:`vaultcheck.fixing.canvasmove`).

The rule is stated on outcomes, not on spellings: after the move, every link that resolved
must open the very file it opened before (the moved one at its new path). A link whose
resolution would change is rewritten to the shortest text that opens its file from its note
(relative links stay relative, a written ``.md`` stays), which also covers what a move can do
to *other* links: the moved note's own links seen from its new folder (a relative ``../x``, or
a name Obsidian now finds beside it first), and links to a file that now shares its name with
the moved one. Each note's edits pass the fix verifier (:func:`~vaultcheck.fixing.fixcheck.damage`),
and the result is parsed again and every link resolved again with the real resolver; a move
whose result fails either is refused, not written.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from vaultcheck.core.diagnostics import Edit
from vaultcheck.core.errors import UsageError
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.fixing.canvasmove import retarget_canvas, text_card_edit
from vaultcheck.fixing.fixcheck import apply_edits, damage
from vaultcheck.parse.canvas import is_canvas, json_text
from vaultcheck.parse.linksyntax import destination_path_edit, fits_wikilink
from vaultcheck.parse.note import parse_safely
from vaultcheck.rules.shared.fixes import link_edit
from vaultcheck.vault.build import Vault, fold, strip_md
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import is_relative
from vaultcheck.vault.scan import is_note

#: Characters a wikilink cannot hold in a file name (they split the link), as Obsidian refuses.
_LINK_BREAKERS = frozenset("#^[]|")


@dataclass
class MovePlan:
    """What moving ``old`` to ``new`` changes: the edited notes' texts before and after (by
    their path after the move) and how many links were rewritten."""

    old: str
    new: str
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    rewritten: int = 0
    #: Links that were broken and open the moved file now (``path:line:column``).
    captured: list[str] = field(default_factory=list)

    @property
    def notes_edited(self) -> int:
        return sum(1 for p in self.after if is_note(p) and not p.lower().endswith(".canvas"))

    @property
    def canvases_edited(self) -> int:
        return len(self.after) - self.notes_edited


def check_names(vault: Vault, old: str, new: str) -> None:
    """Refuse a move that cannot be made as asked (one-line :class:`UsageError`)."""
    if old not in vault.notes and old not in vault.attachments:
        raise UsageError(f"not a note or attachment of the vault: {old}")
    if is_note(old) and not is_note(new):
        raise UsageError(f"{new} would no longer be a note (keep the .md extension)")
    if not is_note(old) and is_note(new):
        raise UsageError(f"{new} would turn an attachment into a note")
    bad = sorted(_LINK_BREAKERS & set(new))  # folders too: a link may have to name them
    if bad:
        raise UsageError(f"{new}: a link cannot name a file with {' '.join(bad)} in its path")
    if any(part.startswith(".") for part in new.split("/")):
        raise UsageError(f"{new} is hidden; Obsidian would no longer see it")


def moved_vault(vault: Vault, old: str, new: str, texts: dict[str, Note] | None = None) -> Vault:
    """The vault as it is after the move (indexes rebuilt), with ``texts`` replacing notes."""
    notes = {}
    for path, note in vault.notes.items():
        moved = new if path == old else path
        notes[moved] = (texts or {}).get(moved) or note._replace(path=moved)
    attachments = frozenset(new if p == old else p for p in vault.attachments)
    return Vault(vault.root, notes, attachments, excluded=vault.excluded)


def plan_move(vault: Vault, old: str, new: str) -> MovePlan:
    """The edits that keep every link of ``vault`` opening the same file once ``old`` is
    ``new``; raises :class:`UsageError` when a link cannot be rewritten or the result fails
    the check."""
    check_names(vault, old, new)
    before_links = LinkIndex(vault, Counter())
    expected: dict[str, list[str | None]] = {}  # by path after the move, parallel to links
    # How canvases' file nodes spell the moved file: its path, or another case or normal
    # form of it (`Café.md` typed composed, stored decomposed) that reaches it as well.
    spellings = {old}
    for note in vault:
        wanted: list[str | None] = []
        for link in note.links:
            res = before_links.resolve(note, link)
            target = res.target if res.resolved else None
            wanted.append(new if target == old else target)
            if target == old and link.kind is LinkKind.CANVAS:
                spellings.add(link.target)
        expected[new if note.path == old else note.path] = wanted
    after = moved_vault(vault, old, new)
    after_links = LinkIndex(after, Counter())
    plan = MovePlan(old, new)
    for note in after:
        canvas = is_canvas(note.path)
        edits = []
        for link, want in zip(note.links, expected[note.path], strict=True):
            if want is None or link.same_note or link.kind is LinkKind.CANVAS:
                continue  # a canvas's file nodes are rewritten below (canvasmove)
            if after_links.resolve(note, link).target == want and not _respell(link, want, new):
                continue
            edits.append(_rewrite(note, link, link_text(after_links, note, link, want), canvas))
        if not edits:
            continue
        # The file as it is on disk now: the moved note is still at its old path.
        where = old if note.path == new else note.path
        if note.encoding_problem is not None or note.unread:
            raise UsageError(f"cannot rewrite the links in {where}: it is not UTF-8 text")
        # The fix verifier's checks, as for any fix: frontmatter still valid and of the same
        # shape, properties, headings, block ids and table rows kept, no link lost or made.
        # A canvas is checked as JSON and by resolving its links again (_verify).
        reason = None if canvas else damage(note, edits, after_links)
        if reason is not None:
            raise UsageError(f"cannot rewrite the links in {where}: {reason}; nothing was changed")
        plan.before[note.path] = note.text
        plan.after[note.path] = apply_edits(note.text, edits)
        plan.rewritten += len(edits)
    _canvases(vault, plan, spellings)
    _verify(vault, plan, expected)
    return plan


def _respell(link: Link, want: str, new: str) -> bool:
    """Whether a link that still opens the moved file names it in another case or normal
    form than its new name (`Fire ball.md` renamed `Fire Ball.md`): it is rewritten, as
    Obsidian writes the new name into every link to a renamed file."""
    if want != new:
        return False
    written = strip_md(link.target.replace("\\", "/").rsplit("/", 1)[-1])
    name = strip_md(new.rsplit("/", 1)[-1])
    return written != name and fold(written) == fold(name)


def _canvases(vault: Vault, plan: MovePlan, spellings: set[str]) -> None:
    """Add the canvases whose file nodes name the moved file (in one of ``spellings``) to
    ``plan``."""
    for path in sorted({*vault.attachments, *vault.notes}):  # canvases are read as notes
        if not path.lower().endswith(".canvas") or path == plan.old:
            continue
        edited = plan.after.get(path)  # its text cards' links, rewritten already
        try:
            text = edited or (vault.root / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not a canvas vaultcheck can read; Obsidian could not either
        if not any(s in text or json_escaped(s) in text for s in spellings):
            continue
        after, count = retarget_canvas(path, text, spellings, plan.new)
        if count:
            plan.before.setdefault(path, text)
            plan.after[path] = after
            plan.rewritten += count
        if edited is not None:
            _same_json_but_text(path, plan.before[path], edited)


def json_escaped(path: str) -> str:
    """How ``path`` reads inside a JSON string written by a strict encoder."""
    return json.dumps(path)[1:-1]


def _same_json_but_text(path: str, before: str, after: str) -> None:
    """Refuse a rewrite of text cards that changed more of the canvas than their text."""
    try:
        old, new = json.loads(json_text(before)), json.loads(json_text(after))
    except ValueError:
        old = new = None
    if old is None or _without_text(old) != _without_text(new):
        raise UsageError(f"cannot rewrite the canvas {path} in place; nothing was changed")


def _without_text(data: Any) -> Any:
    """``data`` (a parsed canvas) with its text cards' text left out."""
    if isinstance(data, dict):
        return {k: _without_text(v) for k, v in data.items() if k != "text"}
    if isinstance(data, list):
        return [_without_text(v) for v in data]
    return data


def link_text(links: LinkIndex, note: Note, link: Link, path: str) -> str:
    """What to write for ``link`` so that it opens ``path`` from ``note`` after the move."""
    written = link.target.replace("\\", "/")
    keep_md = not is_note(path) or written.lower().endswith(".md")
    if is_relative(written):
        text = posixpath.relpath(path, note.folder or ".")
        if not text.startswith("../") and written.startswith("./"):
            text = "./" + text
    elif written.startswith("/"):  # from the vault root, as written: the full path
        text = "/" + path
    else:
        text = links.shortest_link(note.folder, path)
    if not keep_md and text.lower().endswith(".md"):
        text = strip_md(text)
    elif keep_md and is_note(path) and not text.lower().endswith(".md"):
        text += ".md"
    return text


def _rewrite(note: Note, link: Link, text: str, canvas: bool = False) -> Edit:
    """:func:`target_edit` (:func:`text_card_edit` in a canvas), or a one-line refusal of the
    whole move."""
    edit = text_card_edit(note, link, text) if canvas else target_edit(note, link, text)
    if edit is None:
        where = f"{note.path}:{link.span.line}:{link.span.column}"
        raise UsageError(f"cannot rewrite the link at {where} to `{text}`; nothing was changed")
    return edit


def target_edit(note: Note, link: Link, text: str) -> Edit | None:
    """The edit writing ``text`` as the target of ``link`` (percent-encoded in a Markdown
    link), heading, block and display text kept; ``None`` when it cannot be written there:
    a Markdown destination with a title or across lines, a property whose YAML style cannot
    hold it."""
    if link.kind is LinkKind.MARKDOWN:
        written = note.text[link.span.start : link.span.end]
        found = destination_path_edit(written, link.target, text)
        if found is None:
            return None
        start, end, new = found
        return Edit(link.span.start + start, link.span.start + end, new)
    if link.target_span is None or not fits_wikilink(text):
        return None
    # In a property, escaped as its YAML string needs (``None`` when its style cannot hold it).
    return link_edit(note, link, link.target_span.start, link.target_span.end, text)


def _verify(vault: Vault, plan: MovePlan, expected: dict[str, list[str | None]]) -> None:
    """Parse the edited notes again and resolve every link of the result: each one that
    resolved must open the file it opened, and no note may gain or lose a link."""
    parsed = {p: parse_safely(t.encode("utf-8"), p) for p, t in plan.after.items()}
    result = moved_vault(vault, plan.old, plan.new, parsed)
    links = LinkIndex(result, Counter())
    for note in result:
        wanted = expected[note.path]
        where = f"moving {plan.old} to {plan.new} would change the links of {note.path}"
        if len(note.links) != len(wanted) or note.internal_error is not None:
            raise UsageError(f"{where}; nothing was changed")
        for link, want in zip(note.links, wanted, strict=True):
            now = links.resolve(note, link).target
            if want is None and now is not None and not link.same_note:
                # A link to a file not there yet (the new name): it opens that file now,
                # as it would if the file were created; said, not refused.
                plan.captured.append(f"{note.path}:{link.span.line}:{link.span.column}")
            elif want is not None and now != want:
                line = f"{link.span.line}:{link.span.column}"
                raise UsageError(f"{where} (line {line}); nothing was changed")
