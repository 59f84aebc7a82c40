"""The links into and out of one note, each where it is written: line, column, the
frontmatter property holding it, and the line around it (what ``graph backlinks`` and
``graph links`` show).

The graph says which notes are connected; positions come from the links themselves, resolved
by the same :class:`~vaultcheck.vault.linkindex.LinkIndex` the graph was built from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from vaultcheck.core.model import Link, Note
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Resolution, Status, unresolved_key

#: Context lines longer than this are cut (a minified table row can be thousands of characters).
CONTEXT_WIDTH = 200


class LinkRecord(NamedTuple):
    """One link between ``source`` and ``target``, where it is written in ``source``."""

    source: str
    target: str
    line: int
    column: int
    kind: str
    #: ``note``, ``attachment`` or ``unresolved`` (a missing note or file).
    target_kind: str
    #: The frontmatter key holding the link, ``None`` in the body.
    property: str | None
    #: Obsidian picked this file among several of that name by the shortest path alone.
    guessed: bool
    context: str

    def as_json(self) -> dict[str, Any]:
        """The record as a JSON object (``path`` is the file the link is written in)."""
        return {
            "path": self.source,
            "line": self.line,
            "column": self.column,
            "kind": self.kind,
            "target": self.target,
            "target_kind": self.target_kind,
            "property": self.property,
            "guessed": self.guessed,
            "context": self.context,
        }


def context_line(note: Note, line: int) -> str:
    """The line, stripped, cut to :data:`CONTEXT_WIDTH` characters."""
    text = note.line_text(line).strip() if note.text else ""
    return text if len(text) <= CONTEXT_WIDTH else text[: CONTEXT_WIDTH - 1] + "…"


def _targets(link: Link, res: Resolution) -> Iterator[tuple[str, bool]]:
    """Where the graph sends this link: (target, guessed), as ``build_graph`` does."""
    if res.status is Status.RESOLVED and res.target is not None:
        yield res.target, res.guessed
    elif res.status is Status.UNRESOLVED:
        yield unresolved_key(link), False


def _record(note: Note, link: Link, target: str, guessed: bool, target_kind: str) -> LinkRecord:
    line = link.span.line
    return LinkRecord(
        note.path,
        target,
        line,
        link.span.column,
        link.kind.value,
        target_kind,
        link.key,
        guessed,
        context_line(note, line),
    )


def links_out(graph: Any, index: LinkIndex, note: Note) -> list[LinkRecord]:
    """Every link written in ``note`` that the graph holds, in the order written."""
    found = []
    for link, res in index.of(note):
        for target, guessed in _targets(link, res):
            if target in graph:
                kind = graph.nodes[target]["kind"]
                found.append(_record(note, link, target, guessed, kind))
    return sorted(found, key=lambda r: (r.line, r.column, r.target))


def links_in(graph: Any, index: LinkIndex, path: str) -> list[LinkRecord]:
    """Every link from another note of ``graph`` into ``path``, by source and position."""
    sources = sorted({u for u in graph.predecessors(path) if u != path})
    found = []
    for source in sources:
        note = index.vault.notes[source]
        for link, res in index.of(note):
            for target, guessed in _targets(link, res):
                if target == path:
                    found.append(_record(note, link, target, guessed, "note"))
    return sorted(found, key=lambda r: (r.source, r.line, r.column))
