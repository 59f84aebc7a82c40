"""Notes held for their bytes (``vault/textbytes.py``): a note just parsed is trusted to
give its bytes back without encoding it again, which must agree with encoding it."""

from __future__ import annotations

import pytest

from tests.conftest import CORPORA
from tests.hostile.generate import files as hostile_files
from vaultcheck.parse.flatnote import flatten
from vaultcheck.parse.flatrestore import restore
from vaultcheck.parse.note import parse_safely
from vaultcheck.parse.sharednote import Shared
from vaultcheck.vault.textbytes import holding, parsed_holding


@pytest.mark.corpus
def test_a_note_just_parsed_is_held_as_encoding_it_back_would_decide() -> None:
    """``parsed_holding`` trusts a just-parsed note's text to be its bytes decoded strictly
    unless the note says otherwise; encoding it back (``holding``) must agree on every note
    of the corpora, the hostile corpus and odd bytes, parsed here or sent by a worker."""
    items = [
        (str(path), path.read_bytes())
        for path in sorted(CORPORA.rglob("*"))
        if path.suffix in (".md", ".canvas", ".base") and path.is_file()
    ]
    items += [(f"hostile/{n}", data) for n, data in hostile_files().items() if len(data) < 65536]
    odd = [b"", b"\xef\xbb\xbf# BOM\n", b"caf\xe9\n", b"\x00\x01", b"\xed\xa0\x80 surrogate\n"]
    odd += [b"a\r\nb\rc\n", "é\u0301 日本 🙂\n".encode(), b"\xff\xfe#\x00", b"x" * 300]
    items += [(f"odd/{i}.md", data) for i, data in enumerate(odd)]
    assert len(items) > 5000
    # (an odd note over 200 bytes counts as too large, to try that case too)
    notes = [parse_safely(data, path, 200 if "odd/" in path else 2**20) for path, data in items]
    sent = restore(flatten(notes), [data for _, data in items], Shared())
    kinds = set()
    for note, again, (path, data) in zip(notes, sent, items, strict=True):
        for made in (note, again):
            expected = holding(made, data)
            got = parsed_holding(made, data)
            assert got is expected or got == expected, path
            kinds.add(type(got))
    assert len(kinds) == 2  # some notes are held, some bytes kept
