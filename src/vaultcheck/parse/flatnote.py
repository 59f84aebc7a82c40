"""A parsed note as nested plain tuples, the form worker processes send it back in.

Pickle saves a ``NamedTuple`` through a Python-level ``__getnewargs__`` and loads it through a
Python-level ``__new__``. :func:`flatten` turns a note into nested plain tuples laid out like
the note's own fields (less its text, which the bytes give back), and :func:`unflatten` builds
the note again with the C-level ``tuple.__new__``, sharing its values with the notes already
built (:mod:`vaultcheck.parse.sharednote`). The round trip gives back an equal note (tested
on every corpus).

:func:`flatten` spells out every field of :mod:`vaultcheck.core.model`'s types; a field added
there must be added here too, which the round-trip test (a note using every field) enforces.
"""

from __future__ import annotations

import pickle
from typing import Any

from vaultcheck.core.model import Frontmatter, Note
from vaultcheck.parse.sharednote import Shared, rebuild
from vaultcheck.parse.text import decode

#: A note as :func:`flatten` gives it: only builtin types inside (plus the frontmatter's
#: YAML values, which pickle as they are).
FlatNote = tuple[Any, ...]

# Where a flat note holds these fields (one less than a Note: it has no text).
_SKIPPED_SIZE = Note._fields.index("skipped_size") - 1
_INTERNAL_ERROR = Note._fields.index("internal_error") - 1


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
    return rebuild((path, text, *rest, line_starts), shared or Shared(), _unwire)


def restore(flat: FlatNote, data: bytes, shared: Shared) -> Note:
    """The note :func:`flatten` was given, with its text decoded from its bytes ``data``
    again (as :func:`~vaultcheck.parse.text.with_text` does), its values shared."""
    parsed = flat[_SKIPPED_SIZE] is None and flat[_INTERNAL_ERROR] is None
    return unflatten(flat, shared, decode(data).text if parsed else "")


def _unwire(value: Any) -> Any:
    """Undo :func:`_wire`."""
    return pickle.loads(value[0]) if type(value) is tuple else value
