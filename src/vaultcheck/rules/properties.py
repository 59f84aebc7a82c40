"""FM004-FM006: what the properties hold: required keys, types, dates (FM007, the order of
two dates, is in `property_dates.py`; FM008, deprecated keys, in `deprecated_keys.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeGuard

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Frontmatter, Note, Span
from vaultcheck.parse.fieldvalues import InlineValue
from vaultcheck.parse.text import make_span, note_index
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared import inlineschema
from vaultcheck.rules.shared.schema import (
    EXPECTED_NAMES,
    Expectation,
    date_error,
    describe_type,
    expectation,
    matches_type,
    obsidian_types,
    parse_date,
)
from vaultcheck.rules.shared.templates import applied_frontmatter

_START = Span(0, 0, 1, 1, 1, 1)


class _SchemaRule(Rule):
    """Shared: the vault's declared types, read once per run."""

    def __init__(self) -> None:
        self._declared: dict[str, str] | None = None

    def declared(self, ctx: Context) -> dict[str, str]:
        if self._declared is None:
            use = ctx.option("frontmatter", "use-types-json")
            self._declared = obsidian_types(ctx.vault.root) if use else {}
        return self._declared


def _expectation(note: Note, ctx: Context, declared: dict[str, str]) -> Expectation:
    """The note's :func:`expectation`. Without schema entries (which pick notes by path or
    tag) it is the same for every note: made once per run, for FM004, FM005 and FM006."""
    if ctx.config.options.get("frontmatter", {}).get("schema"):
        return expectation(note, ctx.config, declared)
    found: Expectation | None = ctx.memo.get("expectation")
    if found is None:
        found = ctx.memo["expectation"] = expectation(note, ctx.config, declared)
    return found


def _same_expectation(
    notes: list[Note], ctx: Context, declared: dict[str, str]
) -> Expectation | None:
    """The :func:`_expectation` of every one of ``notes`` when it is the same for all of
    them (no schema entries), else ``None``."""
    if not notes or ctx.config.options.get("frontmatter", {}).get("schema"):
        return None
    return _expectation(notes[0], ctx, declared)


def _date_keys(expected: Expectation, ctx: Context) -> set[str]:
    """The keys FM006 reads as dates: the configured ones and those typed as dates. The
    same for every note but with schema entries: then the expectation differs by note."""
    memo: dict[int, tuple[Expectation, set[str]]] | None = ctx.memo.get("date-keys")
    if memo is None:
        memo = ctx.memo["date-keys"] = {}
    known = memo.get(id(expected))
    if known is not None and known[0] is expected:
        return known[1]
    keys = set(ctx.option("frontmatter", "date-keys"))
    keys |= {k for k, (kind, _) in expected.types.items() if kind in ("date", "datetime")}
    memo.clear()  # only the last: with a schema, each note may have its own
    memo[id(expected)] = (expected, keys)
    return keys


def _field_span(note: Note, field: InlineValue) -> Span:
    return make_span(note_index(note), field.start, field.end)


def _readable(fm: Frontmatter | None) -> TypeGuard[Frontmatter]:
    return fm is not None and fm.error is None and fm.is_mapping and not fm.unclosed


@register
class MissingRequiredKey(_SchemaRule):
    """What it does: reports a note without a property the config requires.

    Why: queries, Dataview tables and templates assume every note (or every note of a kind)
    has its `created`, `source` or `status`; a missing one silently drops the note from them.

    Example:
        [frontmatter]
        required = ["title", "created"]
        [[frontmatter.schema]]
        tags = ["book"]
        required = ["author"]

    Notes without frontmatter are checked too. With `inline-fields = true` a Dataview
    inline field gives the key as well (`status:: draft`, `[status:: draft]`; also written
    `Status` or, for `last-reviewed`, `Last Reviewed`, as Dataview reads keys).
    Fix safety: no automatic fix.
    """

    code = "FM004"
    name = "missing-required-key"

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        same = _same_expectation(notes, ctx, self.declared(ctx))
        return [] if same is not None and not same.required else notes

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        wanted = _expectation(note, ctx, self.declared(ctx)).required
        if not wanted:
            return  # nothing required (the usual configuration): nothing to read
        fm = applied_frontmatter(note, ctx)
        if fm is not None and not _readable(fm):
            return  # FM001/FM002 already say the properties cannot be read
        present = {e.key for e in fm.entries} if fm else set()
        if wanted and inlineschema.enabled(ctx):  # a Dataview field gives the key too
            present |= inlineschema.present_keys(inlineschema.note_fields(note, ctx))
        span = fm.span if fm else None
        for key in wanted:
            if key not in present:
                yield self.report(
                    note.path,
                    span or _START,
                    f"Missing required property `{key}`",
                )


@register
class WrongValueType(_SchemaRule):
    """What it does: reports a property whose value does not fit its declared type.

    Why: Obsidian shows a type-mismatch warning and sorts, filters and edits such values
    wrongly. Types come from `.obsidian/types.json` (text, multitext, number, checkbox, date,
    datetime, aliases, tags) and from the config (string, number, boolean, date, datetime,
    list, link, links). Empty values are not checked.

    Example:
        rating: "seven"     # types.json says number

    Options: `[frontmatter] types`, `[[frontmatter.schema]]`, `use-types-json` (default true),
    `inline-fields` (default false): Dataview inline fields (`rating:: 9`, `[rating:: 9]`,
    `(rating:: 9)`) are checked too, their values typed as Dataview types them: a number,
    `true`/`false`, a date, a duration, a `[[link]]`, a quoted string, a list of these
    separated by commas (`[[A]], [[B]]`), or else text (`yes`, `[[A]] and [[B]]`).
    Fix safety: no automatic fix.
    """

    code = "FM005"
    name = "wrong-value-type"

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        same = _same_expectation(notes, ctx, self.declared(ctx))
        return [] if same is not None and not same.types else notes

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        types = _expectation(note, ctx, self.declared(ctx)).types
        if not types:
            return  # no declared types: nothing to compare with
        if inlineschema.enabled(ctx):
            fields = inlineschema.note_fields(note, ctx)
            for field, message in inlineschema.type_problems(fields, types):
                yield self.report(note.path, _field_span(note, field), message)
        fm = applied_frontmatter(note, ctx)
        if not _readable(fm):
            return
        for entry in fm.entries:
            if entry.key not in types or entry.value is None or entry.value == "":
                continue
            kind, source = types[entry.key]
            if kind in ("date", "datetime"):
                continue  # FM006 explains date problems precisely
            if not matches_type(entry.value, kind):
                yield self.report(
                    note.path,
                    entry.value_span,
                    f"`{entry.key}` should be {EXPECTED_NAMES[kind]} (per {source}), "
                    f"not {describe_type(entry.value)}",
                )


@register
class InvalidDate(_SchemaRule):
    """What it does: reports a date property that is not a valid date.

    Why: Obsidian cannot show or sort an impossible date such as `2025-13-45` or
    `10/02/2025`, and date queries skip the note. Checked keys: `[frontmatter] date-keys`
    (default `created`, `modified`) and every key typed date or datetime; with
    `inline-fields = true` their Dataview inline fields too, which must be a date as
    Dataview reads one (`2025-02-01`, `2025-02`, `2025-02-01T10:30:00`; `2025-02-01 10:30`
    is text to Dataview).

    Example:
        created: 2025-02-30

    Fix safety: no automatic fix.
    """

    code = "FM006"
    name = "invalid-date"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        keys = _date_keys(_expectation(note, ctx, self.declared(ctx)), ctx)
        if keys and inlineschema.enabled(ctx):
            fields = inlineschema.note_fields(note, ctx)
            for field, message in inlineschema.date_problems(fields, keys):
                yield self.report(note.path, _field_span(note, field), message)
        fm = applied_frontmatter(note, ctx)
        if not _readable(fm):
            return
        for entry in [e for e in fm.entries if e.key in keys]:  # most keys are not dates
            value = entry.value
            if value is None or value == "" or parse_date(value):
                continue
            if isinstance(value, str):
                reason = date_error(value)
                message = f"Invalid date `{value}` in `{entry.key}`: {reason}"
            else:
                message = f"`{entry.key}` should be a date (YYYY-MM-DD), not {describe_type(value)}"
            yield self.report(note.path, entry.value_span, message)
