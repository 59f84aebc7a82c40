""" "Did you mean": the existing name closest to a misspelt one, without comparing all pairs.

Names are indexed by character trigrams. For a wanted name we look up only its rarest
trigrams (short posting lists), keep the few names sharing the most of them, and let difflib
judge just those. Cost per lookup is a handful of dictionary reads, not one comparison per
note, so thousands of broken links in a 50k-note vault stay cheap.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict

#: How many of the wanted name's trigrams to look up (the rarest ones).
PROBES = 6
#: How many best-sharing names difflib compares in the end.
FINALISTS = 12


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameMatcher:
    """Closest-name lookups over a fixed list of (folded key, shown name) pairs."""

    def __init__(self, names: dict[str, str], cutoff: float = 0.75) -> None:
        self.names = names
        self.cutoff = cutoff
        self.postings: dict[str, list[str]] = defaultdict(list)
        for key in names:
            for gram in _trigrams(key):
                self.postings[gram].append(key)
        self.cache: dict[str, str | None] = {}

    def closest(self, wanted: str) -> str | None:
        """The shown name closest to ``wanted`` (already folded), or ``None``."""
        if wanted in self.cache:
            return self.cache[wanted]
        grams = sorted(_trigrams(wanted), key=lambda g: len(self.postings.get(g, ())))
        shared: Counter[str] = Counter()
        for gram in grams[:PROBES]:
            shared.update(self.postings.get(gram, ()))
        finalists = [key for key, _ in shared.most_common(FINALISTS)]
        match = difflib.get_close_matches(wanted, finalists, n=1, cutoff=self.cutoff)
        found = self.names[match[0]] if match else None
        self.cache[wanted] = found
        return found
