"""The tags a note's ``tags`` property gives, as Obsidian reads them.

A function of the frontmatter alone, so a note's property tags need not travel between
processes or be stored: :mod:`~vaultcheck.parse.flatrestore` makes them again from the
frontmatter it rebuilds, sharing its items' spans as the parser does (a span per tag
less). Kept apart from the parser so that loading stored notes does not import it.
"""

from __future__ import annotations

from vaultcheck.core.model import Frontmatter, Tag

_new = tuple.__new__


def frontmatter_tags(frontmatter: Frontmatter | None) -> list[Tag]:
    """Entries of ``tags`` as Obsidian reads them: a list, or one string split on commas/spaces."""
    if frontmatter is None:
        return []
    entry = frontmatter.entry("tags")
    if entry is None:
        return []
    # (Tags built with tuple.__new__, every field in order: NamedTuple's Python __new__
    # was a tenth of this.)
    if entry.items:
        return [
            _new(Tag, (str(item.value).lstrip("#"), item.span, True))
            for item in entry.items
            if isinstance(item.value, (str, int, float)) and str(item.value).strip()
        ]
    if isinstance(entry.value, str):
        return [
            _new(Tag, (part.lstrip("#"), entry.value_span, True))
            for part in entry.value.replace(",", " ").split()
        ]
    return []


def body_tags(tags: tuple[Tag, ...]) -> tuple[Tag, ...]:
    """A note's tags but those :func:`frontmatter_tags` gave it (which come first)."""
    if not tags or not tags[0].in_frontmatter:
        return tags
    return tags[sum(1 for tag in tags if tag.in_frontmatter) :]
