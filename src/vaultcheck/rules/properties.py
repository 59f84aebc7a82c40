"""FM004-FM008: what the properties hold: required keys, types, dates, deprecated keys."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import FrontmatterEntry, Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import append_list_items, remove_entry
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


_DEPRECATED = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}


@register
class DeprecatedKey(Rule):
    """What it does: reports `tag`, `alias` and `cssclass`, which Obsidian no longer reads.

    Why: since Obsidian 1.4 only the plural keys `tags`, `aliases` and `cssclasses` work; the
    singular ones are ignored, so those tags, aliases and classes silently do nothing.

    Example:
        tag: psychology     # write tags: [psychology]

    Fix safety: safe. The key is renamed in place; when the plural key exists too, the values
    it lacks are appended to it (in its own list style) and the old key's lines are removed
    (no fix when they hold a comment, which would go with them). Nothing else in the
    frontmatter changes.
    """

    code = "FM008"
    name = "deprecated-key"
    severity = Severity.WARNING
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if note.frontmatter is None:
            return
        for entry in note.frontmatter.entries:
            plural = _DEPRECATED.get(entry.key)
            if plural is not None:
                yield self.report(
                    note.path,
                    entry.key_span,
                    f"`{entry.key}` is no longer read by Obsidian; use `{plural}`",
                    _rename_fix(note, entry, plural),
                )


def _values(value: object, split: bool) -> list[str]:
    if isinstance(value, list):
        # Scalars only: str() of a nested YAML alias could be exponentially large.
        scalars = [v for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        return [str(v) for v in scalars if str(v).strip()]
    if isinstance(value, str):
        return value.replace(",", " ").split() if split else [value.strip()]
    return []


def _rename_fix(note: Note, entry: FrontmatterEntry, plural: str) -> Fix | None:
    assert note.frontmatter is not None
    existing = note.frontmatter.entry(plural)
    message = f"Rename `{entry.key}` to `{plural}`"
    if existing is None:
        edit = Edit(entry.key_span.start, entry.key_span.end, plural)
        return Fix((edit,), Applicability.SAFE, message)
    # Compared as Obsidian does (toLowerCase: `FUSSBALL` is not `Fußball`), so no value is lost.
    have = {v.lower() for v in _values(existing.value, plural == "tags")}
    wanted = [v for v in _values(entry.value, entry.key == "tag") if v.lower() not in have]
    edits = [remove_entry(note, entry)]
    if _holds_comment(note, entry, edits[0]):
        return None  # its lines go, and a comment among them would go with them
    if wanted:
        append = append_list_items(note, existing, plural, list(dict.fromkeys(wanted)))
        if append is None:
            return None
        edits.append(append)
    return Fix(tuple(edits), Applicability.SAFE, f"Merge `{entry.key}` into `{plural}`")


def _holds_comment(note: Note, entry: FrontmatterEntry, removal: Edit) -> bool:
    """Whether the text ``removal`` takes holds a YAML comment: a `#` after a space or at a
    line's start, outside the key and the values (where `"y # z"` is text)."""
    values = [item.span for item in entry.items] if entry.items else [entry.value_span]
    written = [entry.key_span, *values]
    at = removal.start
    for span in sorted(written, key=lambda s: s.start):
        if _COMMENT.search(note.text, at, max(at, span.start)):
            return True
        at = max(at, span.end)
    return _COMMENT.search(note.text, at, removal.end) is not None


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)
