"""REL004: a related-notes entry that the other note does not list in return."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.related import entries
from vaultcheck.rules.shared.fixes import append_list_items
from vaultcheck.rules.shared.related import RelatedEntry


@register
class RelatedNotReciprocated(Rule):
    """What it does: reports `A` listing `B` as related while `B` does not list `A`.

    Why: in vaults that treat "related" as symmetric, a one-sided entry is a half-made
    connection. Off by default: many vaults use `related` one way on purpose.

    Example:
        A.md: related: [B]      B.md: related: []

    Fix safety: unsafe (applied with `--unsafe-fixes`): it edits the *other* note, adding
    this note's name to its list in that list's own style. The findings about one note share
    one fix adding every missing name at once (`--fix` applies it once).
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
        missing: list[tuple[str, RelatedEntry, str]] = []  # (this note, its entry, other note)
        for path, found in listed.items():
            for entry in found:
                other = entry.resolution.target
                if other is None or other == path or other not in targets:
                    continue
                if path not in targets[other]:
                    missing.append((path, entry, other))
        wanted: dict[str, list[str]] = {}
        for path, _, other in missing:
            wanted.setdefault(other, []).append(path)
        fixes = {other: _reciprocal_fix(ctx, paths, other, key) for other, paths in wanted.items()}
        for path, entry, other in missing:
            shared = fixes[other]
            yield self.report(
                path,
                entry.span,
                f"`{other}` does not list this note in its `{key}` in return",
                shared[0] if shared is not None and path in shared[1] else None,
            )


def _reciprocal_fix(
    ctx: Context, paths: list[str], other: str, key: str
) -> tuple[Fix, set[str]] | None:
    """One fix adding every note of ``paths`` to ``other``'s list, shared by their findings
    (one edit: separate ones would compete for the list's end, a pass each), and the notes
    it adds."""
    target = ctx.vault.notes[other]
    if target.frontmatter is None or target.encoding_problem is not None:
        return None
    names: dict[str, str] = {}
    for path in dict.fromkeys(paths):
        # The name that leads back from the other note's folder, and that a link can hold
        # (`C# Notes` would read back as `C`, and the fix would come back on every pass).
        name = ctx.links.shortest_link(target.folder, path)
        if fits_wikilink(name):
            names.setdefault(name, path)
    edit = append_list_items(target, target.frontmatter.entry(key), key, list(names))
    if edit is None:
        return None
    moved = Edit(edit.start, edit.end, edit.replacement, path=other)
    said = "`, `".join(names)
    return Fix((moved,), Applicability.UNSAFE, f"Add `{said}` to `{other}`"), set(names.values())
