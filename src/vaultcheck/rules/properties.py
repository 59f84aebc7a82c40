"""FM004-FM007: what the properties hold: required keys, types, dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.schema import (
    EXPECTED_NAMES,
    date_error,
    describe_type,
    expectation,
    matches_type,
    obsidian_types,
    parse_date,
)

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


def _readable(note: Note) -> bool:
    fm = note.frontmatter
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

    Notes without frontmatter are checked too. Fix safety: no automatic fix.
    """

    code = "FM004"
    name = "missing-required-key"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.frontmatter is not None and not _readable(note):
            return  # FM001/FM002 already say the properties cannot be read
        wanted = expectation(note, ctx.config, {}).required
        present = {e.key for e in note.frontmatter.entries} if note.frontmatter else set()
        span = note.frontmatter.span if note.frontmatter else None
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

    Options: `[frontmatter] types`, `[[frontmatter.schema]]`, `use-types-json` (default true).
    Fix safety: no automatic fix.
    """

    code = "FM005"
    name = "wrong-value-type"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not _readable(note) or note.frontmatter is None:
            return
        types = expectation(note, ctx.config, self.declared(ctx)).types
        for entry in note.frontmatter.entries:
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
    (default `created`, `modified`) and every key typed date or datetime.

    Example:
        created: 2025-02-30

    Fix safety: no automatic fix.
    """

    code = "FM006"
    name = "invalid-date"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not _readable(note) or note.frontmatter is None:
            return
        keys = set(ctx.option("frontmatter", "date-keys"))
        types = expectation(note, ctx.config, self.declared(ctx)).types
        keys |= {k for k, (kind, _) in types.items() if kind in ("date", "datetime")}
        for entry in note.frontmatter.entries:
            value = entry.value
            if entry.key not in keys or value is None or value == "" or parse_date(value):
                continue
            if isinstance(value, str):
                reason = date_error(value)
                message = f"Invalid date `{value}` in `{entry.key}`: {reason}"
            else:
                message = f"`{entry.key}` should be a date (YYYY-MM-DD), not {describe_type(value)}"
            yield self.report(note.path, entry.value_span, message)


@register
class ModifiedBeforeCreated(Rule):
    """What it does: reports a `modified` date earlier than the `created` date.

    Why: one of the two is wrong, usually after a copy, an import or a hand edit, and
    "recently modified" views then mislead.

    Datetimes with a time zone are compared as instants: `modified: 2025-10-05T12:00+05:00`
    (07:00 UTC) is three hours before `created: 2025-10-05T10:00Z`. A datetime without a zone,
    against one with a zone, may be in any zone from UTC-12:00 to UTC+14:00: it is reported
    only when it is before in every one of them. Two datetimes without a zone are taken to be
    in the same zone. A date means the whole day: against a datetime only the days compare.

    Example:
        created: 2025-10-05
        modified: 2025-10-02

    Fix safety: no automatic fix.
    """

    code = "FM007"
    name = "modified-before-created"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = note.frontmatter
        if fm is None or not _readable(note):
            return
        created, modified = parse_date(fm.get("created")), parse_date(fm.get("modified"))
        entry = fm.entry("modified")
        if created is None or modified is None or entry is None:
            return
        if _certainly_before(modified, created):
            yield self.report(
                note.path,
                entry.value_span,
                f"`modified` ({modified.isoformat()}) is before `created` ({created.isoformat()})",
            )


# A clock time without a zone may be anywhere from UTC-12:00 to UTC+14:00.
_EARLIEST_ZONE = datetime.timedelta(hours=14)
_LATEST_ZONE = datetime.timedelta(hours=12)


def _certainly_before(modified: datetime.date, created: datetime.date) -> bool:
    """Whether `modified` is before `created` however the values' missing parts are read."""
    if not isinstance(modified, datetime.datetime) or not isinstance(created, datetime.datetime):
        # A date is the whole day, so only a strictly earlier day is certainly before.
        return _day(modified) < _day(created)
    modified_utc, created_utc = _utc(modified), _utc(created)
    if modified_utc is not None and created_utc is not None:
        return modified_utc < created_utc
    if modified_utc is None and created_utc is None:
        # Both without a zone: taken to be the same zone, so the clock times compare.
        return modified < created
    if created_utc is not None:
        return modified + _LATEST_ZONE < created_utc
    assert modified_utc is not None
    return modified_utc < created - _EARLIEST_ZONE


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _utc(value: datetime.datetime) -> datetime.datetime | None:
    """The UTC clock time of an aware datetime (naive, to compare), or ``None`` when naive."""
    offset = value.utcoffset()
    return None if offset is None else value.replace(tzinfo=None) - offset
