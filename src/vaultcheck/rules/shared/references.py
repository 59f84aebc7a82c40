"""Reference lists: the items under a citations heading, read as APA-style references.

A section is a reference list only when both its heading and its items say so: the heading
is made of a reference word (``Citations``, ``Sources``, ``Works Cited``, ...) and a few
qualifiers, and at least half of its items that are not just links read like references
(they start with a name and hold a year). So ``### Source mode``, an API's ``## Reference``
of functions, ``# Works`` listing paintings and ``# 4Source`` with a GitHub link are not.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from vaultcheck.core.model import Note
from vaultcheck.rules.shared.sections import Section, section_at

_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_LINK_START = re.compile(r"^(?:!?\[\[|\[|<?https?://)")
_LINKS = re.compile(r"!?\[\[[^\]]*\]\]|!?\[[^\]]*\]\([^)]*\)|<?https?://\S+")
_REFERENCE = re.compile(r"^(?P<authors>[^()]*?)\s*\((?P<year>[^()]*)\)\s*\.?\s*(?P<title>.*)$")
#: What APA puts in the parentheses: a year (``2003a``, ``2020, March 3``, a reprint's
#: ``1890/1950``) or its stand-ins.
_YEAR = re.compile(
    r"^(?:\d{4}[a-z]?/)?(?P<year>\d{4})[a-z]?(?:,.*)?$"
    r"|^(?:n\.\s?d\.|no date|in press|forthcoming)$",
    re.I,
)
#: Parentheses meant to hold a year (a digit, a placeholder such as ``YYYY``), as opposed to
#: an abbreviation (``(ESA)``) in a style that gives the year elsewhere.
_MEANT_AS_YEAR = re.compile(r"\d|^[YX?]{2,4}$|^n\.|date", re.I)
#: A plausible year standing alone, as author-date styles other than APA write it.
_PLAIN_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")
#: A year as references write it: in parentheses (any four digits, so a typo is still
#: seen), or a plausible year standing alone.
_ANY_YEAR = re.compile(r"\(\s*(?:\d{4}[a-z]?\b|n\.d\.)|(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")
#: A name first: a letter, after any emphasis markers.
_NAME_FIRST = re.compile(r"^[*_]*[^\W\d_]")
#: Words (letters and digits) of a heading that hold a Latin letter: garbled emoji such as
#: ``üìö`` are skipped, ``4Source`` stays one word.
_HEADING_WORD = re.compile(r"[^\W_]+")
#: Words that may stand beside the reference word in a reference heading.
QUALIFIERS = frozenset(
    "and cited consulted further reading works literature selected key main primary "
    "secondary additional other list of appendix".split()
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One reference: its text (continuation lines joined) and where it starts."""

    text: str
    line: int
    column: int


@lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})", re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_reference_heading(text: str, pattern: str) -> bool:
    """Whether a heading names a reference list: a word matching ``pattern``, and besides
    it only :data:`QUALIFIERS` (``📚 Citations & Sources``, ``Works Cited``)."""
    words = [w.casefold() for w in _HEADING_WORD.findall(text) if re.search("[A-Za-z]", w)]
    key = _compiled(pattern)
    keys = [w for w in words if key.fullmatch(w)]
    return bool(keys) and all(w in QUALIFIERS or key.fullmatch(w) for w in words)


def is_link_only(text: str) -> bool:
    """An item that is a link with at most a short label (a reading list, not a reference)."""
    if _LINK_START.match(text):
        return True
    rest = _LINKS.sub(" ", text)
    return rest != text and len(re.findall(r"[^\W\d_]+", rest)) <= 2


def looks_like_reference(text: str) -> bool:
    """An item that starts with a name and holds a year: ``Doe, J. (2003). Title.``"""
    return bool(_NAME_FIRST.match(text)) and _ANY_YEAR.search(text) is not None


def _items(note: Note, section: Section) -> list[Entry]:
    result: list[Entry] = []
    current: list[str] = []
    start = (0, 0)
    for line in range(section.first, section.last + 1):
        text = note.line_text(line)
        item = _ITEM.match(text)
        if item:
            if current:
                result.append(Entry(" ".join(current), *start))
            current = [item.group("text").strip()]
            start = (line, item.start("text") + 1)
        elif text.strip() and current:
            current.append(text.strip())
        elif current:
            result.append(Entry(" ".join(current), *start))
            current = []
    if current:
        result.append(Entry(" ".join(current), *start))
    return result


def entries(note: Note, heading_pattern: str) -> list[Entry]:
    """The references of the note's first reference list (links-only items left out).

    ``heading_pattern`` is the regular expression for the heading's reference word.
    """
    for i, heading in enumerate(note.headings):
        if not is_reference_heading(heading.text, heading_pattern):
            continue
        items = [e for e in _items(note, section_at(note, i)) if not is_link_only(e.text)]
        alike = sum(1 for e in items if looks_like_reference(e.text))
        if alike and alike * 2 >= len(items):
            return items
    return []


def current_year() -> int:
    """The year a reference may at most be dated the year after (CIT003): the findings
    change with it, so the cache keys them by it too (``engine.fingerprint``)."""
    return datetime.date.today().year


def problem(entry: Entry, this_year: int | None = None) -> str | None:
    """Why an entry does not read as a reference (authors, year in parentheses, title)."""
    match = _REFERENCE.match(entry.text)
    if match is None or not _MEANT_AS_YEAR.search(match.group("year")):
        if _PLAIN_YEAR.search(entry.text):
            return None  # another style (`Doe, J. 2003.`, `Agency (ABC), 2024`): it has a year
        if match is None:
            return "no year in parentheses, as in `Author, A. (2003). Title.`"
    if len(match.group("year")) > 20:  # a remark in parentheses, not a year gone wrong
        return "no year in parentheses, as in `Author, A. (2003). Title.`"
    if not re.search(r"[^\W\d_]", match.group("authors")):
        return "no author before the year"
    year = _YEAR.match(match.group("year").strip())
    if year is None:
        return f"`({match.group('year')})` is not a year"
    if year.group("year"):
        value = int(year.group("year"))
        limit = (this_year or current_year()) + 1
        if value < 1450 or value > limit:
            return f"the year {value} is impossible"
    if not re.search(r"[^\W_]", match.group("title")):
        return "no title after the year"
    return None


def normalized(text: str) -> str:
    """A reference reduced to its words, to find duplicates written slightly differently."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
