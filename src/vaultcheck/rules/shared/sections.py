"""Sections of a note: the lines under a heading, up to the next heading of its level or higher."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from vaultcheck.core.model import Heading, Note


class Section(NamedTuple):
    """A heading and the 1-based lines of its body (``first`` to ``last``, inclusive).

    A named tuple, made in C: REL005 finds one in every note that has the section."""

    heading: Heading
    first: int
    last: int

    def contains(self, line: int) -> bool:
        return self.first <= line <= self.last


#: A whole word (a run of letters) with at least one Latin letter in it.
_LATIN_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]*[A-Za-z][^\W\d_]*")


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # headings repeat across notes ("Overview", "Related")
def first_word(text: str) -> str:
    """The heading's first word that has a Latin letter (emoji, even garbled ones, skipped).

    ``📚 Citations & Sources`` -> ``Citations``. Without any Latin word (``参考文献``), the
    whole text.
    """
    # The search starts at the first letter of a word or fails for the whole word, so a
    # match is always a complete word.
    match = _LATIN_WORD.search(text)
    return match.group() if match else text.strip()


def find_section(note: Note, pattern: str) -> Section | None:
    """The first section whose heading's first word matches ``pattern`` (case-insensitive).

    So ``Related`` finds ``## 🔗 Related Frameworks`` but not ``## Unrelated`` or
    ``## Forms and Sources of Power``.
    """
    named = _NAMED.get(pattern)
    if named is None or len(named) > _NAMED_MAX:  # bounded: headings may all differ
        named = _NAMED[pattern] = {}
    for i, heading in enumerate(note.headings):
        text = heading.text
        hit = named.get(text)
        if hit is None:
            hit = named[text] = _names_section(pattern, text)
        if hit:
            return section_at(note, i)
    return None


#: Pattern -> heading text -> whether it names the section: a dictionary read per heading
#: (an ``lru_cache`` of two arguments costs three times that; REL005 asks for every note).
_NAMED: dict[str, dict[str, bool]] = {}
_NAMED_MAX = 1 << 14


def _names_section(pattern: str, heading: str) -> bool:
    """Whether the first word of the heading text ``heading`` matches ``pattern``."""
    return _compiled(pattern).match(first_word(heading)) is not None


def section_at(note: Note, index: int) -> Section:
    """The section of the note's ``index``-th heading."""
    heading = note.headings[index]
    last = len(note.line_starts)
    for later in note.headings[index + 1 :]:
        if later.level <= heading.level:
            last = later.span.line - 1
            break
    # Built as the parser builds its tuples (``tuple.__new__``, no Python ``__new__``).
    return _new(Section, (heading, heading.span.end_line + 1, last))


_new = tuple.__new__
