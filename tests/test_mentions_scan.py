"""``NameIndex.scan`` looks only where a name's words all stand (found from the names' last
words): it must give what a scan stepping through every word gives, longest name first and
no overlaps, on real vaults and on fuzzed word soup built to overlap names."""

from __future__ import annotations

import random
from collections.abc import Container, Iterator

from tests.conftest import CORPORA, EXAMPLE_VAULT
from vaultcheck.vault.build import fold, load_vault
from vaultcheck.vault.mentions import NameIndex
from vaultcheck.vault.words import WORD, continues, word_end


def stepped(
    index: NameIndex, text: str, skip: Container[str] = frozenset()
) -> Iterator[tuple[int, int, list[str]]]:
    """The scan as it was: one step per word of the text."""
    folded_text = text.casefold()
    if len(folded_text) != len(text):
        folded_text = text.lower()
    folded = WORD.findall(folded_text)
    offsets = [m.span() for m in WORD.finditer(folded_text)]
    count, i = len(folded), 0
    while i < count:
        for length in index.lengths.get(folded[i], ()):
            found = index.by_words.get(tuple(folded[i : i + length]))
            if found is None or i + length > count:
                continue
            if all(o in skip for _, owners in found for o in owners):
                i += length
                break
            start, end = offsets[i][0], word_end(text, offsets[i + length - 1][1])
            if end is None or continues(text, start - 1):
                continue  # the words are part of a longer word (a vowel sign, a joiner)
            owners = next((o for name, o in found if name == fold(text[start:end])), None)
            if owners is not None:
                yield start, end, [o for o in owners if o not in skip]
                i += length
                break
        else:
            i += 1


def test_the_scan_finds_what_stepping_through_every_word_finds_on_real_vaults() -> None:
    roots = [EXAMPLE_VAULT, *sorted(CORPORA.glob("*/"))]
    for root in roots:
        vault = load_vault(root)
        index = NameIndex.of_notes(vault, list(vault.notes))
        assert index.lengths
        for note in vault:
            skip = {note.path}
            assert list(index.scan(note.text, skip)) == list(stepped(index, note.text, skip))


def test_the_scan_finds_what_stepping_finds_in_fuzzed_word_soup() -> None:
    rng = random.Random(19)
    vocabulary = ["a", "b", "c", "d", "e", "ß", "Straße", "x_y", "1", "22"]
    # A vowel sign or a zero-width joiner between words makes them one word: no mention.
    seps = [" ", " ", "  ", "\n", ", ", "-", "[[", "]]", "é ", "\u0947", "\u200c", "\u0947 "]
    found = 0
    for _ in range(400):
        names = {
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 8))
        }
        index = NameIndex({fold(n): {f"{n}.md"} for n in names})
        for _ in range(5):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 60))]
            text = words[0]
            for word in words[1:]:  # some in capitals: names match in any case
                text += rng.choice(seps) + (word.upper() if rng.random() < 0.2 else word)
            skip = {f"{n}.md" for n in names if rng.random() < 0.3}
            expected = list(stepped(index, text, skip))
            assert list(index.scan(text, skip)) == expected, (names, text, skip)
            found += len(expected)
    assert found > 1000  # the soup does hold names, overlapping ones among them
