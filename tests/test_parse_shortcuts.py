"""Small shortcuts of the parser held equal to the plain Python they replace.

Each replaces a step that ran once per note or per line with a cheaper one; a difference
would change a parsed note silently, so each is compared with the original expression on
fuzzed input built from the characters it looks at.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultcheck.parse.text import has_pair

TEXT = st.text(alphabet="$%:]\\@ab\n", max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.sampled_from(["$$", "%%", "::", "]:", ":]", "a$"]))
def test_has_pair_is_in(text: str, pair: str) -> None:
    assert has_pair(text, pair) == (pair in text)
