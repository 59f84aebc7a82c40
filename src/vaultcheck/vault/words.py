"""Where a word begins and ends in text of any script, for finding names as whole words.

A regex word (``\\w``) stops at combining marks (Devanagari vowel signs, Tamil pulli, a
decomposed accent) and at the zero-width joiners of Persian, which are all inside a word: a
match next to one is part of a longer word (``किताब`` in ``किताबें``, ``cafe`` in a decomposed
``café``). Used by :mod:`vaultcheck.vault.mentions`.
"""

from __future__ import annotations

import re
import unicodedata

#: A run of word characters, as names and text are split into words.
WORD = re.compile(r"\w+")
#: Zero-width non-joiner and joiner: inside a word.
JOINERS = ("\u200c", "\u200d")


def is_mark(char: str) -> bool:
    """Whether ``char`` is a combining mark (Unicode category M*)."""
    return unicodedata.category(char).startswith("M")


def continues(text: str, at: int) -> bool:
    """Whether the character at ``at`` (may be out of range) joins the word beside it."""
    return 0 <= at < len(text) and (is_mark(text[at]) or text[at] in JOINERS)


def word_end(text: str, end: int) -> int | None:
    """The end of the word whose letters end at ``end``, past its combining marks, or
    ``None`` when the word goes on after them (the letters are only part of a word)."""
    while end < len(text) and is_mark(text[end]):
        end += 1
    if end < len(text) and (text[end] in JOINERS or WORD.match(text, end)):
        return None
    return end


def whole_name(name: str) -> bool:
    """Whether ``name`` begins with a letter or digit and ends with one or a mark."""
    return WORD.match(name[0]) is not None and (
        WORD.match(name[-1]) is not None or is_mark(name[-1])
    )
