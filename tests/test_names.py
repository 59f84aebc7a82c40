"""Note names: ``strip_md`` reads only a path's last three characters."""

from __future__ import annotations

import sys

import pytest

from vaultcheck.vault.names import strip_md


def test_only_three_characters_lower_to_the_end_of_md() -> None:
    # strip_md lowers the last three characters, not the whole path: the same answer as
    # ``path.lower().endswith(".md")`` as long as no other character lowers to a text
    # ending in `.`, `m` or `d` (`İ` lowers to two characters, ending in a combining dot).
    ending = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and chr(code).lower()[-1:] in (".", "m", "d")
    }
    assert ending == {".", "m", "M", "d", "D"}


@pytest.mark.parametrize(
    ("path", "stripped"),
    [
        ("a/Note.md", "a/Note"),
        ("Note.MD", "Note"),
        ("Note.Md", "Note"),
        (".md", ""),
        ("md", "md"),
        ("a/Note.mdx", "a/Note.mdx"),
        ("Note.canvas", "Note.canvas"),
        ("İ.md", "İ"),
        ("Straße", "Straße"),
        ("", ""),
    ],
)
def test_strip_md(path: str, stripped: str) -> None:
    assert strip_md(path) == stripped
    assert stripped == (path[:-3] if path.lower().endswith(".md") else path)
