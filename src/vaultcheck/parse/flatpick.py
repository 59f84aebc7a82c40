"""One note's share of a flat chunk (:mod:`vaultcheck.parse.flatnote`), as a chunk of one.

The notes cache stores notes as the chunks they were parsed and sent in (a worker's message
is stored as it came), so a run that needs one stored note (an incremental run, reading a
note its checks reach) takes that note's slice of every column instead of building the
whole chunk. Each column is cut at the sums of the counts of the notes before it;
``flatnote``'s layout is spelled out here a third time (after ``flatten`` and ``unflatten``),
and the test taking every note of sample chunks back one by one holds the three together.
"""

from __future__ import annotations

from typing import Any

from vaultcheck.parse.flatnote import FlatChunk


def pick(flat: FlatChunk, index: int) -> FlatChunk:
    """The note at ``index`` of ``flat`` as a flat chunk of its own (raises on a chunk of
    the wrong shape, which the caller treats as no stored note)."""
    owns, fms, link_counts, links, tag_counts, *rest = flat
    tag_names, tag_ints, tag_in_fm, heading_counts, levels, titles, heading_ints, *rest = rest
    keys, values, key_ints, value_ints, item_counts, item_values, item_ints, *rest = rest
    line_counts, line_starts = rest
    here = slice(index, index + 1)
    # The entries of a note are those of its frontmatter, whose flat form counts them.
    entry_counts = [0 if fm is None else fm[2] for fm in fms]
    first_entry, entries = sum(entry_counts[:index]), entry_counts[index]
    entry_range = slice(first_entry, first_entry + entries)
    first_item = sum(item_counts[:first_entry])
    item_range = _range(first_item, sum(item_counts[entry_range]))
    tag_range = _range(sum(tag_counts[:index]), tag_counts[index])
    heading_range = _range(sum(heading_counts[:index]), heading_counts[index])
    line_range = _range(sum(line_counts[:index]), line_counts[index])
    return (
        owns[here],
        fms[here],
        link_counts[here],
        None if links is None else _links(links, sum(link_counts[:index]), link_counts[index]),
        tag_counts[here],
        tag_names[tag_range],
        tag_ints[_six(tag_range)],
        tag_in_fm[tag_range],
        heading_counts[here],
        levels[heading_range],
        titles[heading_range],
        heading_ints[_six(heading_range)],
        keys[entry_range],
        values[entry_range],
        key_ints[_six(entry_range)],
        value_ints[_six(entry_range)],
        item_counts[entry_range],
        item_values[item_range],
        item_ints[_six(item_range)],
        line_counts[here],
        line_starts[line_range],
    )


def _range(first: int, count: int) -> slice:
    return slice(first, first + count)


def _six(values: slice) -> slice:
    """Where the ints of the spans of ``values`` are: six per span."""
    return slice(values.start * 6, values.stop * 6)


def _links(links: tuple[Any, ...], first: int, count: int) -> tuple[Any, ...] | None:
    """The link columns of ``count`` links from ``first``; ``None`` when there are none
    (as ``flatten`` gives a chunk without links)."""
    if not count:
        return None
    kinds, targets, ints, heads, blocks, shown, embeds, keys, target_ints, has_target = links
    own = _range(first, count)
    if has_target is None:  # every link has a target span
        targets_own, has = own, None
    else:
        before = sum(has_target[:first])
        has = has_target[own]
        targets_own = _range(before, sum(has))
        if all(has):
            has = None  # as flatten gives it for links that all have one
    return (
        kinds[own],
        targets[own],
        ints[_six(own)],
        heads[own],
        blocks[own],
        shown[own],
        embeds[own],
        keys[own],
        target_ints[_six(targets_own)],
        has,
    )
