"""Notes built back from a flat chunk (:mod:`vaultcheck.parse.flatnote`), as this process
receives them from a worker.

The work is done on whole columns with ``map``, ``zip`` and ``islice``, which run in C: the
ints of all the chunk's link spans, say, are cut into sixes by ``zip`` and made Spans by the
C-level ``tuple.__new__``; links are made from their columns the same way, and so are the
notes, each taking its share of them with ``islice``. Python runs per note (its frontmatter,
its property tags) and per property value, not per span or link. The strings and the ints
(line starts and spans, a whole column at a time) are shared through a
:class:`~vaultcheck.parse.sharednote.Shared` when it has memos for them, as a worker's run
does from ``parallel.SHARE_FROM`` notes on; below that, they are kept as they came: the
memos were half of receiving a note, and memory is not what limits such a run. (Sharing
only the line starts at 50,000 notes took the peak over issue 19's 1 GB once the link
index was made during the parse: docs/performance.md, eighth round.) The round trip gives
back equal notes (tested on every corpus, note by note and in chunks, with and without
memos).
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
    Note,
    Span,
    Tag,
)
from vaultcheck.parse.flatnote import LINK_KINDS, SPAN_HERE, FlatChunk, columns, link_columns
from vaultcheck.parse.fmtags import frontmatter_tags
from vaultcheck.parse.sharednote import (
    STRINGS,
    Shared,
    SharedInts,
    frontmatter_of,
    rare_fields,
    shared_value,
)
from vaultcheck.parse.text import decode

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from notes of the same layout.
_new = tuple.__new__


def _unwire(value: Any) -> Any:
    """Undo :mod:`~vaultcheck.parse.flatnote`'s ``_wire``: a container pickled by itself."""
    return pickle.loads(value[0]) if type(value) is tuple else value


def _spans(ints: tuple[int, ...], at: SharedInts | None = None) -> Iterator[Span]:
    """Spans from ``ints`` taken six by six (the column shared through ``at``, if given)."""
    six = iter(ints if at is None else at(ints))
    return map(_new, repeat(Span), zip(six, six, six, six, six, six, strict=False))


def _placed(places: tuple[Any, ...], ints: tuple[int, ...], at: SharedInts | None) -> Iterable[Any]:
    """A column of places (see ``flatnote._places``), each :data:`SPAN_HERE` replaced by
    the next span of ``ints``."""
    if not ints:  # most chunks: no span among them
        return places
    spans = _spans(ints, at)
    return [next(spans) if place == SPAN_HERE else place for place in places]


def _each(memo: Callable[[Any], Any] | None, values: tuple[Any, ...]) -> Iterable[Any]:
    """``values`` each shared through ``memo``, or as they are without it or when none is
    true (``None``, ``()``, ``""``: one object each already; most links have no heading,
    text or key)."""
    return values if memo is None or not any(values) else map(memo, values)


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
    at, word = shared.ints, shared.str
    notes_links = _cut(_links_from(links, word, at) if links else (), link_counts)
    notes_tags = _cut(
        map(
            _new,
            repeat(Tag),
            zip(_each(word, tag_names), _spans(tag_ints, at), repeat(False), strict=False),
        ),
        tag_counts,
    )
    notes_headings = _cut(
        map(
            _new,
            repeat(Heading),
            zip(levels, _each(word, titles), _spans(heading_ints, at), strict=True),
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
                    _each(word, keys),
                    _shared_values(values, word, unwire),
                    _placed(key_places, key_ints, at),
                    _spans(value_ints, at),
                    _cut(items, item_counts),
                    strict=True,
                ),
            )
        )
    )
    count = len(owns)
    if not count:
        return []
    paths, skipped_sizes, internal_errors, unreads, rares = zip(*owns, strict=True)
    frontmatters = [None if fm is None else _frontmatter(fm, entries, unwire) for fm in fms]
    notes_starts: Iterable[tuple[int, ...]]
    if texts is None:
        texts, notes_starts = repeat("", count), repeat((), count)
    else:
        notes_starts = _cut(line_starts if at is None else at(line_starts), line_counts)
    # A note's property tags come first, made again from its frontmatter (few notes have
    # none, but a frontmatter without ``tags`` gives none: no tuple made again for it).
    all_tags = [
        tags if fm is None or not fm.entries else (*frontmatter_tags(fm), *tags)
        for fm, tags in zip(frontmatters, notes_tags, strict=True)
    ]
    rare = [_NO_RARE if fields is None else rare_fields(fields, word) for fields in rares]
    blocks, citations, comments, unclosed, problems = zip(*rare, strict=True)
    return list(
        map(
            _new,
            repeat(Note),
            zip(
                paths,
                texts,
                frontmatters,
                notes_links,
                all_tags,
                notes_headings,
                blocks,
                citations,
                comments,
                unclosed,
                problems,
                skipped_sizes,
                internal_errors,
                unreads,
                notes_starts,
                strict=True,
            ),
        )
    )


def restore(flat: FlatChunk, datas: Iterable[bytes], shared: Shared) -> list[Note]:
    """The notes :func:`flatten` was given, with their texts decoded from their bytes
    ``datas`` (as :func:`~vaultcheck.parse.text.with_text` does), their values shared."""
    texts = [
        decode(data).text if own[1] is None and own[2] is None else ""
        for own, data in zip(columns(flat).owns, datas, strict=True)
    ]
    return unflatten(flat, texts, shared)


def _shared_values(
    values: tuple[Any, ...], word: Callable[[Any], Any] | None, unwire: Callable[[Any], Any]
) -> Iterable[Any]:
    """Property values with their strings shared when ``word`` is given (a list of
    strings, the common case, in one ``map``), those pickled by themselves loaded."""
    if word is None:
        if tuple not in set(map(type, values)):  # nothing pickled by itself (``_wire``)
            return values
        return [unwire(v) if type(v) is tuple else v for v in values]
    if STRINGS.issuperset(map(type, values)):
        return map(word, values)
    return [word(v) if type(v) is str else shared_value(v, word, unwire) for v in values]


def _links_from(
    links: tuple[Any, ...], word: Callable[[Any], Any] | None, at: SharedInts | None
) -> Iterator[Link]:
    c = link_columns(links)
    return map(
        _new,
        repeat(Link),
        zip(
            map(LINK_KINDS.__getitem__, c.kinds),
            _each(word, c.targets),
            _spans(c.ints, at),
            _each(word, c.heads),
            c.blocks,
            _each(word, c.shown),
            c.embeds,
            _each(word, c.keys),
            _placed(c.target_at, c.target_ints, at),
            strict=True,
        ),
    )


def _frontmatter(
    fm: tuple[Any, ...],
    entries: Iterator[FrontmatterEntry],
    unwire: Callable[[Any], Any],
) -> Frontmatter:
    span, yaml_span, count, non_mapping, is_mapping, error, unclosed = fm
    fields = (span, yaml_span, tuple(islice(entries, count)), unwire(non_mapping))
    return frontmatter_of((*fields, is_mapping, error, unclosed))


#: What a note without block ids, citations, comments or encoding problem holds of them.
_NO_RARE: tuple[Any, ...] = ((), (), (), (), None)
