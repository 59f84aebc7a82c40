"""Notes rebuilt so that equal values are one object across notes.

Notes stay for the whole run, so their size is what a large vault costs. A parsed note's
offsets are mostly fresh ``int`` objects (32 bytes each) and the same link target or
property key is written in thousands of notes: sharing them through a :class:`Shared` memo
is about 55 MB in 180 at 10,000 notes. :func:`compact` rebuilds a note parsed in this
process in one pass; :mod:`vaultcheck.parse.flatnote` shares the values of the notes a
worker sends through the same memo as it builds them. Each span is built inline, as
``tuple.__new__(Span, map(...))``: a helper function called per span was a third of the
rebuild. Sharing equal spans too (40 % of them repeat) would save memory, but a memo of
every span cost more CPU than it saved (docs/performance.md).

:func:`compact` spells out every field of :mod:`vaultcheck.core.model`'s types by position;
a field added there must be added here too, which the round-trip test (a note using every
field) enforces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vaultcheck.core.model import (
    BlockId,
    Citation,
    EncodingProblem,
    Frontmatter,
    FrontmatterEntry,
    FrontmatterItem,
    Heading,
    Link,
    Note,
    Span,
    Tag,
    YamlProblem,
)
from vaultcheck.parse.fmtags import body_tags, frontmatter_tags

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from a note of the same layout.
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


def compact(note: Note, shared: Shared) -> Note:
    """``note`` (parsed in this process) rebuilt with the values of ``shared``: equal, and
    smaller in memory once many notes share them."""
    fields: tuple[Any, ...] = note
    path, text, fm, links, tags, headings, blocks, citations, comments, unclosed, *rest = fields
    problem, skipped_size, internal_error, unread, line_starts = rest
    at, word = shared.int, shared.str
    frontmatter = None if fm is None else _rebuild_frontmatter(fm, at, word)
    # The property tags made again from the frontmatter, sharing its spans as parsing did.
    made_tags = frontmatter_tags(frontmatter) if frontmatter and frontmatter.entries else []
    made_tags += [
        _new(Tag, (word(name), _new(Span, map(at, where)), False))
        for name, where, _ in body_tags(tags)
    ]
    made: Note = _new(
        Note,
        (
            path,
            text,
            frontmatter,
            tuple(
                [
                    _new(
                        Link,
                        (
                            kind,
                            word(target),
                            _new(Span, map(at, where)),
                            word(heads),
                            block,
                            word(shown),
                            embed,
                            word(key),
                            # A target's place is an offset (a small int), a span or None.
                            _new(Span, map(at, place)) if type(place) is Span else place,
                        ),
                    )
                    for kind, target, where, heads, block, shown, embed, key, place in links
                ]
            ),
            tuple(made_tags),
            tuple(
                [
                    _new(Heading, (level, word(h), _new(Span, map(at, where))))
                    for level, h, where in headings
                ]
            ),
            *rare_fields((blocks, citations, comments, unclosed, problem), at, word),
            skipped_size,
            internal_error,
            unread,
            tuple(map(at, line_starts)),
        ),
    )
    return made


#: The types of a list whose values are all strings.
STRINGS = frozenset({str})


def shared_value(
    value: Any, word: Callable[[Any], Any], unwire: Callable[[Any], Any] | None = None
) -> Any:
    """A property's value with its strings shared: a string, or the strings of a list
    (rebuilt, not changed in place; other values as they are)."""
    if unwire is not None and type(value) is tuple:
        value = unwire(value)
    if type(value) is str:
        return word(value)
    if type(value) is list:
        if STRINGS.issuperset(map(type, value)):  # most lists: in one map
            return list(map(word, value))
        return [word(item) if type(item) is str else item for item in value]
    return value


def _rebuild_frontmatter(
    fm: tuple[Any, ...],
    at: Callable[[int], int],
    word: Callable[[Any], Any],
) -> Frontmatter:
    where, yaml_span, entries, non_mapping, is_mapping, error, unclosed = fm
    rebuilt = tuple(
        [
            _new(
                FrontmatterEntry,
                (
                    word(key),
                    word(value) if type(value) is str else shared_value(value, word),
                    _new(Span, map(at, key_at)) if type(key_at) is Span else at(key_at),
                    _new(Span, map(at, value_span)),
                    _items(items, at, word) if items else (),
                ),
            )
            for key, value, key_at, value_span, items in entries
        ]
    )
    return frontmatter_of((where, yaml_span, rebuilt, non_mapping, is_mapping, error, unclosed), at)


def frontmatter_of(fields: tuple[Any, ...], at: Callable[[int], int]) -> Frontmatter:
    """A frontmatter from its fields, its entries already made: its spans (and its YAML
    problem's) rebuilt with the ints of ``at``."""
    where, yaml_span, entries, non_mapping, is_mapping, error, unclosed = fields
    made: Frontmatter = _new(
        Frontmatter,
        (
            _new(Span, map(at, where)),
            _new(Span, map(at, yaml_span)),
            entries,
            non_mapping,
            is_mapping,
            None if error is None else _new(YamlProblem, (error[0], _new(Span, map(at, error[1])))),
            unclosed,
        ),
    )
    return made


def _items(
    items: tuple[Any, ...],
    at: Callable[[int], int],
    word: Callable[[Any], Any],
) -> tuple[FrontmatterItem, ...]:
    """A list property's items, rebuilt (most properties have none: not called for them)."""
    return tuple(
        [
            _new(
                FrontmatterItem,
                (
                    word(value) if type(value) is str else shared_value(value, word),
                    _new(Span, map(at, where)),
                ),
            )
            for value, where in items
        ]
    )


def rare_fields(
    rare: tuple[Any, ...], at: Callable[[int], int], word: Callable[[Any], Any]
) -> tuple[Any, ...]:
    """A note's block ids, citations, comments, unclosed comments and encoding problem."""
    blocks, citations, comments, unclosed, problem = rare
    return (
        tuple([_new(BlockId, (name, _new(Span, map(at, where)))) for name, where in blocks]),
        tuple(
            [_new(Citation, (word(key), _new(Span, map(at, where)))) for key, where in citations]
        ),
        tuple([(_new(Span, map(at, where)), inner) for where, inner in comments]),
        tuple([_new(Span, map(at, where)) for where in unclosed]),
        None
        if problem is None
        else _new(EncodingProblem, (_new(Span, map(at, problem[0])), *problem[1:])),
    )
