"""Coverage-guided fuzzing of the parser with atheris (libFuzzer for Python).

    pip install atheris
    python fuzz/fuzz_parse.py -runs=200000 -max_len=4096 fuzz/corpus

The property: for any bytes, parsing returns a Note without raising, and every span it
records lies inside the text (0 <= start <= end <= len(text), lines and columns consistent).
A crash or a broken span stops the run and leaves the input in ``crash-*`` for a test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from vaultcheck.core.model import Note, Span
    from vaultcheck.parse.note import parse_note


def _spans(note: Note) -> list[Span]:
    found = [link.span for link in note.links] + [t.span for t in note.tags]
    found += [h.span for h in note.headings] + [b.span for b in note.block_ids]
    found += [c.span for c in note.citations] + [s for s, _ in note.comments]
    found += list(note.unclosed_comments)
    if note.frontmatter is not None:
        found.append(note.frontmatter.span)
        for entry in note.frontmatter.entries:
            found += [entry.key_span, entry.value_span, *(i.span for i in entry.items)]
        if note.frontmatter.error is not None:
            found.append(note.frontmatter.error.span)
    return found


def check(data: bytes) -> None:
    note = parse_note(data, "fuzz.md")
    size = len(note.text)
    for span in _spans(note):
        if not 0 <= span.start <= span.end <= size:
            raise AssertionError(f"span {span} outside text of {size} characters")
        if (span.line, span.column) > (span.end_line, span.end_column):
            raise AssertionError(f"span {span} ends before it starts")


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
