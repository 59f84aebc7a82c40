"""Our findings and fixes as LSP diagnostics, code actions and text edits."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lsprotocol import types as lsp

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from vaultcheck.core.model import Note
from vaultcheck.server.positions import UTF16, position_at, span_range

#: Where each rule's documentation lives; a rule's section is its code and name, as
#: GitHub anchors the heading ``## LNK001 broken-link``.
RULES_DOCS = "https://github.com/OWNER/vaultcheck/blob/main/docs/rules.md"

SOURCE = "vaultcheck"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def rule_docs(code: str, name: str) -> str:
    """The address of a rule's documentation."""
    return f"{RULES_DOCS}#{code.lower()}-{name}"


def to_lsp(d: Diagnostic, note: Note | None, encoding: str = UTF16) -> lsp.Diagnostic:
    """An LSP diagnostic for ``d`` (placed by its note's text in the code units of
    ``encoding``; by its lines and columns when the note is not parsed)."""
    if note is not None and note.line_starts and d.span.end <= len(note.text):
        where = span_range(note, d.span, encoding)
    else:
        where = lsp.Range(
            start=lsp.Position(line=max(d.line - 1, 0), character=max(d.column - 1, 0)),
            end=lsp.Position(line=max(d.end_line - 1, 0), character=max(d.end_column - 1, 0)),
        )
    return lsp.Diagnostic(
        range=where,
        message=d.message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=rule_docs(d.code, d.name)),
        source=SOURCE,
        data={"name": d.name},
    )


def text_edits(
    d: Diagnostic,
    fix: Fix,
    notes: Mapping[str, Note],
    uri_of: Callable[[str], str],
    encoding: str = UTF16,
) -> dict[str, list[lsp.TextEdit]] | None:
    """A fix's edits as LSP text edits by document URI; ``None`` when a note it edits is
    not parsed (the edit could not be placed)."""
    changes: dict[str, list[lsp.TextEdit]] = {}
    for edit in fix.edits:
        path = edit.path or d.path
        note = notes.get(path)
        if note is None or edit.end > len(note.text):
            return None
        changes.setdefault(uri_of(path), []).append(_text_edit(note, edit, encoding))
    return changes


def _text_edit(note: Note, edit: Edit, encoding: str) -> lsp.TextEdit:
    where = lsp.Range(
        start=position_at(note, edit.start, encoding), end=position_at(note, edit.end, encoding)
    )
    return lsp.TextEdit(range=where, new_text=edit.replacement)


def quick_fix(
    d: Diagnostic, notes: Mapping[str, Note], uri_of: Callable[[str], str], encoding: str = UTF16
) -> lsp.CodeAction | None:
    """The code action carrying ``d``'s fix (``None`` without one). An unsafe fix says so
    in its title and is never the preferred action."""
    if d.fix is None:
        return None
    changes = text_edits(d, d.fix, notes, uri_of, encoding)
    if changes is None:
        return None
    safe = d.fix.applicability is Applicability.SAFE
    title = f"{d.fix.message} ({d.code})" + ("" if safe else " [unsafe: review it]")
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(d, notes.get(d.path), encoding)],
        edit=lsp.WorkspaceEdit(changes=changes),
        is_preferred=safe,
    )


def fix_all(
    found: list[Diagnostic],
    notes: Mapping[str, Note],
    uri_of: Callable[[str], str],
    encoding: str = UTF16,
) -> lsp.CodeAction | None:
    """One action applying every safe fix of ``found`` whose edits do not overlap an
    earlier one's (the rest wait for the next round, as ``--fix`` passes do)."""
    taken: dict[str, list[Edit]] = {}
    changes: dict[str, list[lsp.TextEdit]] = {}
    count = 0
    for d in found:
        if d.fix is None or d.fix.applicability is not Applicability.SAFE:
            continue
        if any(_overlaps(e, taken.get(e.path or d.path, [])) for e in d.fix.edits):
            continue
        edits = text_edits(d, d.fix, notes, uri_of, encoding)
        if edits is None:
            continue
        for e in d.fix.edits:
            taken.setdefault(e.path or d.path, []).append(e)
        for uri, more in edits.items():
            changes.setdefault(uri, []).extend(more)
        count += 1
    if not count:
        return None
    return lsp.CodeAction(
        title=f"Fix all safe problems here ({count})",
        kind=lsp.CodeActionKind.SourceFixAll,
        edit=lsp.WorkspaceEdit(changes=changes),
    )


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    # Two insertions at one place overlap too: their order would be a guess.
    return any((edit.start < t.end and t.start < edit.end) or edit.start == t.start for t in taken)
