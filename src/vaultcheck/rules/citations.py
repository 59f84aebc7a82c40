"""CIT rules: sources, citation keys and reference lists."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.parse.text import make_span, note_index
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared import references
from vaultcheck.rules.shared.bibliography import load_keys
from vaultcheck.rules.tags import tag_key

_START = Span(0, 0, 1, 1, 1, 1)


@register
class MissingSource(Rule):
    """What it does: reports a note that must cite its source but has no `source`/`citation`.

    Why: literature and reference notes without a source cannot be checked or cited later.
    Active only for the notes the config names:

        [citations]
        require-for-tags = ["literature"]
        require-for-paths = ["Sources/**"]
        required-keys = ["source", "citation"]   # the default

    Example:
        A note tagged `#literature` with no `source` property.

    Fix safety: no automatic fix.
    """

    code = "CIT001"
    name = "missing-source"

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        configured = ctx.option("citations", "require-for-tags") or ctx.option(
            "citations", "require-for-paths"
        )
        return notes if configured else []  # not configured (the default): nothing to check

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        tags = {tag_key(t.lstrip("#")) for t in ctx.option("citations", "require-for-tags")}
        paths = ctx.option("citations", "require-for-paths")
        if not tags and not paths:
            return  # not configured (the default)
        note_tags = {tag_key(t.name) for t in note.tags}
        by_tag = tags & note_tags
        by_path = [p for p in paths if fnmatch.fnmatch(note.path, p)]
        if not by_tag and not by_path:
            return
        why = f"notes tagged `#{sorted(by_tag)[0]}`" if by_tag else f"notes in `{by_path[0]}`"
        fm = note.frontmatter
        for key in ctx.option("citations", "required-keys"):
            value = fm.get(key) if fm is not None else None
            if value is None or (isinstance(value, (str, list)) and not value):
                span = fm.span if fm is not None else _START
                yield self.report(note.path, span, f"Missing `{key}`: {why} must cite a source")


@register
class UnknownCitekey(Rule):
    """What it does: reports a citation key that is not in the configured bibliography.

    Why: pandoc and the Citations plugins cannot render `[@doe99]` or open `[[@doe99]]` when
    the key is misspelt or the entry was removed from Zotero. Active when
    `[citations] bibliography` names BibTeX/BibLaTeX (`.bib`) or CSL-JSON (`.json`) files
    (paths relative to the config file).

    Example:
        As argued in [@rosenberg2003; @clouds1992, p. 4].

    Fix safety: no automatic fix.
    """

    code = "CIT002"
    name = "unknown-citekey"

    def __init__(self) -> None:
        self._keys: set[str] | None = None

    def keys(self, ctx: Context) -> set[str]:
        if self._keys is None:
            base = ctx.config.path.parent if ctx.config.path else ctx.vault.root
            files = [base / Path(p) for p in ctx.option("citations", "bibliography")]
            self._keys = load_keys(files)
        return self._keys

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return notes if ctx.option("citations", "bibliography") else []

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not ctx.option("citations", "bibliography"):
            return
        known = self.keys(ctx)
        for citation in note.citations:
            if citation.key not in known:
                yield self.report(
                    note.path, citation.span, f"Unknown citation key `@{citation.key}`"
                )
        for link in note.links:
            if link.target.startswith("@") and link.target[1:] not in known:
                yield self.report(
                    note.path,
                    link.span,
                    f"Unknown citation key `{link.target}` in a literature-note link",
                )


def _references(note: Note, ctx: Context) -> tuple[references.Entry, ...]:
    """The note's reference entries, read once per run (CIT003 and CIT004 share them)."""
    cache: dict[str, tuple[references.Entry, ...]] = ctx.memo.setdefault("references", {})
    found = cache.get(note.path)
    if found is None:
        found = cache[note.path] = tuple(
            references.entries(note, ctx.option("citations", "section"))
        )
    return found


def _entry_span(note: Note, entry: references.Entry) -> Span:
    start = note.line_starts[entry.line - 1] + entry.column - 1
    end = note.line_starts[entry.line - 1] + len(note.line_text(entry.line))
    return make_span(note_index(note), start, end)


@register
class MalformedReference(Rule):
    """What it does: reports an entry of a reference list that does not read as a reference.

    Why: a reference needs authors, a year in parentheses and a title (APA style) to be found
    again; a missing or impossible year is the most common slip.

    A reference list is the first section whose heading is a reference word (`Citations`,
    `References`, `Sources`, `Bibliography`, `Works Cited`, with emoji and qualifiers such as
    `& Sources` or `Further Reading` allowed) and whose items mostly read like references
    (a name first, a year). Items that are only links (a reading list) are never checked. So
    `### Source mode`, an API's `## Reference`, `# Works` and `# 4Source` are left alone.
    Off by default. Measured for issue 15: the shared corpora (6,918 notes) hold no reference
    list (0 findings, before and after). On 18 reference-like sections of public Markdown
    notes, the old reading (any heading starting with Reference, Source, Works...) gave 44
    findings, 3 of them true; this one gives those 3 and nothing else. Too few to show 95 %
    precision, so `vaultcheck init` turns it on in vaults that keep reference lists. Years
    written in other author-date styles (`Doe, J. 2003.`) are accepted.

    Example:
        ## Citations
        - Rosenberg, M. B. Nonviolent Communication.   # no (year)

    Options: `[citations] section`, a regular expression for the heading's reference word
    (default `citations?|references?|sources?|bibliography|cited`). Fix safety: no automatic
    fix.
    """

    code = "CIT003"
    name = "malformed-reference"
    needs = "headings"
    severity = Severity.WARNING
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for entry in _references(note, ctx):
            problem = references.problem(entry)
            if problem is not None:
                yield self.report(
                    note.path, _entry_span(note, entry), f"Malformed reference: {problem}"
                )


@register
class DuplicateReference(Rule):
    """What it does: reports the same reference listed twice in a reference list.

    Why: duplicates usually mean two edits of one list were merged; the copies drift apart.
    References match ignoring case, punctuation and spacing; reference lists are found as
    for CIT003, and links-only items are not compared. Off by default, like CIT003.

    Example:
        - Rosenberg, M. B. (2003). Nonviolent Communication.
        - Rosenberg, M.B. (2003). Nonviolent communication

    Fix safety: no automatic fix.
    """

    code = "CIT004"
    name = "duplicate-reference"
    needs = "headings"
    severity = Severity.WARNING
    default_enabled = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        seen: dict[str, int] = {}
        for entry in _references(note, ctx):
            key = references.normalized(entry.text)
            if key in seen:
                yield self.report(
                    note.path,
                    _entry_span(note, entry),
                    f"Duplicate reference (same as line {seen[key]})",
                )
            else:
                seen[key] = entry.line
