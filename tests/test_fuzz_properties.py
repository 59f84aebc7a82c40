"""Hypothesis properties of the parser and the linter, bounded by example count.

- parsing never raises, whatever the bytes;
- every span the parser records lies inside the note's text;
- every diagnostic's line and column lie inside its file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_vault
from vaultcheck.engine.run import lint
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.text import NEWLINE_RE, LineIndex, make_span
from vaultcheck.rules.selection import select_rules
from vaultcheck.rules.shared.mojibake_codecs import CODECS, read_stretches

PIECES = [
    "---\n",
    "---",
    "title: x\n",
    "tags: [a, '#b', a]\n",
    "aliases:\n  - A\n",
    "key: [[X]]\n",
    "created: 2025-13-40\n",
    "\t",
    "  ",
    "- ",
    "> ",
    "# ",
    "```",
    "~~~",
    "$$",
    "$",
    "`",
    "%%",
    "<!--",
    "-->",
    "[[",
    "]]",
    "[[Note",
    "|",
    "\\|",
    "#",
    "^id",
    "[@key]",
    "[t](x.md)",
    "![[img.png]]",
    "\n",
    "\r\n",
    "\r",
    "\ufeff",
    "é",
    "\u0301",
    "🧩",
    "‚öñÔ∏è",
    "√≠",
    "|---|",
    "[",
    "]",
    "(",
    ")",
    "\x00",
    "*",
    "_",
    "<",
    ">",
    ":",
    "\\",
]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parsing_any_bytes_never_raises(data: bytes) -> None:
    note = parse_note(data, "n.md")
    assert note.path == "n.md"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_spans_lie_inside_the_text(text: str) -> None:
    note = parse_note(text.encode("utf-8"), "n.md")
    size = len(note.text)
    spans = [link.span for link in note.links] + [t.span for t in note.tags]
    spans += [h.span for h in note.headings] + [b.span for b in note.block_ids]
    spans += [c.span for c in note.citations] + [s for s, _ in note.comments]
    spans += [*note.unclosed_comments] + [lk.target_span for lk in note.links if lk.target_span]
    if note.frontmatter is not None:
        spans.append(note.frontmatter.span)
        for entry in note.frontmatter.entries:
            spans += [entry.key_span, entry.value_span, *(i.span for i in entry.items)]
    for span in spans:
        assert 0 <= span.start <= span.end <= size, (span, size)
        assert note.line_starts[span.line - 1] + span.column - 1 == span.start
        assert note.line_starts[span.end_line - 1] + span.end_column - 1 == span.end


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), min_size=1, max_size=3)
)
def test_every_diagnostic_lies_inside_its_file(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    root = tmp_path_factory.mktemp("v")
    write_vault(root, {f"n{i}.md": t for i, t in enumerate(texts)} | {"X.md": "# X\n"})
    for d in lint(root, select_rules(["ALL"])).diagnostics:
        note_text = (root / d.path).read_bytes().decode("utf-8", "replace") if d.path != "." else ""
        lines = note_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 1 <= d.span.line <= d.span.end_line <= max(1, len(lines)), d
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d


REGRESSIONS = Path(__file__).resolve().parent.parent / "fuzz" / "regressions"


@pytest.mark.parametrize("case", sorted(REGRESSIONS.glob("*")), ids=lambda p: p.name)
def test_inputs_the_fuzzer_found_parse(case: Path) -> None:
    """Each file here once crashed the parser (see docs/reliability.md)."""
    note = parse_note(case.read_bytes(), "n.md")
    assert all(0 <= lk.span.start <= lk.span.end <= len(note.text) for lk in note.links)


def _slow_position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) by counting, the definition the line index must agree with."""
    offset = max(0, min(offset, len(text)))
    before = NEWLINE_RE.split(text[:offset])
    if text[:offset].endswith("\r") and text[offset : offset + 1] == "\n":
        before = NEWLINE_RE.split(text[: offset - 1])  # between CR and LF: still the CR's line
        return len(before), len(before[-1]) + 2
    return len(before), len(before[-1]) + 1


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab\r\n\u00e9", max_size=30),
    st.integers(min_value=-3, max_value=35),
    st.integers(min_value=0, max_value=35),
)
def test_spans_agree_with_counting_lines(text: str, start: int, length: int) -> None:
    index = LineIndex(text)
    end = start + length
    span = make_span(index, start, end)
    assert (span.start, span.end) == (start, end)
    assert (span.line, span.column) == _slow_position(text, start)
    assert (span.end_line, span.end_column) == _slow_position(text, end)


_GARBLED = st.sampled_from(["é", "⚖️", "Martín", "naïve café", "—", "😀"]).flatmap(
    lambda s: st.sampled_from(
        [s, s.encode().decode("mac_roman"), s.encode().decode("cp1252", "replace")]
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), _GARBLED, st.sampled_from([" ", "x", "\n"]))))
def test_mojibake_quick_rule_out_changes_nothing(parts: list[str]) -> None:
    """Searching from an encoding's first lead-and-continuation pair (or not at all when there
    is none) finds the stretches that searching the whole text finds."""
    text = "".join(parts)
    for codec in CODECS:
        everywhere = read_stretches(codec, text, 0, len(text))
        first = codec.start.search(text)
        if first is None:
            assert everywhere == []
        else:
            assert read_stretches(codec, text, first.start(), len(text)) == everywhere
