"""Notes as plain tuples (what parse workers send back): the round trip gives the same note,
for every field of every model type and for every note of the real corpora."""

from __future__ import annotations

import pickle
from typing import Any, NamedTuple

import pytest

from tests.conftest import corpus
from vaultcheck.core import model
from vaultcheck.core.model import Note
from vaultcheck.parse.flatnote import flatten
from vaultcheck.parse.flatrestore import unflatten
from vaultcheck.parse.note import parse_note, parse_safely
from vaultcheck.parse.sharednote import Shared, with_shared_starts
from vaultcheck.parse.text import without_text

RICH = """---
aliases: [Other name]
tags: [alpha, beta/gamma]
up: "[[Parent#Part|shown]]"
when: 2024-05-01
---
# Title

Text [[Target#H1#H2|alias]] and ![[picture.png|300]] and [md](Some%20Note.md#Part).
A citation [@doe99, p. 4] and #inline-tag. <!-- vaultcheck: disable LNK001 -->
Link to a block [[Target#^abc]] and [[#Local heading]].

A paragraph with an id ^para-1

%% never closed
"""


def _samples() -> list[Note]:
    """Notes that between them give every field of every model type a non-default value."""
    return [
        parse_note(RICH.encode(), "folder/rich.md"),
        parse_note(b"---\n- a\n- b\n---\nlist frontmatter\n", "list.md"),
        # Containers in properties and list items, which workers pickle apart.
        parse_note(b"---\nmap: {a: 1, b: [x]}\nnested: [[1, 2], x, {k: v}]\n---\n", "nested.md"),
        parse_note(b"---\nkey: [unclosed\n---\nbroken YAML\n", "broken.md"),
        parse_note(b"---\ntitle: x\nnever closed\n", "unclosed.md"),
        parse_note(b"caf\xe9 and [[A]]\n", "latin1.md"),
        parse_note(b"\x00\x01binary", "binary.md"),
        parse_safely(b"x" * 100, "huge.md", max_bytes=10),
        Note(path="crashed.md", text="", internal_error="ValueError: boom"),
        Note(path="unreadable.md", text="", unread=True),
    ]


def _round_trip(notes: list[Note]) -> list[Note]:
    # Through pickle too, as the result travels from the worker.
    return unflatten(pickle.loads(pickle.dumps(flatten(notes), pickle.HIGHEST_PROTOCOL)))


@pytest.mark.parametrize("note", _samples(), ids=lambda n: n.path)
def test_round_trip_gives_the_same_note(note: Note) -> None:
    (back,) = _round_trip([note])
    assert back == without_text(note)
    assert [type(x) for x in _walk(back)] == [type(x) for x in _walk(without_text(note))]


def test_a_chunk_of_different_notes_comes_back_note_by_note() -> None:
    # Columns hold the values of all notes of a chunk: each note must get its own back, also
    # next to notes without links, properties, line starts or a target span on each link.
    notes = [*_samples(), *_samples()[::-1], Note(path="empty.md", text="")]
    back = _round_trip(notes)
    assert back == [without_text(note) for note in notes]
    assert [[type(x) for x in _walk(n)] for n in back] == [
        [type(x) for x in _walk(without_text(n))] for n in notes
    ]
    # Given their texts, they come back whole, line starts included.
    assert unflatten(flatten(notes), [note.text for note in notes]) == notes
    # And the same without sharing ints or strings (values kept as they come, containers
    # pickled by themselves loaded all the same).
    alone = Shared(ints=False, strings=False)
    flat = pickle.loads(pickle.dumps(flatten(notes), pickle.HIGHEST_PROTOCOL))
    assert unflatten(flat, [note.text for note in notes], alone) == notes


def test_notes_from_a_chunk_share_equal_line_starts_and_strings() -> None:
    shared = Shared()
    notes = [
        parse_note(b"---\ntags: [a]\n---\n" + letter * 300 + b" [[Target]]\n", f"{i}.md")
        for i, letter in enumerate([b"x", b"y"])
    ]
    first, second = unflatten(flatten(notes), [n.text for n in notes], shared)
    # A note parsed here shares its line starts through the same memo.
    third = with_shared_starts(parse_note(b"z" * 318 + b" [[Target]]\n", "3.md"), shared)
    one, two = first.links[0], second.links[0]
    assert one.target is two.target
    assert first.frontmatter and second.frontmatter
    assert first.frontmatter.entries[0].key is second.frontmatter.entries[0].key
    assert first.frontmatter.entries[0].value[0] is second.frontmatter.entries[0].value[0]
    assert first.line_starts[-1] > 256  # not one of Python's cached ints
    assert first.line_starts[-1] is second.line_starts[-1] is third.line_starts[-1]
    # Without the int memo, strings only: line starts are kept as they came.
    first, second = unflatten(flatten(notes), [n.text for n in notes], Shared(ints=False))
    assert first.links[0].target is second.links[0].target
    assert first.line_starts == second.line_starts
    assert first.line_starts[-1] is not second.line_starts[-1]


def test_property_tags_come_back_on_their_items_spans() -> None:
    """Property tags are not sent but made again from the frontmatter: on the very spans of
    its items (or value), as parsing gives them, after a round trip."""
    text = b"---\ntags: [a, '#b']\n---\n#body\n---\ntags: c, d\n---\n"
    notes = [parse_note(text, "list.md"), parse_note(b"---\ntags: c, d\n---\n#e\n", "s.md")]
    back = unflatten(flatten(notes), [n.text for n in notes])
    assert back == notes
    for note in [*back, *notes]:
        assert note.frontmatter is not None
        entry = note.frontmatter.entries[0]
        spans = [item.span for item in entry.items] or [entry.value_span, entry.value_span]
        assert [tag.span for tag in note.tags if tag.in_frontmatter] == spans
        assert all(t.span is s for t, s in zip(note.tags, spans, strict=False))
        assert [tag.name for tag in note.tags][-1] in ("body", "e")


@pytest.mark.parametrize("note", _samples(), ids=lambda n: n.path)
def test_a_note_with_shared_line_starts_is_the_same_note(note: Note) -> None:
    assert Note._fields[-1] == "line_starts"  # what with_shared_starts replaces
    back = with_shared_starts(note, Shared())
    assert back == note
    assert [type(x) for x in _walk(back)] == [type(x) for x in _walk(note)]


def _walk(value: Any) -> list[Any]:
    """``value`` and every tuple inside it, depth first."""
    found = [value]
    if isinstance(value, tuple):
        for item in value:
            found.extend(_walk(item))
    return found


def test_the_samples_use_every_field_of_every_model_type() -> None:
    # A field the samples never set could be dropped or swapped by flatten without notice.
    types = {
        cls
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")
    }
    stripped = {("Note", "text")}  # not flattened: the bytes give it
    seen: set[tuple[str, str]] = set()
    for note in _samples():
        for value in _walk(note):
            if type(value) in types:
                nt: NamedTuple = value
                for name, field_value in zip(nt._fields, nt, strict=True):
                    default = type(value)._field_defaults.get(name, object())
                    if field_value != default:
                        seen.add((type(value).__name__, name))
    wanted = {(cls.__name__, name) for cls in types for name in cls._fields}
    assert wanted - stripped - seen == set()


@pytest.mark.parametrize(
    "name", ["OldManUmby__DND.SRD.Wiki", "foambubble__foam_docs", "kepano__kepano-obsidian"]
)
def test_round_trip_of_every_corpus_note(name: str) -> None:
    root = corpus(name)
    shared = Shared()
    notes = [
        parse_safely(path.read_bytes(), path.relative_to(root).as_posix())
        for path in sorted(root.rglob("*.md"))
    ]
    for note in notes:
        assert _round_trip([note]) == [without_text(note)], note.path
        assert with_shared_starts(note, shared) == note, note.path
    for start in range(0, len(notes), 100):  # in chunks, as workers send them
        chunk = notes[start : start + 100]
        assert _round_trip(chunk) == [without_text(note) for note in chunk]
