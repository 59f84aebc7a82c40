"""``linkdest.normalize_link`` (percent-encoding a path destination with ``urllib``) must
give what markdown-it's ``normalizeLink`` gives (mdurl, one character at a time): on every
plain link destination of the corpora and on fuzzed destinations of the characters a plain
link's destination may hold, paths and not (schemes, hosts, escapes and lone ``%``)."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA
from vaultcheck.parse import mdparser
from vaultcheck.parse.inlinescan import _PLAIN_LINK
from vaultcheck.parse.linkdest import normalize_link
from vaultcheck.parse.linksyntax import percent_decoded

PIECES = [
    "a", "Z", "0", "9", "f", "G", "%", "%2", "%20", "%e9", "%zz", "/", "//", "?", "#", ":",
    "@", ".", "..", "~", "-", "_", "!", "*", "+", "=", ";", ",", "$", "[", "]", "{", "|", "^",
    "é", "ß", "中文", "🧩", "नसख", "ک", "\u200b", "\ufffd", "\ud800", "http:", "mailto:",
    "x.md", "%E2%82",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
@example("کوچک%20نسخه%20258.md")
@example("a%2")
@example("%")
@example("//host/a")
@example("x.md#H%é")
@example("\ud800x")
def test_a_destination_normalises_as_markdown_it_normalises_it(destination: str) -> None:
    assert normalize_link(destination) == mdparser.PARSER.normalizeLink(destination)


def test_every_plain_link_destination_of_the_corpora_normalises_alike() -> None:
    seen = 0
    for path in sorted(CORPORA.rglob("*.md")):
        for match in _PLAIN_LINK.finditer(path.read_text(encoding="utf-8", errors="replace")):
            destination = match.group(2)
            assert normalize_link(destination) == mdparser.PARSER.normalizeLink(destination)
            seen += 1
    assert seen > 300


ESCAPED = [
    "%E0", "%A4", "%AA", "%e2", "%82", "%ac", "%C3", "%A9", "%41", "%20", "%2", "%", "%zz",
    "%F0", "%9F", "%FF", "%80", "%C0%AF", "%ED%A0%80", "a", "9", " ", "é", "中", "\ud800", "#",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(ESCAPED), max_size=12).map("".join))
@example("%E0%A4%AAa%AA")  # a sequence cut off by a literal character
@example("%E0%A4%AAé%AA")  # by a character beyond ASCII
@example("%E0%A4")  # by the end
@example("%%41%4")
def test_a_destination_is_percent_decoded_as_urllib_decodes_it(text: str) -> None:
    """``linksyntax.percent_decoded`` (runs of escapes decoded at once) gives what
    ``urllib.parse.unquote`` gives (ASCII runs decoded escape by escape): invalid and cut
    off UTF-8 sequences replaced alike, lone or short ``%`` kept."""
    assert percent_decoded(text) == unquote(text)
