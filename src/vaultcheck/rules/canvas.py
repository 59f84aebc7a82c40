"""CNV001: a canvas that is not JSON Canvas. Its cards' links are checked by the LNK rules."""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note, Span
from vaultcheck.parse.canvas import is_canvas, json_error
from vaultcheck.rules.base import Context, Rule, register


@register
class InvalidCanvas(Rule):
    """What it does: reports a `.canvas` file that is not valid JSON Canvas.

    Why: Obsidian cannot open the canvas, and none of its cards (file cards link to notes,
    text cards hold Markdown) can be checked. Common causes: a merge conflict, a hand edit
    that left a trailing comma, a file cut short by a sync.

    Example:
        {"nodes": [{"id": "a", "type": "text", "text": "hi",}]}   # trailing comma

    A valid canvas is checked like a note for links: a file card whose file is missing is
    LNK001 (LNK005 for an attachment), a `subpath` heading or block that does not exist is
    LNK003/LNK004, and `[[links]]` in text cards are checked as in a note's body.
    Fix safety: no automatic fix.
    """

    code = "CNV001"
    name = "invalid-canvas"
    data_files_only = True

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not is_canvas(note.path) or note.encoding_problem is not None:
            return
        problem = json_error(note.text)
        if problem is None:
            return
        line = min(problem.line, len(note.line_starts))
        start = min(note.line_starts[line - 1] + problem.column - 1, len(note.text))
        span = Span(start, start, line, problem.column, line, problem.column)
        yield self.report(note.path, span, problem.message)
