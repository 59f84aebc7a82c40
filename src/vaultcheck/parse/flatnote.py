"""A chunk of parsed notes as plain tuples in columns, the form worker processes send it in.

Pickle saves a ``NamedTuple`` through a Python-level ``__getnewargs__`` and loads it through a
Python-level ``__new__``, and building a note's 60 spans and 15 links one by one in a Python
loop was most of what moving it cost. So :func:`flatten` lays a chunk of notes out in columns
(the kinds of all their links in one tuple, their targets in another, the ints of all their
spans in one flat tuple, and so on, with how many of each every note has), reading the notes
with ``map``, ``zip``, ``chain`` and ``attrgetter``, which run in C;
:mod:`vaultcheck.parse.flatrestore` builds the notes back from the columns the same way.
What goes note by note: the path and frontmatter, and block ids, citations, comments and an
encoding problem (few notes have any). The text is not sent: the bytes give it back.

:class:`Columns` (a link's: :class:`LinkColumns`) is the one place the layout is written:
:func:`flatten` fills the columns by name, and :mod:`~vaultcheck.parse.flatrestore` and
:mod:`~vaultcheck.parse.flatpick` read them by name (:func:`columns`). A flat chunk stays a
plain tuple: what pickles fastest, and what the notes cache's unpickler accepts. A field
added to :mod:`vaultcheck.core.model`'s types must be added to :func:`flatten` and
:mod:`~vaultcheck.parse.flatrestore` both, which the round-trip test (notes using every
field) enforces.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from vaultcheck.core.model import Frontmatter, Link, LinkKind, Note, Span
from vaultcheck.parse.fmtags import body_tags

#: Notes as :func:`flatten` gives them: only builtin types inside (plus the frontmatter's
#: YAML values, which pickle as they are). See :class:`Columns` for the layout.
FlatChunk = tuple[Any, ...]


class Columns(NamedTuple):
    """A flat chunk's columns by name, in their order: the one place its layout is written
    (read a chunk through :func:`columns`). Ints of spans are six per span."""

    #: Per note: path, skipped size, internal error, unread, rare fields (``_own``).
    owns: tuple[Any, ...]
    #: Per note: its frontmatter but the entries (``_flat_frontmatter``), or ``None``.
    fms: tuple[Any, ...]
    link_counts: tuple[int, ...]
    #: The links' columns (:class:`LinkColumns`), ``None`` when the chunk has no link.
    links: tuple[Any, ...] | None
    tag_counts: tuple[int, ...]
    tag_names: tuple[str, ...]
    tag_ints: tuple[int, ...]
    heading_counts: tuple[int, ...]
    levels: tuple[int, ...]
    titles: tuple[str, ...]
    heading_ints: tuple[int, ...]
    #: The frontmatter entries of all notes: keys, values, keys' places (see ``_places``).
    keys: tuple[str, ...]
    values: tuple[Any, ...]
    key_places: tuple[Any, ...]
    key_ints: tuple[int, ...]
    value_ints: tuple[int, ...]
    #: Per entry: how many list items; then the items' values and spans.
    item_counts: tuple[int, ...]
    item_values: tuple[Any, ...]
    item_ints: tuple[int, ...]
    line_counts: tuple[int, ...]
    line_starts: tuple[int, ...]


class LinkColumns(NamedTuple):
    """A flat chunk's link columns by name, in order: ``Link``'s fields (its kind as its
    number in :data:`LINK_KINDS`), its span as six ints, its target's place as
    :func:`_places` gives it."""

    kinds: tuple[int, ...]
    targets: tuple[str, ...]
    ints: tuple[int, ...]
    heads: tuple[Any, ...]
    blocks: tuple[Any, ...]
    shown: tuple[Any, ...]
    embeds: tuple[bool, ...]
    keys: tuple[Any, ...]
    target_at: tuple[Any, ...]
    target_ints: tuple[int, ...]


def columns(flat: FlatChunk) -> Columns:
    """``flat`` read by column name (a copy of the tuple's references, made in C)."""
    return tuple.__new__(Columns, flat)


def link_columns(links: tuple[Any, ...]) -> LinkColumns:
    """A chunk's link columns (``columns(flat).links``) read by name."""
    return tuple.__new__(LinkColumns, links)


#: The link kinds, in the order whose numbers a flat chunk holds (a small int, one of
#: Python's cached ones, travels and is read back cheaper than the kind's value).
LINK_KINDS = tuple(LinkKind)
_KIND_NUMBERS = {kind: number for number, kind in enumerate(LINK_KINDS)}

_links, _tags, _headings = attrgetter("links"), attrgetter("tags"), attrgetter("headings")
_span, _items = attrgetter("span"), attrgetter("items")
_line_starts = attrgetter("line_starts")
_first, _second = itemgetter(0), itemgetter(1)


def flatten(notes: Sequence[Note]) -> FlatChunk:
    """``notes`` without their texts, in columns (:class:`Columns`)."""
    links = list(chain.from_iterable(map(_links, notes)))
    # Tags of the body only: restoring makes the property tags again from the frontmatter.
    notes_tags = list(map(body_tags, map(_tags, notes)))
    tags = list(chain.from_iterable(notes_tags))
    headings = list(chain.from_iterable(map(_headings, notes)))
    fms = [note.frontmatter for note in notes]
    entries = list(chain.from_iterable(fm.entries for fm in fms if fm is not None))
    items = list(chain.from_iterable(map(_items, entries)))
    key_places, key_ints = _places(tuple(map(attrgetter("key_at"), entries)))
    return tuple(
        Columns(
            owns=tuple([_own(note) for note in notes]),
            fms=tuple([None if fm is None else _flat_frontmatter(fm) for fm in fms]),
            link_counts=_counts(notes, _links),
            links=_link_columns(links) if links else None,
            tag_counts=tuple(map(len, notes_tags)),
            tag_names=tuple(map(_first, tags)),
            tag_ints=_ints(map(_span, tags)),
            heading_counts=_counts(notes, _headings),
            levels=tuple(map(_first, headings)),
            titles=tuple(map(_second, headings)),
            heading_ints=_ints(map(_span, headings)),
            keys=tuple(map(_first, entries)),
            values=_wired(tuple(map(_second, entries))),
            key_places=key_places,
            key_ints=key_ints,
            value_ints=_ints(map(attrgetter("value_span"), entries)),
            item_counts=tuple(map(len, map(_items, entries))),
            item_values=_wired(tuple(map(_first, items))),
            item_ints=_ints(map(_span, items)),
            line_counts=_counts(notes, _line_starts),
            line_starts=tuple(chain.from_iterable(map(_line_starts, notes))),
        )
    )


def _counts(notes: Sequence[Note], field: Callable[[Note], tuple[Any, ...]]) -> tuple[int, ...]:
    return tuple(map(len, map(field, notes)))


def _ints(spans: Iterable[Span]) -> tuple[int, ...]:
    """The ints of ``spans``, six by six."""
    return tuple(chain.from_iterable(spans))


#: What a column of places (``Link.target_at``, ``FrontmatterEntry.key_at``: an int, a span
#: or ``None``) holds for a span, whose ints are in a column of their own.
SPAN_HERE = "span"


def _places(places: tuple[Span | int | None, ...]) -> tuple[Any, ...]:
    """A column of places and the ints of the spans among them (see :data:`SPAN_HERE`)."""
    if Span not in set(map(type, places)):  # most chunks: ints (and None) alone
        return places, ()
    spans = _ints([place for place in places if type(place) is Span])
    return tuple([SPAN_HERE if type(place) is Span else place for place in places]), spans


def _link_columns(links: list[Link]) -> tuple[Any, ...]:
    """The links' fields in columns; their targets' places (``Link.target_at``) as
    :func:`_places` gives them."""
    kinds, targets, spans, heads, blocks, shown, embeds, keys, target_at = zip(*links, strict=True)
    places, target_ints = _places(target_at)
    return tuple(
        LinkColumns(
            kinds=tuple(map(_KIND_NUMBERS.__getitem__, kinds)),
            targets=targets,
            ints=_ints(spans),
            heads=heads,
            blocks=blocks,
            shown=shown,
            embeds=embeds,
            keys=keys,
            target_at=places,
            target_ints=target_ints,
        )
    )


def _own(note: Note) -> tuple[Any, ...]:
    """What a note holds besides its columns: its path, why it was not parsed, and, only
    when it has any, its block ids, citations, comments, unclosed comments and encoding
    problem (one by one: few notes have them)."""
    problem = note.encoding_problem
    rare = None
    if note.block_ids or note.citations or note.comments or note.unclosed_comments or problem:
        rare = (
            tuple([(block.name, tuple(block.span)) for block in note.block_ids]),
            tuple([(citation.key, tuple(citation.span)) for citation in note.citations]),
            tuple([(tuple(span), inner) for span, inner in note.comments]),
            tuple([tuple(span) for span in note.unclosed_comments]),
            None if problem is None else (tuple(problem.span), problem.bad_bytes, problem.binary),
        )
    return (note.path, note.skipped_size, note.internal_error, note.unread, rare)


def _flat_frontmatter(fm: Frontmatter) -> tuple[Any, ...]:
    """A frontmatter but its entries (which are in columns): their number instead."""
    return (
        tuple(fm.span),
        tuple(fm.yaml_span),
        len(fm.entries),
        _wire(fm.non_mapping),
        fm.is_mapping,
        None if fm.error is None else (fm.error.message, tuple(fm.error.span)),
        fm.unclosed,
    )


#: Property values that may hold other values (YAML aliases can make them share some).
_CONTAINERS = frozenset({list, dict, set, tuple})


def _wired(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Property values as a worker sends them (see :func:`_wire`)."""
    if _CONTAINERS.isdisjoint(map(type, values)):  # all scalars: the common case
        return values
    return tuple([_wire(value) if type(value) in _CONTAINERS else value for value in values])


def _wire(value: Any) -> Any:
    """A property's value as a worker sends it: a container holding containers pickled by
    itself in a 1-tuple (pickle's memo keeps the values a YAML alias shares shared, where
    the worker's pickler, which has no memo, would write each use out again: a YAML "billion
    laughs" of a few hundred bytes was 74 MB that way); other values as they are, lists of
    scalars (most lists) among them."""
    kind = type(value)
    if kind not in _CONTAINERS or (kind is list and _CONTAINERS.isdisjoint(map(type, value))):
        return value
    return (pickle.dumps(value, pickle.HIGHEST_PROTOCOL),)


#: How many columns a flat chunk has.
FLAT_SIZE = len(Columns._fields)
