"""A parsed note as nested plain tuples (how worker processes send it back), and notes
rebuilt so that equal values are one object across notes.

Pickle saves a ``NamedTuple`` through a Python-level ``__getnewargs__`` and loads it through a
Python-level ``__new__``. :func:`flatten` turns a note into nested plain tuples laid out like
the note's own fields, and :func:`unflatten` builds the note again with the C-level
``tuple.__new__``. The round trip gives back an equal note (tested on every corpus).

Rebuilding is also where notes share their values, through a :class:`Shared` memo: equal
offsets and equal strings (link targets, heading texts, property keys) become one object
across all notes instead of one per use. A parsed note's offsets are mostly fresh ``int``
objects (32 bytes each) and the same link target or property key is written in thousands of
notes: sharing them is about 55 MB in 180 at 10,000 notes. :func:`compact` does the same for
a note parsed in this process, in one pass over the note itself (a Note has the layout of a
flat note, plus its text). Each span is built inline, as ``tuple.__new__(Span, map(...))``:
a helper function called per span was a third of the rebuild. Sharing equal spans too
(40 % of them repeat) would save memory, but a memo of every span cost more CPU than the
rebuild saved (docs/performance.md).

Both spell out every field of :mod:`vaultcheck.core.model`'s types by position; a field added
there must be added here too, which the round-trip test (a note using every field) enforces.
"""

from __future__ import annotations

import pickle
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
    LinkKind,
    Note,
    Span,
    Tag,
    YamlProblem,
)
from vaultcheck.parse.text import decode

#: A note as :func:`flatten` gives it: only builtin types inside (plus the frontmatter's
#: YAML values, which pickle as they are).
FlatNote = tuple[Any, ...]

#: A link's kind from its value (a flat note) or from itself (a note being compacted).
_KINDS: dict[Any, LinkKind] = {
    **{kind.value: kind for kind in LinkKind},
    **{k: k for k in LinkKind},
}

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from a note of the same layout.
_new = tuple.__new__

# Where a flat note holds these fields (one less than a Note: it has no text).
_SKIPPED_SIZE = Note._fields.index("skipped_size") - 1
_INTERNAL_ERROR = Note._fields.index("internal_error") - 1


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
    """``note`` without its text, as plain tuples (see the module docstring)."""
    problem = note.encoding_problem
    return (
        note.path,
        _flat_frontmatter(note.frontmatter),
        tuple(
            [
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
            ]
        ),
        tuple([(tag.name, tuple(tag.span), tag.in_frontmatter) for tag in note.tags]),
        tuple([(h.level, h.text, tuple(h.span)) for h in note.headings]),
        tuple([(block.name, tuple(block.span)) for block in note.block_ids]),
        tuple([(citation.key, tuple(citation.span)) for citation in note.citations]),
        tuple([(tuple(span), inner) for span, inner in note.comments]),
        tuple([tuple(span) for span in note.unclosed_comments]),
        None if problem is None else (tuple(problem.span), problem.bad_bytes, problem.binary),
        note.skipped_size,
        note.internal_error,
        note.unread,
        note.line_starts,
    )


def _flat_frontmatter(fm: Frontmatter | None) -> tuple[Any, ...] | None:
    if fm is None:
        return None
    return (
        tuple(fm.span),
        tuple(fm.yaml_span),
        tuple(
            [
                (
                    entry.key,
                    _wire(entry.value),
                    tuple(entry.key_span),
                    tuple(entry.value_span),
                    tuple([(_wire(item.value), tuple(item.span)) for item in entry.items]),
                )
                for entry in fm.entries
            ]
        ),
        _wire(fm.non_mapping),
        fm.is_mapping,
        None if fm.error is None else (fm.error.message, tuple(fm.error.span)),
        fm.unclosed,
    )


#: Property values that may hold other values (YAML aliases can make them share some).
_CONTAINERS = frozenset({list, dict, set, tuple})


def _wire(value: Any) -> Any:
    """A property's value as a worker sends it: a container pickled by itself in a 1-tuple
    (pickle's memo keeps the values a YAML alias shares shared, where the worker's pickler,
    which has no memo, would write each use out again: a YAML "billion laughs" of a few
    hundred bytes was 74 MB that way); other values as they are."""
    return (pickle.dumps(value, pickle.HIGHEST_PROTOCOL),) if type(value) in _CONTAINERS else value


def unflatten(flat: FlatNote, shared: Shared | None = None, text: str | None = None) -> Note:
    """The note :func:`flatten` was given, its equal values shared through ``shared``, with
    ``text`` as its text; without one, also without its line starts (as
    :func:`~vaultcheck.parse.text.without_text` leaves a note)."""
    path, *rest, line_starts = flat
    if text is None:
        text, line_starts = "", ()
    return _rebuild((path, text, *rest, line_starts), shared or Shared(), _unwire)


def restore(flat: FlatNote, data: bytes, shared: Shared) -> Note:
    """The note :func:`flatten` was given, with its text decoded from its bytes ``data``
    again (as :func:`~vaultcheck.parse.text.with_text` does), its values shared."""
    parsed = flat[_SKIPPED_SIZE] is None and flat[_INTERNAL_ERROR] is None
    return unflatten(flat, shared, decode(data).text if parsed else "")


def compact(note: Note, shared: Shared) -> Note:
    """``note`` (parsed in this process) rebuilt with the values of ``shared``: equal, and
    smaller in memory once many notes share them."""
    return _rebuild(note, shared, _as_is)


def _unwire(value: Any) -> Any:
    """Undo :func:`_wire`."""
    return pickle.loads(value[0]) if type(value) is tuple else value


def _as_is(value: Any) -> Any:
    return value


def _rebuild(fields: tuple[Any, ...], shared: Shared, unwire: Callable[[Any], Any]) -> Note:
    """A note from a note's fields (a Note, or a flat note with its text put back and its
    property values to ``unwire``), its values shared."""
    path, text, fm, links, tags, headings, blocks, citations, comments, unclosed, *rest = fields
    problem, skipped_size, internal_error, unread, line_starts = rest
    at, word = shared.int, shared.str
    made: Note = _new(
        Note,
        (
            path,
            text,
            None if fm is None else _rebuild_frontmatter(fm, at, word, unwire),
            tuple(
                [
                    _new(
                        Link,
                        (
                            _KINDS[kind],
                            word(target),
                            _new(Span, map(at, where)),
                            word(heads),
                            block,
                            word(shown),
                            embed,
                            word(key),
                            None if target_span is None else _new(Span, map(at, target_span)),
                        ),
                    )
                    for kind, target, where, heads, block, shown, embed, key, target_span in links
                ]
            ),
            tuple(
                [
                    _new(Tag, (word(name), _new(Span, map(at, where)), in_fm))
                    for name, where, in_fm in tags
                ]
            ),
            tuple(
                [
                    _new(Heading, (level, word(h), _new(Span, map(at, where))))
                    for level, h, where in headings
                ]
            ),
            tuple([_new(BlockId, (name, _new(Span, map(at, where)))) for name, where in blocks]),
            tuple(
                [
                    _new(Citation, (word(key), _new(Span, map(at, where))))
                    for key, where in citations
                ]
            ),
            tuple([(_new(Span, map(at, where)), inner) for where, inner in comments]),
            tuple([_new(Span, map(at, where)) for where in unclosed]),
            None
            if problem is None
            else _new(EncodingProblem, (_new(Span, map(at, problem[0])), *problem[1:])),
            skipped_size,
            internal_error,
            unread,
            tuple(map(at, line_starts)),
        ),
    )
    return made


def _value(value: Any, word: Callable[[Any], Any], unwire: Callable[[Any], Any]) -> Any:
    """A property's value with its strings shared: a string, or the strings of a list
    (rebuilt, not changed in place; other values as they are)."""
    if type(value) is tuple:
        value = unwire(value)
    if type(value) is str:
        return word(value)
    if type(value) is list:
        return [word(item) if type(item) is str else item for item in value]
    return value


def _rebuild_frontmatter(
    fm: tuple[Any, ...],
    at: Callable[[int], int],
    word: Callable[[Any], Any],
    unwire: Callable[[Any], Any],
) -> Frontmatter:
    where, yaml_span, entries, non_mapping, is_mapping, error, unclosed = fm
    made: Frontmatter = _new(
        Frontmatter,
        (
            _new(Span, map(at, where)),
            _new(Span, map(at, yaml_span)),
            tuple(
                [
                    _new(
                        FrontmatterEntry,
                        (
                            word(key),
                            word(value) if type(value) is str else _value(value, word, unwire),
                            _new(Span, map(at, key_span)),
                            _new(Span, map(at, value_span)),
                            _items(items, at, word, unwire) if items else (),
                        ),
                    )
                    for key, value, key_span, value_span, items in entries
                ]
            ),
            unwire(non_mapping),
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
    unwire: Callable[[Any], Any],
) -> tuple[FrontmatterItem, ...]:
    """A list property's items, rebuilt (most properties have none: not called for them)."""
    return tuple(
        [
            _new(
                FrontmatterItem,
                (
                    word(value) if type(value) is str else _value(value, word, unwire),
                    _new(Span, map(at, where)),
                ),
            )
            for value, where in items
        ]
    )
