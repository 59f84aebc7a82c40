"""The vault as a networkx ``MultiDiGraph``.

Nodes are notes, attachments, excluded files that links reach, and unresolved targets
(``kind`` says which); edges are links, one per link as written, to the file Obsidian opens,
with where and how it was written and how the target was chosen.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from vaultcheck.core.model import Note
from vaultcheck.vault.build import Vault, aliases_of
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status, unresolved_key


def note_title(note: Note) -> str:
    """The ``title`` property when it is a string, else the file name."""
    title = note.frontmatter.get("title") if note.frontmatter else None
    return title if isinstance(title, str) and title.strip() else note.name


def build_graph(vault: Vault, links: LinkIndex) -> Any:
    """Build the graph: O(notes + links)."""
    graph = nx.MultiDiGraph()
    for note in vault:
        graph.add_node(
            note.path,
            kind="note",
            path=note.path,
            title=note_title(note),
            tags=tuple(sorted({t.name for t in note.tags})),
            aliases=tuple(aliases_of(note)),
            folder=note.folder,
        )
    for path in sorted(vault.attachments):
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        graph.add_node(path, kind="attachment", path=path, folder=folder)
    excluded = vault.excluded
    for note in vault:
        for link, resolution in links.of(note):
            attrs: dict[str, Any] = {
                "kind": link.kind.value,
                "line": link.span.line,
                "heading": "#".join(link.headings),
                "block": link.block or "",
                # "key" is reserved by networkx for multi-edge keys.
                "property": link.key or "",
            }
            target = resolution.target
            if resolution.status is Status.RESOLVED and target is not None:
                attrs["decided"] = resolution.decided.value if resolution.decided else ""
                if resolution.others:
                    attrs["candidates"] = resolution.others
                if target in excluded and target not in graph:
                    # Not checked, but a file Obsidian opens: a note or an attachment.
                    kind = "excluded" if target.lower().endswith(".md") else "attachment"
                    folder = target.rsplit("/", 1)[0] if "/" in target else ""
                    graph.add_node(target, kind=kind, path=target, folder=folder)
                graph.add_edge(note.path, target, **attrs)
            elif resolution.status is Status.UNRESOLVED:
                key = unresolved_key(link)
                if key not in graph:
                    graph.add_node(key, kind="unresolved", unresolved=True, path=key)
                graph.add_edge(note.path, key, **attrs)
    return graph
