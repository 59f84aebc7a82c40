"""FM008: the property names Obsidian no longer reads (`tag`, `alias`, `cssclass`), and the
fix that renames them or merges them into the plural key."""

from __future__ import annotations

import re
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import FrontmatterEntry, Note
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import append_list_items, remove_entry

_DEPRECATED = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}


@register
class DeprecatedKey(Rule):
    """What it does: reports `tag`, `alias` and `cssclass`, which Obsidian no longer reads.

    Why: since Obsidian 1.4 only the plural keys `tags`, `aliases` and `cssclasses` work; the
    singular ones are ignored, so those tags, aliases and classes silently do nothing.

    Example:
        tag: psychology     # write tags: [psychology]

    Fix safety: safe. The key is renamed in place; when the plural key exists too, the values
    it lacks are appended to it (in its own list style) and the old key's lines are removed
    (no fix when they hold a comment, which would go with them). Nothing else in the
    frontmatter changes.
    """

    code = "FM008"
    name = "deprecated-key"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.frontmatter is None:
            return
        for entry in note.frontmatter.entries:
            plural = _DEPRECATED.get(entry.key)
            if plural is not None:
                yield self.report(
                    note.path,
                    entry.key_span,
                    f"`{entry.key}` is no longer read by Obsidian; use `{plural}`",
                    _rename_fix(note, entry, plural),
                )


def _values(value: object, split: bool) -> list[str]:
    if isinstance(value, list):
        # Scalars only: str() of a nested YAML alias could be exponentially large.
        scalars = [v for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        return [str(v) for v in scalars if str(v).strip()]
    if isinstance(value, str):
        return value.replace(",", " ").split() if split else [value.strip()]
    return []


def _rename_fix(note: Note, entry: FrontmatterEntry, plural: str) -> Fix | None:
    assert note.frontmatter is not None
    existing = note.frontmatter.entry(plural)
    message = f"Rename `{entry.key}` to `{plural}`"
    if existing is None:
        edit = Edit(entry.key_span.start, entry.key_span.end, plural)
        return Fix((edit,), Applicability.SAFE, message)
    # Compared as Obsidian does (toLowerCase: `FUSSBALL` is not `Fußball`), so no value is lost.
    have = {v.lower() for v in _values(existing.value, plural == "tags")}
    wanted = [v for v in _values(entry.value, entry.key == "tag") if v.lower() not in have]
    edits = [remove_entry(note, entry)]
    if _holds_comment(note, entry, edits[0]):
        return None  # its lines go, and a comment among them would go with them
    if wanted:
        append = append_list_items(note, existing, plural, list(dict.fromkeys(wanted)))
        if append is None:
            return None
        edits.append(append)
    return Fix(tuple(edits), Applicability.SAFE, f"Merge `{entry.key}` into `{plural}`")


def _holds_comment(note: Note, entry: FrontmatterEntry, removal: Edit) -> bool:
    """Whether the text ``removal`` takes holds a YAML comment: a `#` after a space or at a
    line's start, outside the key and the values (where `"y # z"` is text)."""
    values = [item.span for item in entry.items] if entry.items else [entry.value_span]
    written = [entry.key_span, *values]
    at = removal.start
    for span in sorted(written, key=lambda s: s.start):
        if _COMMENT.search(note.text, at, max(at, span.start)):
            return True
        at = max(at, span.end)
    return _COMMENT.search(note.text, at, removal.end) is not None


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)
