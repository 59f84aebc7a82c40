"""Quick exits for frontmatter rules: whether the frontmatter's text holds a character at all.

A rule that can only fire on a value written with ``[[`` or ``#`` asks this first: one search
in C over a few hundred characters instead of a walk of the note's entries and items in Python
(every note of a vault with properties pays each such walk, nearly always for nothing).
"""

from __future__ import annotations

from vaultcheck.core.model import Note


def frontmatter_holds(note: Note, text: str) -> bool:
    """Whether the text of the note's frontmatter (from its opening ``---`` to its closing
    one) holds ``text``; ``False`` without frontmatter."""
    fm = note.frontmatter
    if fm is None:
        return False
    span = fm.span
    # A copy searched, rather than ``find`` with bounds: on CPython 3.11 a call of
    # ``str.find`` parses its arguments as a tuple, which cost more than the copy.
    return text in note.text[span.start : span.end]
