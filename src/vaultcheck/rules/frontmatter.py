"""FM rules: the frontmatter block must be YAML that Obsidian can read as properties."""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Note
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.schema import describe_type
from vaultcheck.rules.shared.templates import applied_frontmatter, is_template


@register
class InvalidYaml(Rule):
    """What it does: reports frontmatter that is not valid YAML, or never closed.

    Why: Obsidian silently drops every property of such a note: its tags, aliases and
    property links disappear from search and the graph.

    Example:
        ---
        created: {{date}}
        ---

    The position is where the YAML parser gave up, mapped to the file's line and column.
    In a template (checked with `check-templates = true`) the placeholders (`{{date}}`,
    `<% tp.date.now() %>`) are read as the plain words they become, so only YAML that is
    still invalid then is reported.
    Fix safety: no automatic fix; only the author knows what was meant.
    """

    code = "FM001"
    name = "invalid-yaml"
    needs = "frontmatter"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = note.frontmatter
        if fm is None:
            return
        if fm.unclosed:
            yield self.report(
                note.path,
                fm.span,
                "Frontmatter is never closed: no `---` line ends the block opened on line 1, "
                "so Obsidian reads no properties",
            )
        elif fm.error is not None:
            template = is_template(note.path, ctx)
            applied = applied_frontmatter(note, ctx) if template else fm
            error = applied.error if applied is not None else None
            if error is None:
                return
            message = f"Invalid YAML: {error.message}"
            if not template and "{{" in note.line_text(error.span.line):
                message += "; template placeholders such as `{{date}}` must be quoted"
            yield self.report(note.path, error.span, message)


@register
class FrontmatterNotMapping(Rule):
    """What it does: reports frontmatter that is valid YAML but not a mapping of keys to values.

    Why: properties are key/value pairs; a bare list or string gives Obsidian no properties.

    Example:
        ---
        - just
        - a list
        ---

    Fix safety: no automatic fix.
    """

    code = "FM002"
    name = "frontmatter-not-mapping"
    needs = "frontmatter"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = note.frontmatter
        if fm is None or fm.is_mapping or fm.error is not None:
            return
        yield self.report(
            note.path,
            fm.yaml_span,
            f"Frontmatter is {describe_type(fm.non_mapping)}, not a mapping of property names "
            "to values",
        )


@register
class DuplicateKey(Rule):
    """What it does: reports a property defined twice in the same frontmatter.

    Why: only one of the values survives, and which one depends on the reader; Obsidian's
    properties view and other tools disagree, so data is silently lost.

    Example:
        ---
        title: Draft
        title: Final
        ---

    Fix safety: no automatic fix; merging values needs a decision.
    """

    code = "FM003"
    name = "duplicate-key"
    needs = "frontmatter"
    severity = Severity.ERROR

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.frontmatter is None:
            return
        entries = note.frontmatter.entries
        if len(set(map(_KEY, entries))) == len(entries):
            return  # each key once (the usual case), seen in C
        first_line: dict[str, int] = {}
        for entry in note.frontmatter.entries:
            if entry.key in first_line:
                yield self.report(
                    note.path,
                    entry.key_span,
                    f"Duplicate property `{entry.key}` (first defined on line "
                    f"{first_line[entry.key]}); only one of the values is kept",
                )
            else:
                first_line[entry.key] = entry.key_span.line


_KEY = attrgetter("key")
