"""The related-notes property: its entries, resolved like links (and, optionally, by alias)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from vaultcheck.core.model import Link, LinkKind, Note, Span
from vaultcheck.parse.linksyntax import WIKILINK_RE, split_wikilink
from vaultcheck.vault.build import Vault, fold, strip_md
from vaultcheck.vault.resolve import RESOLVED, UNRESOLVED, Resolution, resolve


class RelatedEntry(NamedTuple):
    """One entry of the related list: as written, its target name, where it leads, and
    what identifies that target (worked out once: REL003 and REL005 compare every entry by
    it)."""

    written: str
    target: str
    span: Span
    resolution: Resolution
    #: Written as ``"[[Name]]"``: then it is also a frontmatter link, checked by LNK rules.
    wikilink: bool
    #: The entry's target path, or its folded name when unresolved (:func:`entry_key`).
    key: str


def entry_key(resolution: Resolution, target: str) -> str:
    """The same identity for a body link, to compare a section with the list."""
    return resolution.target or fold(strip_md(target))


def related_entries(
    note: Note,
    vault: Vault,
    key: str = "related",
    by_alias: bool = True,
    resolver: Callable[[Note, Link], Resolution] | None = None,
    answers: Mapping[str, object] | None = None,
) -> list[RelatedEntry]:
    """The string entries of the related ``key`` (REL006 reports the rest). ``resolver``
    resolves a link (the link index's memoised one, so shared names stay linear);
    ``answers`` are its answers by target where the folder does not matter
    (:attr:`~vaultcheck.vault.linkindex.LinkIndex.answers`), read first: most entries name
    a note the vault links to anyway."""
    fm = note.frontmatter
    entry = fm.entry(key) if fm is not None else None
    if entry is None:
        return []
    known = answers if answers is not None else {}
    # An item is a (value, span) pair too.
    items = entry.items or ((entry.value, entry.value_span),)
    result = []
    for item in items:
        # By place, not ``value, span = item``: unpacking a named tuple goes through an
        # iterator on CPython 3.11 (a tuple subclass: not the specialised unpacking).
        value, span = item[0], item[1]
        if not isinstance(value, str) or not (written := value.strip()):
            continue
        # ``[``, not ``startswith("[[")`` (its arguments are parsed as a tuple on every
        # call, 3 times the test): the pattern itself needs the two brackets.
        match = WIKILINK_RE.fullmatch(written) if written[0] == "[" else None
        target = split_wikilink(match.group(1)).target if match else written
        resolution = known.get(target)
        if type(resolution) is not Resolution:
            # Built as the parser builds links (``tuple.__new__``, no Python ``__new__``).
            link = _new(Link, (_PROPERTY, target, span, *_LINK_DEFAULTS))
            resolution = resolver(note, link) if resolver else resolve(vault, note, link)
        if resolution.status is UNRESOLVED and by_alias:
            owners = vault.alias_owners(strip_md(target))
            if len(owners) == 1:
                resolution = Resolution(RESOLVED, owners[0])
        found = resolution.target or fold(strip_md(target))
        result.append(_new(RelatedEntry, (value, target, span, resolution, bool(match), found)))
    return result


_new = tuple.__new__
#: A link's fields after its kind, target and span, as ``Link(kind, target, span)`` has them.
_LINK_DEFAULTS = tuple(Link._field_defaults.values())
# Module constants: reading an Enum's member from its class costs a lookup through the
# Enum's machinery (about 0.15 µs on CPython 3.11), paid per entry.
_PROPERTY = LinkKind.FRONTMATTER
