"""Notes' bytes given back by their parsed notes, so a run holds each note once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from vaultcheck.core.model import Note


class TextBytes(Mapping[str, bytes]):
    """The notes' bytes once they are parsed: a note whose text encodes back to exactly its
    bytes gives them back from its text, so a run does not hold every note twice (154 MB at
    50,000 notes); the others (not UTF-8, too large, failed) keep their bytes."""

    def __init__(self, held: dict[str, bytes | Note]) -> None:
        self._held = held

    def with_bytes(self, path: str, content: bytes) -> TextBytes:
        """These bytes with the note ``path``'s replaced (or added)."""
        return TextBytes({**self._held, path: content})

    def __getitem__(self, path: str) -> bytes:
        held = self._held[path]  # a note only if its text encodes back to its bytes
        return held if isinstance(held, bytes) else held.text.encode("utf-8", "surrogatepass")

    def __contains__(self, path: object) -> bool:
        return path in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)


def holding(note: Note, content: bytes) -> bytes | Note:
    """``note`` if its text gives back exactly ``content`` (see :class:`TextBytes`), else
    ``content``."""
    same = note.text.encode("utf-8", "surrogatepass") == content
    return note if same else content


def parsed_holding(note: Note, content: bytes) -> bytes | Note:
    """:func:`holding` of a note just parsed from ``content`` (as ``parse_safely`` makes
    it, here or in a worker): its text is then ``content`` decoded as strict UTF-8, which
    encodes back to exactly ``content``, unless the note says why it is not (an encoding
    problem, binary, too large, a parser failure, unread). Encoding every note back to
    compare cost 0.05 s for the 44 MB of a vault in 38 languages (a tenth of that in ASCII);
    ``tests/test_cache.py`` holds this to :func:`holding` on every corpus."""
    if (
        note.encoding_problem is None
        and note.skipped_size is None
        and note.internal_error is None
        and not note.unread
        and (note.text or not content)
    ):
        return note
    return holding(note, content)
