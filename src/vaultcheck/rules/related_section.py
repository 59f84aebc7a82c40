"""REL005: the related-notes property against the wikilinks under its heading."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.related import entries
from vaultcheck.rules.shared.fixes import append_list_items, newline
from vaultcheck.rules.shared.related import entry_key
from vaultcheck.rules.shared.sections import Section, find_section


def _section_insert(note: Note, section: Section, names: list[str]) -> Edit:
    """``- [[name]]`` lines after the last non-blank line of ``section``."""
    nl = newline(note)
    last = section.first - 1
    for line in range(section.first, section.last + 1):
        if note.line_text(line).strip():
            last = line
    at = note.line_starts[last] if last < len(note.line_starts) else len(note.text)
    prefix = "" if note.text[:at].endswith(("\n", "\r")) else nl
    return Edit(at, at, prefix + "".join(f"- [[{name}]]{nl}" for name in names))


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
    nothing is removed, since either side may be the one that is right. A note's findings
    share two fixes, one adding every missing line, one every missing entry.
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
        first, last, wikilink = section.first, section.last, _WIKILINK  # read once
        for link, res in ctx.links.of(note):  # the test below runs for every link
            if first <= link.span.line <= last and link.kind is wikilink:
                linked.setdefault(res.target or entry_key(res, link.target), link)
        if linked.keys() == listed.keys():
            return  # the usual note: both sides name the same notes
        heading = section.heading.text
        # Whatever is missing on one side is added in one edit, a fix shared by the findings:
        # one edit a name would compete for one insertion point, a pass each.
        unlinked = [
            (k, entry)
            for k, entry in listed.items()
            if k not in linked and entry.resolution.target != note.path  # REL002's case
        ]
        # Never plant a link to a missing note, nor one its own syntax would cut.
        names = list(
            dict.fromkeys(
                e.target for _, e in unlinked if e.resolution.resolved and fits_wikilink(e.target)
            )
        )
        link_them = None
        if names:
            said = "]]`, `[[".join(names)
            edit = _section_insert(note, section, names)
            link_them = Fix((edit,), Applicability.UNSAFE, f"Link `[[{said}]]` there")
        for _, entry in unlinked:
            yield self.report(
                note.path,
                entry.span,
                f"`{entry.target}` is in `{key}` but not linked under the heading `{heading}`",
                link_them if entry.target in names else None,
            )
        unlisted = [link for k, link in linked.items() if k not in listed]
        added = append_list_items(note, fm_entry, key, [link.target for link in unlisted])
        list_them = None
        if added is not None:
            count = "it" if len(unlisted) == 1 else f"the {len(unlisted)} links"
            list_them = Fix((added,), Applicability.UNSAFE, f"Add {count} to the list")
        for link in unlisted:
            yield self.report(
                note.path,
                link.span,
                f"`[[{link.target}]]` is under the heading `{heading}` but not in `{key}`",
                list_them,
            )


#: Read once: an Enum member read from its class costs a lookup each time.
_WIKILINK = LinkKind.WIKILINK
