"""TXT001's first search (``mojibake_codecs.ANY_START``), which rules a note out for every
codec at once: it must find each codec's start, nothing else, and come first."""

from __future__ import annotations

import re

import pytest

from tests.conftest import corpus
from tests.test_mojibake import garble
from vaultcheck.rules.shared.mojibake_codecs import ANY_START, CODECS


def test_the_search_for_any_start_pairs_a_codecs_own_characters() -> None:
    """``ANY_START`` takes a first character of one codec followed by a second of the same
    codec only: a pair mixing two codecs (`çã`: Windows-1252's first, Mac Roman's second)
    starts no stretch, and Portuguese, Finnish or Ukrainian prose is full of them."""
    alphabet = sorted({chr(c) for codec in CODECS for c in codec.to_byte} | set("РСĂ"))
    pairs = [re.compile(codec.first + codec.second) for codec in CODECS]
    for a in alphabet:
        for b in alphabet:
            own = any(pair.fullmatch(a + b) for pair in pairs)
            assert bool(ANY_START.fullmatch(a + b)) == own, a + b
    assert ANY_START.search("Instalação, configurações") is None
    assert ANY_START.search("пам’єті, Tiedän äänen") is None


@pytest.mark.corpus
def test_codec_searches_start_where_any_start_first_matches() -> None:
    """find_mojibake searches each codec from the first match of ``ANY_START``, which must
    come at or before every codec's first start (and be none when all are none): over every
    tldr page in 39 languages, as written and garbled through each codec."""
    root = corpus("tldr-pages__tldr")
    texts = [path.read_text("utf-8") for path in sorted(root.rglob("*.md"))]
    other = [text for text in texts if not text.isascii()][::20]
    garbled = [garble(text, encoding) for text in other for encoding in ("mac_roman", "cp1252")]
    garbled += [text.encode("utf-8").decode("cp1251", "replace") for text in other]
    found = dict.fromkeys((codec.name for codec in CODECS), 0)
    for text in texts + garbled:
        some = ANY_START.search(text)
        firsts = {codec.name: m.start() for codec in CODECS if (m := codec.start.search(text))}
        assert (some is None) == (not firsts)
        if some is not None:
            assert some.start() == min(firsts.values())
        for name in firsts:
            found[name] += 1
    assert min(found.values()) >= 30, found
