"""LNK010: links not written in the form the vault's Obsidian settings ask for."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.links import target_fix
from vaultcheck.vault.build import fold, strip_md
from vaultcheck.vault.obsidian import link_settings
from vaultcheck.vault.resolve import Status

_WIKI = (LinkKind.WIKILINK, LinkKind.EMBED, LinkKind.INLINE_FIELD)


@register
class LinkFormat(Rule):
    """What it does: reports a link not written in the form `.obsidian/app.json` asks for:
    `useMarkdownLinks` (wikilinks or Markdown links) and `newLinkFormat` (`shortest`: the
    shortest text that opens the file; `relative`: the path from the note's folder;
    `absolute`: the path from the vault's root).

    Only a vault whose `app.json` sets one of the two is checked.

    Why: Obsidian writes new links in that form; links written otherwise (pasted, imported,
    from another tool) make a vault whose links read differently and move differently when
    files are renamed. Off by default: it is a matter of taste, and only links that resolve
    are checked.

    Example:
        [[Projects/Alpha/Plan]]   # newLinkFormat "shortest": write [[Plan]]

    Fix safety: safe for the path form: the target is rewritten to the configured form,
    which opens the same file (checked by the fix verifier); none for wikilink / Markdown
    syntax.
    """

    code = "LNK010"
    name = "link-format"
    needs = "links"
    severity = Severity.INFO
    default_enabled = False
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if "link-settings" not in ctx.memo:
            ctx.memo["link-settings"] = link_settings(ctx.vault.root)
        settings = ctx.memo["link-settings"]
        if settings is None:
            return  # the vault does not say which form it wants
        markdown, form = settings
        for link, res in ctx.links.of(note):
            if link.kind not in (*_WIKI, LinkKind.MARKDOWN) or link.same_note:
                continue
            if res.status is not Status.RESOLVED or res.target is None:
                continue
            wiki = link.kind in _WIKI
            if markdown and wiki:
                yield self.report(
                    note.path,
                    link.span,
                    "Wikilink in a vault that writes Markdown links (useMarkdownLinks)",
                )
                continue
            if not markdown and not wiki and res.target in ctx.vault.notes:
                yield self.report(
                    note.path,
                    link.span,
                    "Markdown link in a vault that writes wikilinks (useMarkdownLinks is off)",
                )
                continue
            expected = _expected(note, link, res.target, form, ctx)
            if fold(strip_md(link.target)) == fold(strip_md(expected)):
                continue
            expected, fix = target_fix(note, link, expected)
            yield self.report(
                note.path,
                link.span,
                f"Link written as `{link.target}`; the vault's link format ({form}, "
                f"newLinkFormat) is `{expected}`",
                fix,
            )


def _expected(note: Note, link: Link, target: str, form: str, ctx: Context) -> str:
    """The target text the configured form gives for ``target`` from ``note``."""
    wiki = link.kind in _WIKI
    if form == "absolute":
        written = target
    elif form == "relative":
        written = posixpath.relpath(target, note.folder or ".")
    else:
        written = ctx.links.shortest_link(note.folder, target)
    return strip_md(written) if wiki else written
