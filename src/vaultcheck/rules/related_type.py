"""REL006: the related-notes property must hold note names."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, LinkEffect
from vaultcheck.core.model import Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.property_syntax import nested_link, quote_link, unquoted_links
from vaultcheck.rules.shared.schema import describe_type


@register
class RelatedWrongType(Rule):
    """What it does: reports a related property that is not note names (a list, or one name).

    Why: tools and queries read `related` as a list of text. A common slip is writing
    `- [[Note]]` unquoted, which YAML reads as a nested list, not a link.

    Example:
        related:
          - [[Boundary Models]]   # write "[[Boundary Models]]"

    Fix safety: safe for an unquoted `[[link]]`, which is quoted in place (as FM009 does);
    no automatic fix otherwise.
    """

    code = "REL006"
    name = "related-wrong-type"
    needs = "frontmatter"
    fixable = "safe"
    fix_links = LinkEffect.ADD

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        key = ctx.option("related", "key")
        entry = note.frontmatter.entry(key) if note.frontmatter is not None else None
        if entry is None or entry.value is None or isinstance(entry.value, str):
            return  # a single name (or "[[link]]") is one entry
        if not isinstance(entry.value, list):
            kind = describe_type(entry.value)
            yield self.report(
                note.path, entry.value_span, f"`{key}` should be a list of note names, not {kind}"
            )
            return
        names_only = all(isinstance(item.value, str) for item in entry.items)
        if names_only and not nested_link(entry.value):
            return  # the usual list: nothing unquoted, nothing of another type
        links = list(unquoted_links(note, entry))
        if links == [entry.value_span]:  # `related: [[Name]]`, the whole value
            items: list[tuple[object, Span]] = [(entry.value[0], entry.value_span)]
        else:
            items = [(item.value, item.span) for item in entry.items]
        for value, span in items:
            if isinstance(value, list):
                yield self.report(
                    note.path,
                    span,
                    f'`{key}` entry is a nested YAML list: quote wikilinks, as in "[[Name]]"',
                    quote_link(note, span) if span in links else None,
                )
            elif value is not None and not isinstance(value, str):
                kind = describe_type(value)
                yield self.report(
                    note.path, span, f"`{key}` entry should be a note name, not {kind}"
                )
