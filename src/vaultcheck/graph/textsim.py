"""Text similarity between notes: TF-IDF over each note's most telling words, compared by
cosine through an inverted index (never all pairs).

A few lines of our own instead of scikit-learn: a note is described by its
:data:`TERMS_PER_NOTE` heaviest terms (sublinear term frequency times inverse document
frequency), which is all a "these notes talk about the same things" hint needs, and costs
one pass over the text. Terms in a single note connect nothing, and terms in more than
:data:`MAX_DOCUMENT_SHARE` of the notes (or more than :data:`MAX_POSTINGS`) say little and
would make every pair a candidate, so both are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping

#: Words of three letters or more, not starting with a digit (years, counts, ids say little).
_TERM = re.compile(r"(?<![\w])[^\W\d_]\w{2,}")
#: Links and embeds: their targets are the graph's business, not the text's.
_LINK = re.compile(r"!?\[\[[^\]\n]*\]\]|\]\([^)\n]*\)")

#: English function words: in a small vault they pass the document-frequency filter.
STOPWORDS = frozenset(
    """about after again all also and any are because been before being both but can could
    did does doing down each few for from further had has have having her here hers him his
    how into its just more most not now off once only other our ours out over own same she
    should some such than that the their theirs them then there these they this those
    through too under until very was were what when where which while who whom why will with
    would you your yours""".split()
)

TERMS_PER_NOTE = 20
MAX_DOCUMENT_SHARE = 0.05
MAX_POSTINGS = 50


def terms_of(text: str) -> Counter[str]:
    """The note's words, folded, with their counts (links left out)."""
    words = Counter(_TERM.findall(_LINK.sub(" ", text).casefold()))
    for word in STOPWORDS & words.keys():
        del words[word]
    return words


class TextIndex:
    """Each note's heaviest terms, unit-normalised, and who has each term."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        counts = {path: terms_of(text) for path, text in texts.items()}
        documents: Counter[str] = Counter()
        for terms in counts.values():
            documents.update(terms.keys())
        total = max(len(counts), 1)
        ceiling = min(max(2, int(total * MAX_DOCUMENT_SHARE)), MAX_POSTINGS)
        self._last: tuple[str, dict[str, tuple[float, tuple[str, ...]]]] | None = None
        self.vectors: dict[str, dict[str, float]] = {}
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for path, terms in counts.items():
            weights = {
                term: (1.0 + math.log(count)) * math.log(total / documents[term])
                for term, count in terms.items()
                if 2 <= documents[term] <= ceiling
            }
            heaviest = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:TERMS_PER_NOTE]
            norm = math.sqrt(sum(w * w for _, w in heaviest))
            if not norm:
                continue
            vector = {term: w / norm for term, w in heaviest}
            self.vectors[path] = vector
            for term, w in vector.items():
                self.postings[term].append((path, w))

    def similar(self, path: str) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Notes sharing a described term with ``path``: cosine, and the shared terms
        heaviest first (the last answer is kept: it is asked again for each candidate)."""
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        found = self._similar(path)
        self._last = (path, found)
        return found

    def _similar(self, path: str) -> dict[str, tuple[float, tuple[str, ...]]]:
        mine = self.vectors.get(path)
        if not mine:
            return {}
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for term, weight in mine.items():
            for other, w in self.postings[term]:
                if other != path:
                    scores[other] += weight * w
                    shared[other].append((weight * w, term))
        return {
            other: (score, tuple(t for _, t in sorted(shared[other], reverse=True)))
            for other, score in scores.items()
        }
