""" "Did you mean": the existing name closest to a misspelt one, without comparing all pairs.

A name is offered only when it is really close: it starts with the same character as the
wanted one, is within :func:`allowed_edits` edits (insert, delete, substitute, swap two
neighbours) of it once ``-``, ``_`` and spaces are read alike, and no other name is as close.
A similarity ratio (difflib's, used before) offered `Futurama` for `Futurism` and
`Obsidian Help` for `Obsidian Hub`; the precision of this rule, measured on the corpora by
breaking real links, is in docs/design.md.

The answer is that of comparing the wanted name with every name (``tests/test_spelling.py``
holds it to that), found by comparing only a few. Names are grouped by their first character
and length: only a name of the same first character and a length within the allowed edits
can be close. When more than ``FEW`` names are in that window, it is narrowed with the
group's trigram index (built when a lookup first needs it): an edit changes at most four of a
name's trigrams (a swap of neighbours; the others three or fewer), so a name within ``k``
edits of the wanted one holds at least one of any ``4k + 1`` of its trigrams, and only the
names holding one of its ``4k + 1`` rarest trigrams are measured. Most broken names end
there with nothing to measure: 3,831 lookups among 6,281 names in many scripts cost 53 ms
(142 with the trigram "finalists" used before, which also missed some close names and some
ties).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection

#: Names shorter than this get no suggestion unless only case or separators differ
#: (`cut` is one edit from `cat`); names at least ``TWO_EDITS_FROM`` long may be two edits
#: away; the others one. Chosen by bench/did_you_mean.py (numbers in docs/design.md).
ONE_EDIT_FROM = 5
TWO_EDITS_FROM = 12
#: At most this many names of the right first character and length are measured without
#: the trigram index (whose making, for their group, costs more than measuring them).
FEW = 4
#: Trigrams an edit can change at most (a swap of neighbours: the four holding either).
GRAMS_PER_EDIT = 4

_SEPARATORS = re.compile(r"[\s_-]+")


def allowed_edits(wanted: str) -> int:
    """How many edits a suggestion may be from ``wanted``: none for short names, one, or
    two for long names."""
    if len(wanted) < ONE_EDIT_FROM:
        return 0
    return 2 if len(wanted) >= TWO_EDITS_FROM else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap of neighbours) from ``a`` to ``b``; any
    value above ``limit`` is returned as ``limit + 1``.

    Only the cells of the table within ``limit`` of its diagonal are worked out (a path
    through any other cell costs more than ``limit``), and rows stop once all are over it."""
    far = limit + 1
    if abs(len(a) - len(b)) > limit:
        return far
    width = len(b)
    before: list[int] = []
    row = [j if j <= limit else far for j in range(width + 1)]
    for i, ca in enumerate(a, 1):
        low, high = max(1, i - limit), min(width, i + limit)
        current = [far] * (width + 1)
        if i <= limit:
            current[0] = i
        for j in range(low, high + 1):
            cb = b[j - 1]
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best if best < far else far
        if min(current[low - 1 : high + 1]) > limit:
            return far
        before, row = row, current
    return row[width] if row[width] < far else far


def plain(key: str) -> str:
    """``key`` with each run of white space, ``-`` and ``_`` one space, trimmed: the form
    names are compared in."""
    if "-" in key or "_" in key:
        return _SEPARATORS.sub(" ", key).strip()
    # White space alone: ``str.split`` splits where ``\s`` matches (``str.isspace``), and
    # costs a third of the regular expression.
    return " ".join(key.split())


def trigrams(text: str) -> set[str]:
    """The 3-character pieces of ``text`` padded (two spaces before, one after)."""
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameMatcher:
    """Closest-name lookups over a fixed list of (folded key, shown name) pairs."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.cache: dict[str, str | None] = {}
        #: Each key's plain form (:func:`plain`), and the keys by its first character.
        self._plains: dict[str, str] = {}
        self._sizes: dict[tuple[str, int], list[str]] | None = None
        self._groups: dict[str, list[str]] = {}
        #: A group's first character -> its trigram index (trigram -> keys holding it).
        self._indexes: dict[str, dict[str, list[str]]] = {}

    @property
    def indexed(self) -> bool:
        """Whether every group of names is indexed."""
        self._sized()
        return len(self._indexes) == len(self._groups)

    def build_index(self) -> None:
        """Index every group of names now (a matcher kept for many lookups: the language
        server's), instead of each when a lookup first needs it."""
        self._sized()
        for first in self._groups:
            self._index(first)

    def closest(self, wanted: str) -> str | None:
        """The shown name closest to ``wanted`` (already folded), or ``None``."""
        if wanted in self.cache:
            return self.cache[wanted]
        found = self.cache[wanted] = self._closest(plain(wanted))
        return found

    def _closest(self, wanted: str) -> str | None:
        first, size, limit = wanted[:1], len(wanted), allowed_edits(wanted)
        sized = self._sized()
        # The names of the right first character and length, or, when there are many,
        # those of them holding one of the wanted name's rarest trigrams.
        window: Collection[str] = [
            key
            for length in range(size - limit, size + limit + 1)
            for key in sized.get((first, length), ())
        ]
        if len(window) > FEW:
            postings = self._index(first)
            # All the trigrams when there are no more: then the group's common one (two
            # spaces and the first character) brings in every name of it.
            rarest = sorted((postings.get(gram, ()) for gram in trigrams(wanted)), key=len)
            window = set().union(*rarest[: GRAMS_PER_EDIT * limit + 1])
        plains = self._plains
        best: str | None = None
        bound, tied = limit, False  # once a name is found, the others must be as close
        for key in window:
            other = plains[key]
            if abs(len(other) - size) > bound:
                continue
            distance = 0 if other == wanted else edit_distance(wanted, other, bound)
            if distance > bound:
                continue
            if best is not None and distance == bound:
                tied = True  # two names as close: no way to tell which was meant
            else:
                best, bound, tied = key, distance, False
        return None if best is None or tied else self.names[best]

    def _sized(self) -> dict[tuple[str, int], list[str]]:
        """The keys by the first character and the length of their plain form, the plain
        forms kept (made on first need)."""
        if self._sizes is None:
            sizes: dict[tuple[str, int], list[str]] = defaultdict(list)
            groups: dict[str, list[str]] = defaultdict(list)
            plains = self._plains
            for key in self.names:
                # A plain form equal to its key is the key itself: no second string kept.
                plains[key] = shown = key if (made := plain(key)) == key else made
                sizes[shown[:1], len(shown)].append(key)
                groups[shown[:1]].append(key)
            self._sizes, self._groups = dict(sizes), dict(groups)
        return self._sizes

    def _index(self, first: str) -> dict[str, list[str]]:
        """The trigram index of the names starting with ``first`` (made on first need)."""
        postings = self._indexes.get(first)
        if postings is None:
            made: dict[str, list[str]] = defaultdict(list)
            plains = self._plains
            for key in self._groups[first]:
                for gram in trigrams(plains[key]):
                    made[gram].append(key)
            postings = self._indexes[first] = dict(made)
        return postings
