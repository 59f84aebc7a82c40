"""Notes built back from a flat chunk (:mod:`vaultcheck.parse.flatnote`), as this process
receives them from a worker.

The work is done on whole columns with ``map``, ``zip`` and ``islice``, which run in C: the
ints of all the chunk's link spans, say, are shared through one ``map`` (with the notes
already built, :mod:`vaultcheck.parse.sharednote`), cut into sixes by ``zip`` and made Spans
by the C-level ``tuple.__new__``; links are made from their columns the same way, and each
note takes its share of them with ``islice``. Python runs per note and per property value,
not per span or link: receiving a note costs about a third less than building its tuples
in a loop did (docs/performance.md). The round trip gives back equal notes (tested on every
corpus, note by note and in chunks).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat
from typing import Any

from vaultcheck.core.model import (
    Frontmatter,
    FrontmatterEntry,
    FrontmatterItem,
    Heading,
    Link,
    LinkKind,
    Note,
    Span,
    Tag,
)
from vaultcheck.parse.flatnote import SPAN_HERE, FlatChunk, columns, link_columns
from vaultcheck.parse.fmtags import frontmatter_tags
from vaultcheck.parse.sharednote import (
    STRINGS,
    Shared,
    frontmatter_of,
    rare_fields,
    shared_value,
)
from vaultcheck.parse.text import decode

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from notes of the same layout.
_new = tuple.__new__

#: A link's kind from its value, as a flat chunk holds it.
_KINDS = {kind.value: kind for kind in LinkKind}


def _unwire(value: Any) -> Any:
    """Undo :mod:`~vaultcheck.parse.flatnote`'s ``_wire``: a container pickled by itself."""
    return pickle.loads(value[0]) if type(value) is tuple else value


def _spans(ints: Iterable[int], at: Callable[[int], int]) -> Iterator[Span]:
    """Spans from ``ints`` taken six by six, each shared through ``at``."""
    shared = map(at, ints)
    return map(
        _new, repeat(Span), zip(shared, shared, shared, shared, shared, shared, strict=False)
    )


def _placed(
    places: tuple[Any, ...], ints: tuple[int, ...], at: Callable[[int], int]
) -> Iterable[Any]:
    """A column of places (see ``flatnote._places``), each :data:`SPAN_HERE` replaced by
    the next span of ``ints``."""
    if not ints:  # most chunks: no span among them
        return places
    spans = _spans(ints, at)
    return [next(spans) if place == SPAN_HERE else place for place in places]


def _cut(made: Iterable[Any], counts: Iterable[int]) -> Iterator[tuple[Any, ...]]:
    """``made`` cut into tuples of ``counts`` values, in order."""
    source = iter(made)
    return map(tuple, map(islice, repeat(source), counts))


def unflatten(
    flat: FlatChunk,
    texts: Iterable[str] | None = None,
    shared: Shared | None = None,
    unwire: Callable[[Any], Any] = _unwire,
) -> list[Note]:
    """The notes :func:`flatten` was given, their equal values shared through ``shared``,
    with ``texts`` as their texts; without them, also without their line starts (as
    :func:`~vaultcheck.parse.text.without_text` leaves a note). ``unwire`` loads a property
    value pickled by itself (the notes cache gives its own, which trusts nothing)."""
    c = columns(flat)  # by name: the layout is written once, in flatnote.Columns
    owns, fms, links = c.owns, c.fms, c.links
    link_counts, tag_counts, heading_counts = c.link_counts, c.tag_counts, c.heading_counts
    tag_names, tag_ints, levels, titles = c.tag_names, c.tag_ints, c.levels, c.titles
    heading_ints, keys, values, key_places = c.heading_ints, c.keys, c.values, c.key_places
    key_ints, value_ints, item_counts = c.key_ints, c.value_ints, c.item_counts
    item_values, item_ints = c.item_values, c.item_ints
    line_counts, line_starts = c.line_counts, c.line_starts
    shared = shared or Shared()
    at, word = shared.int, shared.str
    notes_links = _cut(_links_from(links, at, word) if links else (), link_counts)
    notes_tags = _cut(
        map(
            _new,
            repeat(Tag),
            zip(map(word, tag_names), _spans(tag_ints, at), repeat(False), strict=False),
        ),
        tag_counts,
    )
    notes_headings = _cut(
        map(
            _new,
            repeat(Heading),
            zip(levels, map(word, titles), _spans(heading_ints, at), strict=True),
        ),
        heading_counts,
    )
    items = map(
        _new,
        repeat(FrontmatterItem),
        zip(_shared_values(item_values, word, unwire), _spans(item_ints, at), strict=True),
    )
    entries = iter(
        list(
            map(
                _new,
                repeat(FrontmatterEntry),
                zip(
                    map(word, keys),
                    _shared_values(values, word, unwire),
                    _placed(tuple(map(at, key_places)), key_ints, at),
                    _spans(value_ints, at),
                    _cut(items, item_counts),
                    strict=True,
                ),
            )
        )
    )
    notes_starts: Iterable[tuple[int, ...]]
    if texts is None:
        texts, notes_starts = [""] * len(owns), [()] * len(owns)
    else:
        notes_starts = _cut(map(at, line_starts), line_counts)
    made: list[Note] = []
    for own, fm, text, *found in zip(
        owns, fms, texts, notes_links, notes_tags, notes_headings, notes_starts, strict=True
    ):
        path, skipped_size, internal_error, unread, rare = own
        note_links, note_tags, note_headings, starts = found
        frontmatter = None if fm is None else _frontmatter(fm, entries, at, unwire)
        if frontmatter is not None and frontmatter.entries:  # as parse_note gives them
            note_tags = (*frontmatter_tags(frontmatter), *note_tags)
        made.append(
            _new(
                Note,
                (
                    path,
                    text,
                    frontmatter,
                    note_links,
                    note_tags,
                    note_headings,
                    *(_NO_RARE if rare is None else rare_fields(rare, at, word)),
                    skipped_size,
                    internal_error,
                    unread,
                    starts,
                ),
            )
        )
    return made


def restore(flat: FlatChunk, datas: Iterable[bytes], shared: Shared) -> list[Note]:
    """The notes :func:`flatten` was given, with their texts decoded from their bytes
    ``datas`` (as :func:`~vaultcheck.parse.text.with_text` does), their values shared."""
    texts = [
        decode(data).text if own[1] is None and own[2] is None else ""
        for own, data in zip(columns(flat).owns, datas, strict=True)
    ]
    return unflatten(flat, texts, shared)


def _shared_values(
    values: tuple[Any, ...], word: Callable[[Any], Any], unwire: Callable[[Any], Any]
) -> Iterable[Any]:
    """Property values with their strings shared (a list of strings, the common case, in
    one ``map``)."""
    if STRINGS.issuperset(map(type, values)):
        return map(word, values)
    return [word(v) if type(v) is str else shared_value(v, word, unwire) for v in values]


def _links_from(
    links: tuple[Any, ...], at: Callable[[int], int], word: Callable[[Any], Any]
) -> Iterator[Link]:
    c = link_columns(links)
    return map(
        _new,
        repeat(Link),
        zip(
            map(_KINDS.__getitem__, c.kinds),
            map(word, c.targets),
            _spans(c.ints, at),
            map(word, c.heads),
            c.blocks,
            map(word, c.shown),
            c.embeds,
            map(word, c.keys),
            _placed(c.target_at, c.target_ints, at),
            strict=True,
        ),
    )


def _frontmatter(
    fm: tuple[Any, ...],
    entries: Iterator[FrontmatterEntry],
    at: Callable[[int], int],
    unwire: Callable[[Any], Any],
) -> Frontmatter:
    span, yaml_span, count, non_mapping, is_mapping, error, unclosed = fm
    fields = (span, yaml_span, tuple(islice(entries, count)), unwire(non_mapping))
    return frontmatter_of((*fields, is_mapping, error, unclosed), at)


#: What a note without block ids, citations, comments or encoding problem holds of them.
_NO_RARE: tuple[Any, ...] = ((), (), (), (), None)
