"""REL004: a related-notes entry that the other note does not list in return."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.related import entries
from vaultcheck.rules.shared.fixes import append_list_item


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
