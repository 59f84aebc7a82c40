"""Our character offsets and LSP's UTF-16 positions, both ways, on lines with emoji (two
UTF-16 units), CJK (one) and every kind of line break."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types as lsp

from vaultcheck.parse.note import parse_note
from vaultcheck.server.positions import offset_at, position_at, utf16_length

TEXT = "# 😀 Title\r\nA 中文 line 🎉🎉 end\rthird\nlast"


def test_positions_count_utf16_units() -> None:
    note = parse_note(TEXT.encode(), "N.md")
    assert utf16_length("😀 中") == 4
    end_of_emoji = TEXT.index(" Title")
    assert position_at(note, end_of_emoji) == lsp.Position(line=0, character=4)
    after_party = TEXT.index(" end")
    assert position_at(note, after_party) == lsp.Position(line=1, character=14)
    assert position_at(note, TEXT.index("third")) == lsp.Position(line=2, character=0)
    assert position_at(note, len(TEXT)) == lsp.Position(line=3, character=4)
    # Back: past a line's end stops at its break; inside a surrogate pair, the pair's start.
    assert offset_at(note, lsp.Position(line=0, character=99)) == TEXT.index("\r\n")
    assert offset_at(note, lsp.Position(line=0, character=3)) == TEXT.index("😀")
    assert offset_at(note, lsp.Position(line=9, character=0)) == len(TEXT)


@given(st.lists(st.sampled_from(["a", "中", "😀", "\n", "\r\n", "\r", " "]), max_size=40))
def test_offsets_survive_the_round_trip(pieces: list[str]) -> None:
    text = "".join(pieces)
    note = parse_note(text.encode(), "N.md")
    for offset in range(len(note.text) + 1):
        if note.text[offset - 1 : offset + 1] == "\r\n":
            continue  # between CR and LF: no place an editor can name
        assert offset_at(note, position_at(note, offset)) == offset
