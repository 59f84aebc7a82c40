"""One file's bytes to a :class:`~vaultcheck.core.model.Note`; pure, so cacheable and parallel."""

from __future__ import annotations

from vaultcheck.core.model import EncodingProblem, Link, Note
from vaultcheck.parse.bases import is_base, parse_base
from vaultcheck.parse.body import parse_body
from vaultcheck.parse.canvas import is_canvas, parse_canvas
from vaultcheck.parse.fmtags import frontmatter_tags
from vaultcheck.parse.frontmatter import parse_frontmatter
from vaultcheck.parse.inlinefields import tag_field_links
from vaultcheck.parse.text import (
    MAX_NOTE_BYTES,
    NEWLINE_RE,
    LineIndex,
    decode,
    has_pair,
    make_span,
)

_new = tuple.__new__


def parse_safely(data: bytes, path: str, max_bytes: int = MAX_NOTE_BYTES) -> Note:
    """:func:`parse_note`, except that a note over ``max_bytes`` is not parsed and an
    unexpected error becomes a reported problem of that note, not a crash of the run."""
    if len(data) > max_bytes:
        return Note(path=path, text="", skipped_size=len(data))
    try:
        return parse_note(data, path)
    except RecursionError:
        return Note(path=path, text="", internal_error="nesting too deep to parse")
    except Exception as err:  # a parser bug must not stop the whole vault's check
        return Note(path=path, text="", internal_error=f"{type(err).__name__}: {err}")


def parse_note(data: bytes, path: str, *, fast: bool = True) -> Note:
    """Parse a note; problems with its content are recorded on the note, never raised.

    ``fast=False`` reads the frontmatter by composing its YAML and parses the body (and a
    canvas's text cards) with markdown-it-py alone (the references the fast paths are
    tested against)."""
    decoded = decode(data)
    if decoded.binary:
        index = LineIndex("")
        problem = EncodingProblem(make_span(index, 0, 0), decoded.bad_bytes, binary=True)
        return Note(path=path, text="", encoding_problem=problem)
    text = decoded.text
    index, lines = LineIndex.with_lines(text)
    encoding_problem = None
    if decoded.bad_utf8_at is not None:
        at = decoded.bad_utf8_at
        span = make_span(index, at, at + 1)
        encoding_problem = EncodingProblem(span, decoded.bad_bytes, binary=False)
    if is_canvas(path) or is_base(path):  # TXT002 checks them too
        other = (
            parse_canvas(text, index, path, fast=fast)
            if is_canvas(path)
            else parse_base(text, index, path)
        )
        return other._replace(encoding_problem=encoding_problem) if encoding_problem else other

    fm_result = parse_frontmatter(text, index, fast=fast)
    frontmatter = fm_result.frontmatter
    body_start_line = 0
    if frontmatter is not None and not frontmatter.unclosed:
        # Blank the frontmatter's lines for markdown-it, so line numbers stay the file's.
        # (the span's end line and column are those of its end offset: no bisect again)
        span = frontmatter.span
        body_start_line = span.end_line - 1 if span.end_column == 1 else span.end_line
    body = parse_body(text, body_start_line, index, fast=fast, lines=lines)

    tags = tuple(body.tags)
    if frontmatter is not None and frontmatter.entries:
        tags = (*frontmatter_tags(frontmatter), *tags)
    # (a field's links are the body's: its lines start past the frontmatter's)
    body_start = 0 if frontmatter is None or frontmatter.unclosed else frontmatter.span.end
    links = _field_links(text, body.links, body_start)
    if fm_result.links:
        links = (*fm_result.links, *links)
    # Every field in order (Note's own __new__ is Python, with keywords and defaults);
    # tests/test_parse_shortcuts.py holds this to Note's fields.
    fields = (
        path,
        text,
        frontmatter,
        tuple(links),
        tags,
        tuple(body.headings),
        tuple(body.block_ids),
        tuple(body.citations),
        tuple(body.comments),
        tuple(body.unclosed_comments),
        encoding_problem,
        None,  # skipped_size
        None,  # internal_error
        False,  # unread
        index.starts,
    )
    note: Note = _new(Note, fields)
    return note


def _field_links(text: str, links: list[Link], body_start: int) -> tuple[Link, ...] | list[Link]:
    """The body's links, those in Dataview inline fields (``key:: [[X]]``) tagged as such
    (the body's lines start at offset ``body_start`` of ``text``)."""
    if not has_pair(text, "::", body_start):
        return links  # the usual case: no line to look at
    return tag_field_links(links, NEWLINE_RE.split(text))  # lines as the parser counts them
