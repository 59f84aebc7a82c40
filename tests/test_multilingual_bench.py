"""The benchmark's multilingual vault (bench/generate.py --multilingual): the same bytes on every
run, every script it promises, and notes the fast paths parse as markdown-it-py does."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import CORPORA, REPO
from vaultcheck.parse.note import parse_note

TLDR = CORPORA / "tldr-pages__tldr"

#: A letter of each script the generator mixes, by the first word of its Unicode name.
SCRIPTS = {"CYRILLIC", "GREEK", "ARABIC", "DEVANAGARI", "BENGALI", "TAMIL", "THAI", "CJK"}
SCRIPTS |= {"HANGUL", "LATIN"}


def _generate(out: Path, notes: int) -> dict[str, bytes]:
    command = [sys.executable, str(REPO / "bench" / "generate.py"), str(out), "--multilingual"]
    subprocess.run([*command, "--notes", str(notes)], check=True)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.md"))}


@pytest.mark.corpus
def test_the_multilingual_vault_is_the_same_every_run_and_parses_as_the_reference(
    tmp_path: Path,
) -> None:
    if not TLDR.is_dir():
        pytest.skip("the tldr corpus is not available")
    first = _generate(tmp_path / "a", 150)
    assert _generate(tmp_path / "b", 150) == first
    assert len(first) == 150
    text = "".join(data.decode("utf-8") for data in first.values())
    found = {unicodedata.name(c, "").split(" ")[0] for c in set(text) if c.isalpha()}
    assert found >= SCRIPTS, SCRIPTS - found
    assert any(not path.isascii() for path in first)  # names in other scripts too
    for path, data in first.items():
        note = parse_note(data, path)
        assert note == parse_note(data, path, fast=False), path
        assert note.frontmatter is not None and note.links, path
