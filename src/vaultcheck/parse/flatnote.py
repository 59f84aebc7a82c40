"""A parsed note as nested plain tuples, the form worker processes send it back in.

Pickle saves a ``NamedTuple`` through a Python-level ``__getnewargs__`` and loads it through a
Python-level ``__new__``: about 1.6 µs an object against 0.2 µs for a plain tuple, and a note
holds about 130 of them (60 of them spans). Flattening a note into plain tuples and building
it again with the C-level ``tuple.__new__`` cuts what a worker spends sending a note from
about 145 µs to 60, and what this process spends receiving it from 55 µs to 35
(docs/performance.md). The round trip gives back an equal note (tested on every corpus).

Both functions spell out every field of :mod:`vaultcheck.core.model`'s types; a field added there
must be added here too, which the round-trip test (a note using every field) enforces.
"""

from __future__ import annotations

from typing import Any

from vaultcheck.core.model import (
    BlockId,
    Citation,
    Frontmatter,
    FrontmatterEntry,
    FrontmatterItem,
    Heading,
    Link,
    LinkKind,
    Note,
    Span,
    Tag,
    YamlProblem,
)

#: A note as :func:`flatten` gives it: only builtin types inside (plus the frontmatter's
#: YAML values and a rare encoding problem, which pickle as they are).
FlatNote = tuple[Any, ...]

_KINDS = {kind.value: kind for kind in LinkKind}

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from :func:`flatten`.
_new = tuple.__new__


def flatten(note: Note) -> FlatNote:
    """``note`` without its text and line starts, as plain tuples (see the module docstring)."""
    return (
        note.path,
        _flat_frontmatter(note.frontmatter),
        tuple(
            (
                link.kind.value,
                link.target,
                tuple(link.span),
                link.headings,
                link.block,
                link.text,
                link.embed,
                link.key,
                None if link.target_span is None else tuple(link.target_span),
            )
            for link in note.links
        ),
        tuple((tag.name, tuple(tag.span), tag.in_frontmatter) for tag in note.tags),
        tuple((h.level, h.text, tuple(h.span)) for h in note.headings),
        tuple((block.name, tuple(block.span)) for block in note.block_ids),
        tuple((citation.key, tuple(citation.span)) for citation in note.citations),
        tuple((tuple(span), inner) for span, inner in note.comments),
        tuple(tuple(span) for span in note.unclosed_comments),
        note.encoding_problem,
        note.skipped_size,
        note.internal_error,
        note.unread,
    )


def _flat_frontmatter(fm: Frontmatter | None) -> tuple[Any, ...] | None:
    if fm is None:
        return None
    return (
        tuple(fm.span),
        tuple(fm.yaml_span),
        tuple(
            (
                entry.key,
                entry.value,
                tuple(entry.key_span),
                tuple(entry.value_span),
                tuple((item.value, tuple(item.span)) for item in entry.items),
            )
            for entry in fm.entries
        ),
        fm.non_mapping,
        fm.is_mapping,
        None if fm.error is None else (fm.error.message, tuple(fm.error.span)),
        fm.unclosed,
    )


def unflatten(flat: FlatNote) -> Note:
    """The note :func:`flatten` was given, still without its text (as
    :func:`~vaultcheck.parse.text.without_text` leaves it;
    :func:`~vaultcheck.parse.text.with_text` puts it back)."""
    path, fm, links, tags, headings, blocks, citations, comments, unclosed, *rest = flat
    encoding_problem, skipped_size, internal_error, unread = rest
    fields = (
        path,
        "",
        _unflat_frontmatter(fm),
        tuple(
            _new(
                Link,
                (
                    _KINDS[kind],
                    target,
                    _new(Span, span),
                    heads,
                    block,
                    shown,
                    embed,
                    key,
                    None if target_span is None else _new(Span, target_span),
                ),
            )
            for kind, target, span, heads, block, shown, embed, key, target_span in links
        ),
        tuple(_new(Tag, (name, _new(Span, span), in_fm)) for name, span, in_fm in tags),
        tuple(_new(Heading, (level, words, _new(Span, span))) for level, words, span in headings),
        tuple(_new(BlockId, (name, _new(Span, span))) for name, span in blocks),
        tuple(_new(Citation, (key, _new(Span, span))) for key, span in citations),
        tuple((_new(Span, span), inner) for span, inner in comments),
        tuple(_new(Span, span) for span in unclosed),
        encoding_problem,
        skipped_size,
        internal_error,
        unread,
        (),
    )
    note: Note = _new(Note, fields)
    return note


def _unflat_frontmatter(flat: tuple[Any, ...] | None) -> Frontmatter | None:
    if flat is None:
        return None
    span, yaml_span, entries, non_mapping, is_mapping, error, unclosed = flat
    fm: Frontmatter = _new(
        Frontmatter,
        (
            _new(Span, span),
            _new(Span, yaml_span),
            tuple(
                _new(
                    FrontmatterEntry,
                    (
                        key,
                        value,
                        _new(Span, key_span),
                        _new(Span, value_span),
                        tuple(_new(FrontmatterItem, (v, _new(Span, s))) for v, s in items),
                    ),
                )
                for key, value, key_span, value_span, items in entries
            ),
            non_mapping,
            is_mapping,
            None if error is None else _new(YamlProblem, (error[0], _new(Span, error[1]))),
            unclosed,
        ),
    )
    return fm
