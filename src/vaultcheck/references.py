"""Reference lists: the items under a citations heading, read as APA-style references."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from vaultcheck.model import Note
from vaultcheck.sections import find_section

_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_LINK_ONLY = re.compile(r"^(?:!?\[\[|\[|<?https?://)")
_REFERENCE = re.compile(r"^(?P<authors>[^()]*?)\s*\((?P<year>[^()]*)\)\s*\.?\s*(?P<title>.*)$")
_YEAR = re.compile(r"^(?P<year>\d{4})[a-z]?(?:,.*)?$|^(?:n\.d\.|in press|forthcoming)$", re.I)


@dataclass(frozen=True, slots=True)
class Entry:
    """One reference: its text (continuation lines joined) and where it starts."""

    text: str
    line: int
    column: int


def entries(note: Note, heading_pattern: str) -> list[Entry]:
    """The list items under the first heading matching ``heading_pattern``."""
    section = find_section(note, heading_pattern)
    if section is None:
        return []
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


def problem(entry: Entry, this_year: int | None = None) -> str | None:
    """Why an entry does not read as a reference (authors, year in parentheses, title)."""
    if _LINK_ONLY.match(entry.text):
        return None  # a list of links is a reading list, not formatted references
    match = _REFERENCE.match(entry.text)
    if match is None:
        return "no year in parentheses, as in `Author, A. (2003). Title.`"
    if not re.search(r"[^\W\d_]", match.group("authors")):
        return "no author before the year"
    year = _YEAR.match(match.group("year").strip())
    if year is None:
        return f"`({match.group('year')})` is not a year"
    if year.group("year"):
        value = int(year.group("year"))
        limit = (this_year or datetime.date.today().year) + 1
        if value < 1450 or value > limit:
            return f"the year {value} is impossible"
    if not re.search(r"[^\W_]", match.group("title")):
        return "no title after the year"
    return None


def normalized(text: str) -> str:
    """A reference reduced to its words, to find duplicates written slightly differently."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
