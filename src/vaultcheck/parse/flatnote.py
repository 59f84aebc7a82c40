"""A parsed note as nested plain tuples, the form worker processes send it back in.

Pickle saves a ``NamedTuple`` through a Python-level ``__getnewargs__`` and loads it through a
Python-level ``__new__``: about 1.6 µs an object against 0.2 µs for a plain tuple, and a note
holds about 130 of them (60 of them spans). Flattening a note into plain tuples and building
it again with the C-level ``tuple.__new__`` cuts what a worker spends sending a note from
about 145 µs to 60, and what this process spends receiving it from 55 µs to 35
(docs/performance.md). The round trip gives back an equal note (tested on every corpus).

Rebuilding is also where notes share their values: :func:`unflatten` takes a :class:`Shared`
memo, so that equal offsets and equal strings (link targets, heading texts, property keys) are
one object across all notes instead of one per use. A parsed note's offsets are mostly fresh
``int`` objects (32 bytes each) and the same link target or property key is written in
thousands of notes: sharing them is about 55 MB in 180 at 10,000 notes. :func:`compact` does
the same for a note parsed in this process.

Both functions spell out every field of :mod:`vaultcheck.core.model`'s types; a field added there
must be added here too, which the round-trip test (a note using every field) enforces.
"""

from __future__ import annotations

from collections.abc import Callable
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


class _Memo(dict[Any, Any]):
    """Gives back the first value equal to the one asked for (and remembers new ones)."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


class Shared:
    """The ints and the strings notes built with it share: one object for each value.

    Two memos, not one: in one dict ``1``, ``1.0`` and ``True`` would be the same key.
    """

    __slots__ = ("int", "str")

    def __init__(self) -> None:
        #: The first int equal to the one given.
        self.int: Callable[[int], int] = _Memo().__getitem__
        #: The first string (or tuple of strings, or ``None``) equal to the one given.
        self.str: Callable[[Any], Any] = _Memo().__getitem__


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


def unflatten(
    flat: FlatNote,
    shared: Shared | None = None,
    text: str = "",
    line_starts: tuple[int, ...] = (),
) -> Note:
    """The note :func:`flatten` was given, its equal values shared through ``shared``; with
    no ``text`` given, without its text (as :func:`~vaultcheck.parse.text.without_text`
    leaves it; :func:`~vaultcheck.parse.text.with_text` puts it back)."""
    path, fm, links, tags, headings, blocks, citations, comments, unclosed, *rest = flat
    encoding_problem, skipped_size, internal_error, unread = rest
    memo = shared or Shared()
    at, word = memo.int, memo.str

    def span(values: tuple[int, ...]) -> Span:
        made: Span = _new(Span, map(at, values))
        return made

    fields = (
        path,
        text,
        _unflat_frontmatter(fm, memo, span),
        tuple(
            _new(
                Link,
                (
                    _KINDS[kind],
                    word(target),
                    span(where),
                    word(heads),
                    block,
                    word(shown),
                    embed,
                    word(key),
                    None if target_span is None else span(target_span),
                ),
            )
            for kind, target, where, heads, block, shown, embed, key, target_span in links
        ),
        tuple(_new(Tag, (word(name), span(where), in_fm)) for name, where, in_fm in tags),
        tuple(_new(Heading, (level, word(words), span(where))) for level, words, where in headings),
        tuple(_new(BlockId, (name, span(where))) for name, where in blocks),
        tuple(_new(Citation, (word(key), span(where))) for key, where in citations),
        tuple((span(where), inner) for where, inner in comments),
        tuple(span(where) for where in unclosed),
        encoding_problem,
        skipped_size,
        internal_error,
        unread,
        tuple(map(at, line_starts)),
    )
    note: Note = _new(Note, fields)
    return note


def compact(note: Note, shared: Shared) -> Note:
    """``note`` (parsed in this process) rebuilt with the values of ``shared``: equal, and
    smaller in memory once many notes share them."""
    return unflatten(flatten(note), shared, note.text, note.line_starts)


def _value(value: Any, word: Callable[[Any], Any]) -> Any:
    """A property's value with its strings shared: a string, or the strings of a list
    (rebuilt, not changed in place; other values as they are)."""
    if type(value) is str:
        return word(value)
    if type(value) is list:
        return [word(item) if type(item) is str else item for item in value]
    return value


def _unflat_frontmatter(
    flat: tuple[Any, ...] | None, memo: Shared, span: Callable[[tuple[int, ...]], Span]
) -> Frontmatter | None:
    if flat is None:
        return None
    where, yaml_span, entries, non_mapping, is_mapping, error, unclosed = flat
    word = memo.str
    fm: Frontmatter = _new(
        Frontmatter,
        (
            span(where),
            span(yaml_span),
            tuple(
                _new(
                    FrontmatterEntry,
                    (
                        word(key),
                        _value(value, word),
                        span(key_span),
                        span(value_span),
                        tuple(_new(FrontmatterItem, (_value(v, word), span(s))) for v, s in items),
                    ),
                )
                for key, value, key_span, value_span, items in entries
            ),
            non_mapping,
            is_mapping,
            None if error is None else _new(YamlProblem, (error[0], span(error[1]))),
            unclosed,
        ),
    )
    return fm
