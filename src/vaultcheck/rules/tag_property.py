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
from vaultcheck.rules.tags import tag_key, tag_problem


@register
class HashInFrontmatterTag(Rule):
    """What it does: reports `#` written in a frontmatter tag, in a list or in a string of
    tags (`tags: "#a, #b"`).

    Why: frontmatter tags are written without `#`. Unquoted, `- #tag` is a YAML comment and
    the tag is silently empty; quoted, `"#tag"` is not read as the tag `tag` everywhere.

    Example:
        tags:
          - #psychology

    Fix safety: safe; only the `#` is removed (quotes, if any, stay). No fix when the tag
    would still be invalid without it (`#1984`: a tag needs a non-digit; a lone `#` would
    leave an empty tag, or none: TAG001's to judge).
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
                    bare = written.lstrip("#")
                    problem = _invalid(bare)
                    start = note.line_starts[span.line - 1] + hash_at
                    edit = Edit(start, start + len(written), yaml_scalar(bare))
                    yield self.report(
                        note.path,
                        span,
                        f"`{written}` is a YAML comment here, so this tag is empty"
                        + (f"; write `{bare}`" if problem is None else f", and {problem}"),
                        None if problem else Fix((edit,), Applicability.SAFE, "Remove the `#`"),
                    )
            elif isinstance(value, str) and value.startswith("#"):
                bare = value.lstrip("#")
                problem = _invalid(bare)
                unhashed = replace_scalar(note, span, bare) if problem is None else None
                yield self.report(
                    note.path,
                    span,
                    f"Frontmatter tag `{_shown(value)}` should be written without `#`"
                    + (f": `{_shown(bare)}`" if problem is None else f", but {problem}"),
                    Fix((unhashed,), Applicability.SAFE, "Remove the `#`") if unhashed else None,
                )

    def _check_string(self, note: Note, entry: FrontmatterEntry) -> Iterator[Diagnostic]:
        """``tags: "#a, #b"``: one string, which Obsidian splits on commas and spaces."""
        if not isinstance(entry.value, str):
            return
        unhashed = _WORD_HASHES.sub("", entry.value)
        if unhashed == entry.value:
            return
        # Each word as it would read (a lone `#` would become an empty tag: no fix then,
        # as for a list element `"#"`; the empty tag stays TAG001's to report).
        words = [word.lstrip("#") for word in entry.value.replace(",", " ").split()]
        problem = next(filter(None, map(_invalid, words)), None)
        edit = replace_scalar(note, entry.value_span, unhashed) if problem is None else None
        yield self.report(
            note.path,
            entry.value_span,
            f"Frontmatter tag{'s' if len(words) > 1 else ''} `{_shown(entry.value)}` should be "
            "written without `#`"
            + (f": `{_shown(unhashed)}`" if problem is None else f", but {problem}"),
            Fix((edit,), Applicability.SAFE, "Remove the `#`") if edit else None,
        )


#: The `#` signs that begin a word of a string of tags (after its start, a space or a comma).
_WORD_HASHES = re.compile(r"(?:^|(?<=[\s,]))#+")


def _invalid(tag: str) -> str | None:
    """Why ``tag``, once without its `#`, would still not be a tag (a message tail, so the
    report offers no fix that TAG001 would report again), or ``None`` when it would be one."""
    problem = tag_problem(tag)
    return None if problem is None else f"`{_shown(tag)}` would not be a valid tag: {problem}"


def _shown(value: str) -> str:
    """A tag value as the note shows it, on one line: the lines of a block scalar
    (``tags: >`` or ``|``), which YAML ends with a line break, joined by spaces."""
    return " ".join(value.split()) if "\n" in value else value


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
