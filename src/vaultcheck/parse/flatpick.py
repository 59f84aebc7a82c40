"""One note's share of a flat chunk (:mod:`vaultcheck.parse.flatnote`), as a chunk of one.

The notes cache stores notes as the chunks they were parsed and sent in (a worker's message
is stored as it came), so a run that needs some stored notes (an incremental run, reading
the notes its checks reach) takes each note's slice of every column instead of building the
whole chunk. Where each note's share of a column starts is summed once per chunk (a
:class:`Picker`), so that a note costs a slice per column. Columns are read and written by
name (``flatnote.Columns``); the test taking every note of sample chunks back one by one
checks each slice.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from vaultcheck.parse.flatnote import (
    SPAN_HERE,
    Columns,
    FlatChunk,
    LinkColumns,
    columns,
    link_columns,
)


class Picker:
    """The notes of one flat chunk, one at a time (raises on a chunk of the wrong shape,
    which the caller treats as no stored note)."""

    def __init__(self, flat: FlatChunk) -> None:
        self.flat = c = columns(flat)
        # The entries of a note are those of its frontmatter, whose flat form counts them.
        entry_counts = [0 if fm is None else fm[2] for fm in c.fms]
        self._links = _starts(c.link_counts)
        self._tags = _starts(c.tag_counts)
        self._headings = _starts(c.heading_counts)
        self._entries = _starts(entry_counts)
        self._items = _starts(c.item_counts)  # by entry
        self._lines = _starts(c.line_counts)
        links = None if c.links is None else link_columns(c.links)
        # Links whose target is placed by a span before each link (``None``: no link's is).
        self._targets = None if links is None else _span_starts(links.target_at, links.target_ints)
        # Entries whose key is placed by a span before each entry (``None``: no entry's is).
        self._keys = _span_starts(c.key_places, c.key_ints)

    def pick(self, index: int) -> FlatChunk:
        """The note at ``index`` as a flat chunk of its own (what flattening it alone gives)."""
        c = self.flat
        here = slice(index, index + 1)
        entries = _range(self._entries, index)
        items = slice(self._items[entries.start], self._items[entries.stop])
        tags, headings = _range(self._tags, index), _range(self._headings, index)
        links = c.links
        return tuple(
            Columns(
                owns=c.owns[here],
                fms=c.fms[here],
                link_counts=c.link_counts[here],
                links=None if links is None else self._links_of(links, _range(self._links, index)),
                tag_counts=c.tag_counts[here],
                tag_names=c.tag_names[tags],
                tag_ints=c.tag_ints[_six(tags)],
                heading_counts=c.heading_counts[here],
                levels=c.levels[headings],
                titles=c.titles[headings],
                heading_ints=c.heading_ints[_six(headings)],
                keys=c.keys[entries],
                values=c.values[entries],
                key_places=c.key_places[entries],
                key_ints=c.key_ints[_six(_spans_of(self._keys, entries))],
                value_ints=c.value_ints[_six(entries)],
                item_counts=c.item_counts[entries],
                item_values=c.item_values[items],
                item_ints=c.item_ints[_six(items)],
                line_counts=c.line_counts[here],
                line_starts=c.line_starts[_range(self._lines, index)],
            )
        )

    def _links_of(self, links: tuple[Any, ...], own: slice) -> tuple[Any, ...] | None:
        """The link columns of the links ``own``; ``None`` when there are none (as
        ``flatten`` gives a chunk without links)."""
        if own.start == own.stop:
            return None
        c = link_columns(links)
        spans = _spans_of(self._targets, own)
        # Every link column holds a value per link, but those of span ints.
        mine = LinkColumns._make([column[own] for column in c])
        return tuple(mine._replace(ints=c.ints[_six(own)], target_ints=c.target_ints[_six(spans)]))


def pick(flat: FlatChunk, index: int) -> FlatChunk:
    """The note at ``index`` of ``flat`` as a flat chunk of its own."""
    return Picker(flat).pick(index)


def _starts(counts: Iterable[int]) -> list[int]:
    """Where each share starts, given how many values each has, and where the last ends."""
    return list(accumulate(counts, initial=0))


def _range(starts: list[int], index: int) -> slice:
    return slice(starts[index], starts[index + 1])


def _span_starts(places: tuple[Any, ...], ints: tuple[int, ...]) -> list[int] | None:
    """Where each place's span would start among the spans of a column of places (see
    ``flatnote._places``), counting only places that are spans; ``None`` when none is."""
    return _starts([place == SPAN_HERE for place in places]) if ints else None


def _spans_of(starts: list[int] | None, values: slice) -> slice:
    """Which of the spans of a column of places belong to the places ``values``."""
    return slice(0, 0) if starts is None else slice(starts[values.start], starts[values.stop])


def _six(values: slice) -> slice:
    """Where the ints of the spans of ``values`` are: six per span."""
    return slice(values.start * 6, values.stop * 6)
