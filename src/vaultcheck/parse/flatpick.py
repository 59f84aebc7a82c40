"""One note's share of a flat chunk (:mod:`vaultcheck.parse.flatnote`), as a chunk of one.

The notes cache stores notes as the chunks they were parsed and sent in (a worker's message
is stored as it came), so a run that needs some stored notes (an incremental run, reading
the notes its checks reach) takes each note's slice of every column instead of building the
whole chunk. Where each note's share of a column starts is summed once per chunk (a
:class:`Picker`), so that a note costs a slice per column. ``flatnote``'s layout is spelled
out here a third time (after ``flatten`` and ``unflatten``); the test taking every note of
sample chunks back one by one holds the three together.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from vaultcheck.parse.flatnote import SPAN_HERE, FlatChunk


class Picker:
    """The notes of one flat chunk, one at a time (raises on a chunk of the wrong shape,
    which the caller treats as no stored note)."""

    def __init__(self, flat: FlatChunk) -> None:
        self.flat = flat
        fms, link_counts, tag_counts, heading_counts = flat[1], flat[2], flat[4], flat[7]
        item_counts, line_counts = flat[16], flat[19]
        # The entries of a note are those of its frontmatter, whose flat form counts them.
        entry_counts = [0 if fm is None else fm[2] for fm in fms]
        self._links = _starts(link_counts)
        self._tags = _starts(tag_counts)
        self._headings = _starts(heading_counts)
        self._entries = _starts(entry_counts)
        self._items = _starts(item_counts)  # by entry
        self._lines = _starts(line_counts)
        links = flat[3]
        # Links whose target is placed by a span before each link (``None``: no link's is).
        self._targets = None if links is None else _span_starts(links[8], links[9])
        # Entries whose key is placed by a span before each entry (``None``: no entry's is).
        self._keys = _span_starts(flat[13], flat[14])

    def pick(self, index: int) -> FlatChunk:
        """The note at ``index`` as a flat chunk of its own (what flattening it alone gives)."""
        owns, fms, link_counts, links, tag_counts, *rest = self.flat
        tag_names, tag_ints, heading_counts, levels, titles, heading_ints, *rest = rest
        keys, values, key_places, key_ints, value_ints, item_counts, item_values, *rest = rest
        item_ints, line_counts, line_starts = rest
        here = slice(index, index + 1)
        entries = _range(self._entries, index)
        items = slice(self._items[entries.start], self._items[entries.stop])
        tags, headings = _range(self._tags, index), _range(self._headings, index)
        return (
            owns[here],
            fms[here],
            link_counts[here],
            None if links is None else self._links_of(links, _range(self._links, index)),
            tag_counts[here],
            tag_names[tags],
            tag_ints[_six(tags)],
            heading_counts[here],
            levels[headings],
            titles[headings],
            heading_ints[_six(headings)],
            keys[entries],
            values[entries],
            key_places[entries],
            key_ints[_six(_spans_of(self._keys, entries))],
            value_ints[_six(entries)],
            item_counts[entries],
            item_values[items],
            item_ints[_six(items)],
            line_counts[here],
            line_starts[_range(self._lines, index)],
        )

    def _links_of(self, links: tuple[Any, ...], own: slice) -> tuple[Any, ...] | None:
        """The link columns of the links ``own``; ``None`` when there are none (as
        ``flatten`` gives a chunk without links)."""
        if own.start == own.stop:
            return None
        kinds, targets, ints, heads, blocks, shown, embeds, keys, target_at, target_ints = links
        spans = _spans_of(self._targets, own)
        return (
            kinds[own],
            targets[own],
            ints[_six(own)],
            heads[own],
            blocks[own],
            shown[own],
            embeds[own],
            keys[own],
            target_at[own],
            target_ints[_six(spans)],
        )


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
