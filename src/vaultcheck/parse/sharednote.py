"""Equal values of notes as one object across notes.

Notes stay for the whole run, so their size is what a large vault costs. A parsed note's
line starts are mostly fresh ``int`` objects (32 bytes each) and the same link target or
property key is written in thousands of notes. :mod:`vaultcheck.parse.flatrestore` shares
the strings and ints (line starts, spans) of the notes a worker sends through a
:class:`Shared` as it builds them (with the helpers here; the ints column by column,
:class:`SharedInts`), and :func:`with_shared_starts` shares the line starts
of a note parsed in this process, the bulk of its fresh ints. Rebuilding a note parsed here
to share everything (``compact``, until the seventh round) took about 0.06 ms a note for
5 KB; its line starts alone are 0.005 ms for 1.5 KB. A worker's notes share the
ints of their links', tags', headings' and properties' spans too (about 1.2 KB a note; not
the few spans of a frontmatter's block or of the rare fields; notes parsed here share none:
rebuilding them cost more than it saved). Below ``parallel.SHARE_FROM`` notes nothing is
shared: memory is not what limits such a run, and the memos cost more than half of what
receiving a note costs without them (docs/performance.md, seventh and eighth rounds).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from vaultcheck.core.model import (
    BlockId,
    Citation,
    EncodingProblem,
    Frontmatter,
    Note,
    Span,
    YamlProblem,
)

# ``tuple.__new__(Span, fields)`` builds a Span without running its Python ``__new__``; the
# field count is right by construction, as the fields come from a note of the same layout.
_new = tuple.__new__


class _Memo(dict[Any, Any]):
    """Gives back the first value equal to the one asked for (and remembers new ones)."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


#: The most ints :class:`SharedInts` keeps in its table (about 40 bytes each): 0 to 65,535
#: covers the offsets, lines and columns of any note under 64 KB.
TABLE_MOST = 1 << 16


class SharedInts:
    """Gives back a column of ints as the first int objects of those values it met.

    Ints from 0 up are read from a table, ``table[i] is i``, in one C call per column
    (``itemgetter(*column)(table)``): about a quarter of the instructions of a dict memo
    asked int by int through ``map``, whose lookup compares each fresh int with its key
    (callgrind: 132 against 456 instructions an int past 256; receiving a worker's note,
    7 % fewer in all, docs/performance.md, tenth round). The table grows to the largest
    value asked for, up to :data:`TABLE_MOST`; a column with a value past it goes through a
    memo instead.
    """

    __slots__ = ("_memo", "_table")

    def __init__(self) -> None:
        self._table: tuple[int, ...] = ()
        self._memo = _IntMemo(self)

    def __call__(self, column: tuple[int, ...]) -> tuple[int, ...]:
        """``column`` with each int replaced by the first object of its value."""
        if len(column) > 1:  # ``itemgetter`` of one item gives the item, not a tuple
            made = self._read(column)
            # A negative value is read from the table's end (an index counted backwards):
            # offsets, lines and columns are never negative, but a wrong int must not pass
            # unseen all the same. Comparing costs little: most ints are Python's cached
            # small ones, the very same objects (a sum of each side cost four times more).
            if made is not None and made == column:
                return made
        return tuple(map(self._memo.__getitem__, column))

    def table_value(self, value: int) -> int | None:
        """The table's object for ``value``, if the table holds it."""
        table = self._table
        return table[value] if 0 <= value < len(table) else None

    def _read(self, column: tuple[int, ...]) -> tuple[int, ...] | None:
        """``column`` read from the table, grown to hold it if need be (``None`` when it
        cannot: a value past :data:`TABLE_MOST`, or negative)."""
        try:
            made: tuple[int, ...] = itemgetter(*column)(self._table)
            return made
        except IndexError:
            pass
        top = max(column) + 1
        if top > TABLE_MOST or min(column) < 0:
            return None
        # Doubling at least: a table grown a little for each longer note would be copied
        # again and again. The ints it holds already stay the same objects, and so do
        # those the memo gave out (a column with a value past the table went through it).
        size = len(self._table)
        more = range(size, min(max(top, 2 * size), TABLE_MOST))
        self._table = (*self._table, *map(self._memo.get, more, more))
        made = itemgetter(*column)(self._table)
        return made


class _IntMemo(dict[int, int]):
    """The ints of columns :class:`SharedInts` could not read from its table, each given
    back as the table's object for its value when the table has one."""

    __slots__ = ("_ints",)

    def __init__(self, ints: SharedInts) -> None:
        super().__init__()
        self._ints = ints

    def __missing__(self, value: int) -> int:
        found = self._ints.table_value(value)
        made = self[value] = value if found is None else found
        return made


class Shared:
    """The ints and the strings notes built with it share: one object for each value;
    without ``ints``, the strings only.

    Two memos, not one: in one dict ``1``, ``1.0`` and ``True`` would be the same key.
    """

    __slots__ = ("ints", "str")

    def __init__(self, ints: bool = True, strings: bool = True) -> None:
        #: A column of ints given back as the first objects of their values
        #: (``None``: ints are kept as they come).
        self.ints: SharedInts | None = SharedInts() if ints else None
        #: The first string (or tuple of strings, or ``None``) equal to the one given
        #: (``None``: strings are kept as they come).
        self.str: Callable[[Any], Any] | None = _Memo().__getitem__ if strings else None


def with_shared_starts(note: Note, shared: Shared) -> Note:
    """``note`` (parsed in this process) with its line starts shared through ``shared``.

    A note's line starts are most of its fresh ints (about 1.5 KB a note); sharing them
    alone costs about a tenth of rebuilding the whole note to share every value, which
    ``compact`` did until the seventh round (docs/performance.md)."""
    fields: tuple[Any, ...] = note
    ints = shared.ints
    if ints is None:
        return note
    # ``line_starts`` is a note's last field (tested).
    made: Note = _new(Note, (*fields[:-1], ints(fields[-1])))
    return made


def _same(value: Any) -> Any:
    return value


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


def frontmatter_of(fields: tuple[Any, ...]) -> Frontmatter:
    """A frontmatter from its fields, its entries already made: its spans (and its YAML
    problem's) rebuilt."""
    where, yaml_span, entries, non_mapping, is_mapping, error, unclosed = fields
    made: Frontmatter = _new(
        Frontmatter,
        (
            _new(Span, where),
            _new(Span, yaml_span),
            entries,
            non_mapping,
            is_mapping,
            None if error is None else _new(YamlProblem, (error[0], _new(Span, error[1]))),
            unclosed,
        ),
    )
    return made


def rare_fields(rare: tuple[Any, ...], word: Callable[[Any], Any] | None) -> tuple[Any, ...]:
    """A note's block ids, citations, comments, unclosed comments and encoding problem
    (the citation keys shared through ``word`` when given)."""
    blocks, citations, comments, unclosed, problem = rare
    if word is None:
        word = _same
    return (
        tuple([_new(BlockId, (name, _new(Span, where))) for name, where in blocks]),
        tuple([_new(Citation, (word(key), _new(Span, where))) for key, where in citations]),
        tuple([(_new(Span, where), inner) for where, inner in comments]),
        tuple([_new(Span, where) for where in unclosed]),
        None if problem is None else _new(EncodingProblem, (_new(Span, problem[0]), *problem[1:])),
    )
