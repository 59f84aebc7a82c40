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
