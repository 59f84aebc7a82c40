"""Running rules over notes, and settling what they found: per-file ignores, inline
suppressions, severity overrides."""

from __future__ import annotations

import contextlib
import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace

from vaultcheck.core import progress
from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic, Severity, without_noop_edits
from vaultcheck.core.errors import VaultcheckError
from vaultcheck.core.model import Note
from vaultcheck.parse.bases import is_base
from vaultcheck.parse.canvas import is_canvas
from vaultcheck.parse.placeholders import placeholder_spans
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.meta import UnusedSuppression, suppressions
from vaultcheck.rules.shared.suppress import apply_suppressions
from vaultcheck.rules.shared.templates import is_template, template_folders
from vaultcheck.vault.build import NotLoaded
from vaultcheck.vault.names import nfc


def run_note_rules(
    ctx: Context,
    rules: Iterable[Rule],
    notes: list[Note],
    deferred: list[tuple[str, str]] | None = None,
    counted: bool = False,
) -> list[Diagnostic]:
    """Every per-note diagnostic of ``rules`` over ``notes``; a rule that crashes is reported,
    not fatal. Given ``deferred``, a check that needs a note this process lacks, or that
    meets bad configuration, is dropped and listed there as (rule code, path), for a fuller
    run (``firstlook.py``); otherwise either ends the run. ``counted``: the notes count as
    checked for the progress display, in step with the rules run."""
    found: list[Diagnostic] = []
    append = found.append
    per_note = [rule for rule in rules if type(rule).check_note is not Rule.check_note]
    # A canvas or base has no properties, tags or citations: most rules skip them.
    # (a note's path ends in ``.md`` nearly always: tested first, it spares two ``lower``;
    # by a slice: ``endswith`` parses its arguments as a tuple on every call)
    data_files = {p for note in notes if (p := note.path)[-3:] != ".md" and _data_file(p)}
    plain = [note for note in notes if note.path not in data_files] if data_files else notes
    having: dict[tuple[str, bool], list[Note]] = {}  # (field, data files too) -> those notes
    for number, rule in enumerate(per_note, 1):
        if counted:  # rule by rule, as the notes are checked one rule at a time
            step = len(notes) * number // len(per_note) - len(notes) * (number - 1) // len(per_note)
            progress.advance("checked", step)
        check = rule.check_note
        data_too = rule.code.startswith(DATA_FILE_FAMILIES)
        checked = notes if data_too else plain
        if rule.needs is not None:
            checked = notes_having(rule.needs, checked, having, data_too)
        if rule.data_files_only:
            checked = [note for note in checked if note.path in data_files] if data_files else []
        if type(rule).worth_checking is not Rule.worth_checking:
            # Should it fail, every note is checked, and fails or is deferred as before.
            with contextlib.suppress(Exception):
                checked = rule.worth_checking(checked, ctx)
        for note in checked:
            ctx.checking = note.path  # so that reads of other notes are recorded
            got = 0  # counted as found, not by ``len(found)`` before and after: most find none
            try:
                # A loop, not ``found.extend``: most checks find nothing, and extending by a
                # generator asks it for a length first (a failed lookup, every time).
                for d in check(note, ctx):
                    append(d if d.fix is None else _real_fix(d, note.path, note.text))
                    got += 1
            except (VaultcheckError, NotLoaded):
                # Bad configuration ends the run (exit 2); NotLoaded, an incremental run.
                if deferred is None:
                    raise
                if got:
                    del found[-got:]
                deferred.append((rule.code, note.path))
            except Exception as err:  # a bug in one rule must not hide the others' results
                append(rule.crashed(note.path, err))
    ctx.checking = None
    # Fixes write note syntax; inside a canvas's JSON or a base's expressions it would not fit.
    paths = {note.path for note in notes}
    # Nor is a note that is not UTF-8 ever written (TXT002): a fix there would be marked
    # `[*]` and counted as fixable, and --fix would leave it.
    undecodable = {note.path for note in notes if note.encoding_problem is not None}
    return [
        replace(d, fix=None)
        if d.fix
        and (
            (d.path in data_files if d.path in paths else _data_file(d.path))
            or (undecodable and any((e.path or d.path) in undecodable for e in d.fix.edits))
        )
        else d
        for d in found
    ]


def _real_fix(d: Diagnostic, path: str, text: str) -> Diagnostic:
    """``without_noop_edits``, at the cost of one comparison per edit when each of them
    changes something (nearly always: it then builds nothing)."""
    if d.fix is None:  # none, or none left after the edits of another note went
        return d
    for e in d.fix.edits:
        if text[e.start : e.end] == e.replacement and (e.path or d.path) == path:
            return without_noop_edits(d, path, text)
    return d


def notes_having(
    field: str, notes: list[Note], having: dict[tuple[str, bool], list[Note]], data_too: bool
) -> list[Note]:
    """Those of ``notes`` whose ``field`` is neither ``None`` nor empty, in order (kept in
    ``having``, by field, for the next rule that needs the same)."""
    found = having.get((field, data_too))
    if found is None:
        found = having[field, data_too] = [
            note for note in notes if getattr(note, field) not in (None, ())
        ]
    return found


#: The rule families that check a canvas or a base: its links, its text, the file itself.
DATA_FILE_FAMILIES = ("LNK", "CNV", "BASE", "TXT")


def _data_file(path: str) -> bool:
    return is_canvas(path) or is_base(path)


def run_vault_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every vault-wide diagnostic of ``rules``."""
    found: list[Diagnostic] = []
    for rule in rules:
        try:
            found.extend(_real_fixes(rule.check_vault(ctx), ctx))
        except VaultcheckError:
            raise
        except Exception as err:
            found.append(rule.crashed(".", err))
    return found


def _real_fixes(found: Iterable[Diagnostic], ctx: Context) -> Iterator[Diagnostic]:
    """Vault-wide findings without the edits that change nothing (see ``without_noop_edits``)."""
    for d in found:
        if d.fix is not None:
            for path in {e.path or d.path for e in d.fix.edits}:
                try:
                    note = ctx.vault.notes[path]
                except (KeyError, NotLoaded):
                    continue  # not at hand: the fixer skips a fix that changes nothing too
                if note.encoding_problem is not None:  # never written (run_note_rules)
                    d = replace(d, fix=None)
                    break
                d = _real_fix(d, path, note.text)
        yield d


def by_path(found: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Diagnostics grouped by the file they are about."""
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        grouped[d.path].append(d)
    return dict(grouped)


def settle(
    ctx: Context, found: dict[str, list[Diagnostic]], rules: list[Rule], notes: Iterable[Note]
) -> dict[str, list[Diagnostic]]:
    """What is left of ``found`` (by path) to report: per-file ignores, findings on a
    template's placeholders, then the inline suppressions of ``notes`` (and their unused
    ones, VC001), then severity overrides."""
    config = ctx.config
    if config.per_file_ignores:
        kept = {
            path: [d for d in diagnostics if not _per_file_ignored(d, config)]
            for path, diagnostics in found.items()
        }
    else:  # the usual case: a copy, without a call per finding (94,000 with --select ALL)
        kept = {path: list(diagnostics) for path, diagnostics in found.items()}
    ran = {rule.code for rule in rules}
    unused_rule = next((r for r in rules if isinstance(r, UnusedSuppression)), None)
    templates = bool(template_folders(ctx))  # most vaults have none: no test per note
    for note in notes:
        if templates and note.path in kept and is_template(note.path, ctx):
            kept[note.path] = _off_placeholders(kept[note.path], note)
        if not note.comments:
            continue
        directives = suppressions(note, ctx)
        left = apply_suppressions(kept.get(note.path, []), directives)
        if unused_rule is not None:
            left.extend(unused_rule.unused(note, directives, ran))
        kept[note.path] = left
    if config.severity:
        overrides = config.severity
        kept = {
            path: [
                replace(d, severity=Severity(overrides[d.code])) if d.code in overrides else d
                for d in diagnostics
            ]
            for path, diagnostics in kept.items()
        }
    return {path: diagnostics for path, diagnostics in kept.items() if diagnostics}


def _off_placeholders(found: list[Diagnostic], note: Note) -> list[Diagnostic]:
    """``found`` without what a template's placeholders cause: a finding on one line whose
    span overlaps ``{{date}}`` or ``<% ... %>`` (a link ``[[{{yesterday}}]]``, a date
    ``created: "{{date}}"``). A finding that spans lines (a missing key, on the whole
    frontmatter) or sits elsewhere is the template's own."""
    spans = placeholder_spans(note.text)
    if not spans:
        return found
    return [
        d
        for d in found
        if d.span.line != d.span.end_line
        or not any(start < d.span.end and d.span.start < end for start, end in spans)
    ]


def _per_file_ignored(d: Diagnostic, config: Config) -> bool:
    return any(
        fnmatch.fnmatch(nfc(d.path), nfc(pattern))
        and any(c.upper() == "ALL" or d.code.startswith(c) for c in codes)
        for pattern, codes in config.per_file_ignores.items()
    )
