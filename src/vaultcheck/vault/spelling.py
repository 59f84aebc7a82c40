""" "Did you mean": the existing name closest to a misspelt one, without comparing all pairs.

Names are indexed by character trigrams. For a wanted name we look up only its rarest
trigrams (short posting lists), keep the few names sharing the most of them, and measure
just those. Cost per lookup is a handful of dictionary reads, not one comparison per note,
so thousands of broken links in a 50k-note vault stay cheap.

A name is offered only when it is really close: within :func:`allowed_edits` edits (insert,
delete, substitute, swap two neighbours) of the wanted one once ``-``, ``_`` and spaces are
read alike, and no other name is as close. A similarity ratio (difflib's, used before)
offered `Futurama` for `Futurism` and `Obsidian Help` for `Obsidian Hub`; the precision of
this rule, measured on the corpora by breaking real links, is in docs/rules.md (LNK001).

The index costs about 5 µs a name to build, which is most of a run that checks one edited
note in a big vault; so the first few lookups find the posting lists they need by a
substring scan of every name instead (the same lists, in the same order), and the index is
built only once lookups keep coming.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

#: How many of the wanted name's trigrams to look up (the rarest ones).
PROBES = 6
#: How many best-sharing names are measured in the end.
FINALISTS = 12
#: Lookups answered by scanning before the index is built.
SCANNED_LOOKUPS = 8
#: Names shorter than this get no suggestion unless only case or separators differ
#: (`cut` is one edit from `cat`); names at least ``TWO_EDITS_FROM`` long may be two edits
#: away; the others one. Chosen by bench/did_you_mean.py (numbers in docs/rules.md).
ONE_EDIT_FROM = 5
TWO_EDITS_FROM = 12

_SEPARATORS = re.compile(r"[\s_-]+")


def allowed_edits(wanted: str) -> int:
    """How many edits a suggestion may be from ``wanted``: none for short names, one, or
    two for long names."""
    if len(wanted) < ONE_EDIT_FROM:
        return 0
    return 2 if len(wanted) >= TWO_EDITS_FROM else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap of neighbours) from ``a`` to ``b``; any
    value above ``limit`` is returned as ``limit + 1`` (rows stop early)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _plain(key: str) -> str:
    """``key`` with each run of white space, ``-`` and ``_`` one space, trimmed."""
    if "-" in key or "_" in key:
        return _SEPARATORS.sub(" ", key).strip()
    # White space alone: ``str.split`` splits where ``\s`` matches (``str.isspace``), and
    # costs a third of the regular expression.
    return " ".join(key.split())


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameMatcher:
    """Closest-name lookups over a fixed list of (folded key, shown name) pairs."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        #: Trigram -> keys holding it: the whole index once built, else the lists scanned.
        self.postings: dict[str, list[str]] = {}
        self.indexed = False
        self._padded: list[tuple[str, str]] = []
        #: Each key's separators read alike (:func:`_plain`), kept for the final comparisons.
        self._plains: dict[str, str] = {}
        self.cache: dict[str, str | None] = {}

    def build_index(self) -> None:
        """Index every name now (a matcher kept for many lookups: the language server's)."""
        self._build_index()

    def _build_index(self) -> None:
        postings: dict[str, list[str]] = defaultdict(list)
        for key, padded in self._padded_names():
            for gram in {padded[i : i + 3] for i in range(len(padded) - 2)}:
                postings[gram].append(key)
        self.postings, self.indexed = dict(postings), True
        self._padded = []  # not needed once indexed

    def _padded_names(self) -> list[tuple[str, str]]:
        """Each key with its trigrams' text (separators read alike, padded as
        :func:`_trigrams` pads): made once for the scans and the index both."""
        if not self._padded:
            # A plain form equal to its key is the key itself: no second string kept.
            plains = self._plains = {
                key: key if (plain := _plain(key)) == key else plain for key in self.names
            }
            self._padded = [(key, f"  {plain} ") for key, plain in plains.items()]
        return self._padded

    def _posting(self, gram: str) -> list[str]:
        found = self.postings.get(gram)
        if found is None:
            if self.indexed:
                return []
            # A key's trigrams are exactly the 3-character substrings of it padded
            # (separators read alike, as when names are compared).
            found = self.postings[gram] = [
                key for key, padded in self._padded_names() if gram in padded
            ]
        return found

    def closest(self, wanted: str) -> str | None:
        """The shown name closest to ``wanted`` (already folded), or ``None``."""
        if wanted in self.cache:
            return self.cache[wanted]
        if not self.indexed and len(self.cache) >= SCANNED_LOOKUPS:
            self._build_index()
        if self.indexed:  # the posting lists' lengths without a method call each
            get = self.postings.get
            grams = sorted(_trigrams(_plain(wanted)), key=lambda g: len(get(g, ())))
        else:
            grams = sorted(_trigrams(_plain(wanted)), key=lambda g: len(self._posting(g)))
        shared: Counter[str] = Counter()
        for gram in grams[:PROBES]:
            shared.update(self._posting(gram))
        finalists = [key for key, _ in shared.most_common(FINALISTS)]
        found = self._really_close(wanted, finalists)
        self.cache[wanted] = found
        return found

    def _really_close(self, wanted: str, finalists: list[str]) -> str | None:
        """The one finalist within the allowed edits, and closer than any other."""
        plain = _plain(wanted)
        limit = allowed_edits(plain)
        plains = self._plains
        # People rarely mistype a name's first letter; names differing there are more often
        # other things (`internal links`, `external links`; `Mending`, `Sending`).
        scored = sorted(
            (edit_distance(plain, other, limit), key)
            for key in finalists
            if (other := plains.get(key) or _plain(key))[:1] == plain[:1]
        )
        if not scored or scored[0][0] > limit:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # two names as close: no way to tell which was meant
        return self.names[scored[0][1]]
