"""The links a fix edits lead where its rule means them to, and nowhere else.

The rest of the verifier (``notediff.link_damage``) checks the links *outside* a note's edits.
The links an edit touches are the ones the fix means to change, but most fixes mean to change
only how a link is written: LNK008's case fix once turned ``[[sub\\other]]`` into
``[[Other]]``, which opens another file. So each rule says what its fixes do to links
(:class:`~vaultcheck.core.diagnostics.LinkEffect`), and here the links an edit touches,
before and after, are held to it: the file each opens (a broken link by the name it asks
for), its heading path as Obsidian compares headings, its block id, and whether it embeds.

Links are compared as a multiset per group of edits rather than one by one, since a fix may
move a link (FM008 merging ``tag:`` into ``tags:`` removes it in one place and writes it in
another): the edits of one fix are one group, and so are edits that one link spans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from vaultcheck.core.diagnostics import LinkEffect
from vaultcheck.core.model import Link, Note, Span
from vaultcheck.rules.link_anchors import heading_key
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.names import fold
from vaultcheck.vault.resolve import Status

#: The key a destination is compared by: status, file (or the name a broken link asks for),
#: heading keys, block id, embed.
Key = tuple[str, str, tuple[str, ...], str | None, bool]


class Destination(NamedTuple):
    """Where one link leads, and the link as written, to say so."""

    key: Key
    shown: str  # the destination, for messages
    written: str  # the link's text
    line: int

    @property
    def resolved(self) -> bool:
        return self.key[0] == Status.RESOLVED.value


def _destination(links: LinkIndex, note: Note, link: Link) -> Destination:
    res = links.resolve(note, link)
    if res.target is not None:
        where, shown = res.target, f"`{res.target}`"
    elif res.status is Status.EMPTY:
        where, shown = "", "nothing (an empty link)"
    else:
        where, shown = fold(link.target), f"the missing note `{link.target}`"
    anchor = "".join(f"#{h}" for h in link.headings) + (
        f"#^{link.block}" if link.block is not None else ""
    )
    if anchor:
        shown = f"{shown} at `{anchor}`"
    key = (
        res.status.value,
        where,
        tuple(heading_key(h) for h in link.headings),
        link.block,
        link.embed,
    )
    written = note.text[link.span.start : link.span.end]
    return Destination(key, shown, written, link.span.line)


class _Groups:
    """Union-find over edit indexes: a fix's edits, and edits one link spans, go together."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, indexes: Sequence[int]) -> None:
        for i in indexes[1:]:
            self.parent[self.find(i)] = self.find(indexes[0])


def _touched(span: Span, ranges: list[tuple[int, int]], starts: list[int]) -> list[int]:
    """The edits (by index into sorted, non-overlapping ``ranges``) that ``span`` meets, an
    insertion at its very start or end included."""
    found = []
    i = bisect_right(starts, span.end) - 1  # the last edit starting at or before its end
    while i >= 0 and ranges[i][1] >= span.start:
        found.append(i)
        i -= 1
    return found


def intent_damage(
    before: Note,
    after: Note,
    old: list[tuple[int, int]],
    new: list[tuple[int, int]],
    owners: Sequence[tuple[int, LinkEffect]],
    links: LinkIndex,
) -> str | None:
    """Why the links the edits touch would not lead where their fixes mean them to, or
    ``None``. ``old`` and ``new`` are each edit's range in the text before and after (sorted,
    not overlapping); ``owners`` each edit's fix (an index) and what that fix may do to links."""
    groups = _Groups(len(old))
    first: dict[int, int] = {}
    for i, (fix, _) in enumerate(owners):
        groups.join([first.setdefault(fix, i), i])
    seen: list[tuple[list[int], Destination, bool]] = []  # (edits, destination, before?)
    for note, ranges, is_before in ((before, old, True), (after, new, False)):
        starts = [start for start, _ in ranges]
        for link in note.links:
            hit = _touched(link.span, ranges, starts)
            if hit:
                groups.join(hit)
                seen.append((hit, _destination(links, note, link), is_before))
    was: dict[int, list[Destination]] = {}
    now: dict[int, list[Destination]] = {}
    for hit, dest, is_before in seen:
        (was if is_before else now).setdefault(groups.find(hit[0]), []).append(dest)
    effects: dict[int, set[LinkEffect]] = {}
    for i, (_, effect) in enumerate(owners):
        effects.setdefault(groups.find(i), set()).add(effect)
    for group in sorted(set(was) | set(now)):
        reason = _judge(was.get(group, []), now.get(group, []), effects[group])
        if reason is not None:
            return reason
    return None


def _judge(was: list[Destination], now: list[Destination], effects: set[LinkEffect]) -> str | None:
    """Why a group's links before (``was``) and after (``now``) break what its fixes may do."""
    if LinkEffect.RETARGET in effects:
        return None
    before, after = Counter(d.key for d in was), Counter(d.key for d in now)
    lost, gained = _unmatched(was, before - after), _unmatched(now, after - before)
    if LinkEffect.REPAIR in effects:
        # A broken link may become what it was meant to be: pair each lost broken link with
        # something gained.
        broken = [d for d in lost if not d.resolved]
        mended = min(len(broken), len(gained))
        lost = [d for d in lost if d.resolved] + broken[mended:]
        gained = gained[mended:]
    if lost and LinkEffect.REMOVE not in effects:
        gone = lost[0]
        if gained:
            return (
                f"`{gone.written}` on line {gone.line} would lead to {gained[0].shown} "
                f"instead of {gone.shown}"
            )
        return f"`{gone.written}` on line {gone.line} would no longer be a link to {gone.shown}"
    if gained and LinkEffect.ADD not in effects:
        made = gained[0]
        return f"it would make `{made.written}` on line {made.line} a link to {made.shown}"
    return None


def _unmatched(found: list[Destination], extra: Counter[Key]) -> list[Destination]:
    """The links of ``found`` that the multiset difference ``extra`` counts, in order."""
    left = Counter(extra)
    out = []
    for d in found:
        if left[d.key] > 0:
            left[d.key] -= 1
            out.append(d)
    return out
