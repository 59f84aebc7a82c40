""" "Did you mean": the existing name closest to a misspelt one, without comparing all pairs.

Names are indexed by character trigrams. For a wanted name we look up only its rarest
trigrams (short posting lists), keep the few names sharing the most of them, and let difflib
judge just those. Cost per lookup is a handful of dictionary reads, not one comparison per
note, so thousands of broken links in a 50k-note vault stay cheap.

The index costs about 5 µs a name to build, which is most of a run that checks one edited
note in a big vault; so the first few lookups find the posting lists they need by a
substring scan of every name instead (the same lists, in the same order), and the index is
built only once lookups keep coming.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict

#: How many of the wanted name's trigrams to look up (the rarest ones).
PROBES = 6
#: How many best-sharing names difflib compares in the end.
FINALISTS = 12
#: Lookups answered by scanning before the index is built.
SCANNED_LOOKUPS = 8


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameMatcher:
    """Closest-name lookups over a fixed list of (folded key, shown name) pairs."""

    def __init__(self, names: dict[str, str], cutoff: float = 0.75) -> None:
        self.names = names
        self.cutoff = cutoff
        #: Trigram -> keys holding it: the whole index once built, else the lists scanned.
        self.postings: dict[str, list[str]] = {}
        self.indexed = False
        self._padded: list[tuple[str, str]] = []
        self.cache: dict[str, str | None] = {}

    def _build_index(self) -> None:
        postings: dict[str, list[str]] = defaultdict(list)
        for key in self.names:
            for gram in _trigrams(key):
                postings[gram].append(key)
        self.postings, self.indexed = dict(postings), True

    def _posting(self, gram: str) -> list[str]:
        found = self.postings.get(gram)
        if found is None:
            if self.indexed:
                return []
            # A key's trigrams are exactly the 3-character substrings of it padded.
            if not self._padded:
                self._padded = [(key, f"  {key} ") for key in self.names]
            found = self.postings[gram] = [key for key, padded in self._padded if gram in padded]
        return found

    def closest(self, wanted: str) -> str | None:
        """The shown name closest to ``wanted`` (already folded), or ``None``."""
        if wanted in self.cache:
            return self.cache[wanted]
        if not self.indexed and len(self.cache) >= SCANNED_LOOKUPS:
            self._build_index()
        grams = sorted(_trigrams(wanted), key=lambda g: len(self._posting(g)))
        shared: Counter[str] = Counter()
        for gram in grams[:PROBES]:
            shared.update(self._posting(gram))
        finalists = [key for key, _ in shared.most_common(FINALISTS)]
        match = difflib.get_close_matches(wanted, finalists, n=1, cutoff=self.cutoff)
        found = self.names[match[0]] if match else None
        self.cache[wanted] = found
        return found
