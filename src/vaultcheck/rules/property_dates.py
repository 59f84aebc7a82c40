"""FM007: a `modified` date earlier than the `created` date, however the values' missing
parts (time, zone) are read."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Note
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.schema import parse_date
from vaultcheck.rules.shared.templates import applied_frontmatter


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
    needs = "frontmatter"
    severity = Severity.WARNING

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = applied_frontmatter(note, ctx)  # a template's: as once applied
        if fm is None or fm.error is not None or not fm.is_mapping or fm.unclosed:
            return
        # The entry's value is ``fm.get("modified")``: one walk of the entries, not two.
        entry = fm.entry("modified")
        if entry is None:
            return
        modified = parse_date(entry.value)
        if modified is None:
            return
        created = parse_date(fm.get("created"))
        if created is None:
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
