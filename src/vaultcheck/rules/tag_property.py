"""TAG004 and TAG006: the frontmatter `tags` property as written (a `#` in a tag, a tag
listed twice), with fixes that edit its YAML in place."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.model import FrontmatterEntry, Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import drop_duplicate, replace_scalar, yaml_scalar
from vaultcheck.rules.shared.fmtext import frontmatter_holds
from vaultcheck.rules.tags import tag_key


@register
class HashInFrontmatterTag(Rule):
    """What it does: reports `#` written in a frontmatter tag, in a list or in a string of
    tags (`tags: "#a, #b"`).

    Why: frontmatter tags are written without `#`. Unquoted, `- #tag` is a YAML comment and
    the tag is silently empty; quoted, `"#tag"` is not read as the tag `tag` everywhere.

    Example:
        tags:
          - #psychology

    Fix safety: safe; only the `#` is removed (quotes, if any, stay).
    """

    code = "TAG004"
    name = "hash-in-frontmatter-tag"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        # A `#` in a tag's value is written `#`, or escaped in double quotes (`\x23`).
        if not frontmatter_holds(note, "#") and not frontmatter_holds(note, "\\"):
            return
        entry = note.frontmatter.entry("tags") if note.frontmatter is not None else None
        if entry is None:
            return
        yield from self._check_string(note, entry)
        for value, span in entry.items:
            if value is None:
                line = note.line_text(span.line)
                hash_at = line.find("#", span.column - 1)
                if hash_at != -1:
                    written = line[hash_at:].split()[0]
                    start = note.line_starts[span.line - 1] + hash_at
                    edit = Edit(start, start + len(written), yaml_scalar(written.lstrip("#")))
                    yield self.report(
                        note.path,
                        span,
                        f"`{written}` is a YAML comment here, so this tag is empty; "
                        f"write `{written.lstrip('#')}`",
                        Fix((edit,), Applicability.SAFE, "Remove the `#`"),
                    )
            elif isinstance(value, str) and value.startswith("#"):
                unhashed = replace_scalar(note, span, value.lstrip("#"))
                yield self.report(
                    note.path,
                    span,
                    f"Frontmatter tag `{value}` should be written without `#`: "
                    f"`{value.lstrip('#')}`",
                    Fix((unhashed,), Applicability.SAFE, "Remove the `#`") if unhashed else None,
                )

    def _check_string(self, note: Note, entry: FrontmatterEntry) -> Iterator[Diagnostic]:
        """``tags: "#a, #b"``: one string, which Obsidian splits on commas and spaces."""
        if not isinstance(entry.value, str):
            return
        unhashed = _WORD_HASHES.sub("", entry.value)
        if unhashed == entry.value:
            return
        edit = replace_scalar(note, entry.value_span, unhashed)
        several = len(entry.value.replace(",", " ").split()) > 1
        yield self.report(
            note.path,
            entry.value_span,
            f"Frontmatter tag{'s' if several else ''} `{entry.value}` should be written "
            f"without `#`: `{unhashed}`",
            Fix((edit,), Applicability.SAFE, "Remove the `#`") if edit else None,
        )


#: The `#` signs that begin a word of a string of tags (after its start, a space or a comma).
_WORD_HASHES = re.compile(r"(?:^|(?<=[\s,]))#+")


@register
class DuplicateTag(Rule):
    """What it does: reports a tag listed twice in one note's `tags` property (ignoring case).

    Why: it adds nothing and hides how the note is really classified.

    Example:
        tags: [framework, Framework]

    Fix safety: safe; the repeated element is removed (its line in a block list, or the
    element and one comma in a flow list).
    """

    code = "TAG006"
    name = "duplicate-tag"
    needs = "tags"
    severity = Severity.WARNING
    fixable = "safe"
    fix_links = LinkEffect.REMOVE

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        first: dict[str, Span] = {}
        for tag in note.tags:
            if tag.in_frontmatter:
                seen = first.setdefault(tag_key(tag.name), tag.span)
                if seen is not tag.span:
                    fix = drop_duplicate(note, tag.span)
                    yield self.report(
                        note.path,
                        tag.span,
                        f"Duplicate tag `{tag.name}` (already on line {seen.line})",
                        fix,
                    )
