"""YAML values shared through anchors: a fix must not edit them.

``aliases: &a [x, x]`` and ``copy: *a`` make ``copy`` read the very list ``aliases`` holds:
removing the duplicate from one changes the other, which the fix never meant to touch. The
same goes for a value that is itself an alias (``aliases: *a``), whose items are written at
the anchor. So the verifier refuses any fix whose edits reach a node carrying an anchor
(``&a``) or an alias node (``*a``), and every byte stays as it was.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import yaml

from vaultcheck.core.diagnostics import Edit
from vaultcheck.core.model import Note
from vaultcheck.parse.yamltypes import SafeLoader


class SharedNode(NamedTuple):
    """Where an anchored node or an alias is written (offsets into the note's text)."""

    start: int
    end: int
    #: ``&a`` for the node carrying the anchor, ``*a`` for an alias.
    written: str


def shared_nodes(note: Note) -> list[SharedNode]:
    """The anchored nodes and aliases of ``note``'s frontmatter (none when it is not valid
    YAML, or when it holds no ``&`` or ``*`` at all: most frontmatter)."""
    fm = note.frontmatter
    if fm is None or fm.unclosed or fm.error is not None:
        return []
    base, end = fm.yaml_span.start, fm.yaml_span.end
    text = note.text[base:end]
    if "&" not in text and "*" not in text:
        return []
    found: list[SharedNode] = []
    open_collections: list[tuple[int, str | None]] = []  # (start, anchor) of each open one
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            assert event.start_mark is not None and event.end_mark is not None  # (parsed text)
            start, stop = event.start_mark.index, event.end_mark.index
            if isinstance(event, yaml.AliasEvent):
                found.append(SharedNode(base + start, base + stop, f"*{event.anchor}"))
            elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                found.append(SharedNode(base + start, base + stop, f"&{event.anchor}"))
            elif isinstance(event, yaml.CollectionStartEvent):
                open_collections.append((start, event.anchor))
            elif isinstance(event, yaml.CollectionEndEvent):
                opened, anchor = open_collections.pop()
                if anchor is not None:
                    # A block collection ends where the next token starts (its end event is
                    # empty there): an item appended at that point still joins it.
                    found.append(SharedNode(base + opened, base + stop, f"&{anchor}"))
    except yaml.YAMLError:
        return []  # (the frontmatter was read as valid; a parse error here shares nothing)
    return found


def shared_damage(note: Note, edits: list[Edit]) -> str | None:
    """Why ``edits`` must not be applied to ``note``: the first anchored node or alias of its
    frontmatter that an edit changes part of, or inserts into (its ends included).

    An edit over the whole of an alias (``tag: *t`` removed) changes no other property; nor
    does one over the whole of an anchored node that does not write its anchor again (any
    ``*a`` left would then be undefined: the YAML check refuses that)."""
    nodes = shared_nodes(note)
    for edit in edits:
        for node in nodes:
            if not _reaches(edit, node) or _replaces_whole(edit, node):
                continue
            line = bisect_right(note.line_starts, node.start)
            if node.written.startswith("&"):
                return (
                    f"it would edit the value anchored as `{node.written}` on line {line}, "
                    f"which every `*{node.written[1:]}` shares"
                )
            return (
                f"it would edit the alias `{node.written}` on line {line}, "
                f"whose value is the one anchored as `&{node.written[1:]}`"
            )
    return None


def _reaches(edit: Edit, node: SharedNode) -> bool:
    if edit.start == edit.end:
        return node.start <= edit.start <= node.end
    return edit.start < node.end and node.start < edit.end


def _replaces_whole(edit: Edit, node: SharedNode) -> bool:
    if not edit.start <= node.start < node.end <= edit.end:
        return False
    return node.written.startswith("*") or not re.search(
        re.escape(node.written) + r"(?![^\s,\[\]{}])", edit.replacement
    )
