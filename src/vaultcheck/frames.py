"""A loaded vault as pandas DataFrames, for notebook users (pandas is optional)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vaultcheck.api import Vault


class Frames(NamedTuple):
    """Three tables: one row per note, per link, and per property of a note."""

    #: ``path, name, folder, links, backlinks, tags, aliases`` (tags and aliases as lists).
    notes: Any
    #: ``source, text, target, kind, line, column, heading, block, property, decided,
    #: candidates``; ``target`` is the vault path the link opens, or ``None`` when it leads
    #: nowhere; ``decided`` how Obsidian chose it, ``candidates`` the other matches.
    links: Any
    #: ``path, key, value`` in long form: one row per note and property, values as decoded.
    properties: Any


def frames(vault: Vault) -> Frames:
    """Build the three DataFrames; raises ImportError with the install hint without pandas."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "Vault.to_pandas() needs pandas: pip install 'vaultcheck[pandas]'"
        ) from None
    link_rows: list[dict[str, Any]] = []
    note_rows: list[dict[str, Any]] = []
    property_rows: list[dict[str, Any]] = []
    incoming: dict[str, int] = {}
    for path, note in vault.notes.items():
        for link in note.links:
            link_rows.append({"source": path, **asdict(link)})
            if link.target is not None and link.target != path:
                incoming[link.target] = incoming.get(link.target, 0) + 1
        for key, value in note.frontmatter.items():
            property_rows.append({"path": path, "key": key, "value": value})
    for path, note in vault.notes.items():
        note_rows.append(
            {
                "path": path,
                "name": note.name,
                "folder": path.rsplit("/", 1)[0] if "/" in path else "",
                "links": len(note.links),
                "backlinks": incoming.get(path, 0),
                "tags": list(note.tags),
                "aliases": list(note.aliases),
            }
        )
    link_columns = ["source", "text", "target", "kind", "line", "column"]
    link_columns += ["heading", "block", "property", "decided", "candidates"]
    return Frames(
        notes=pd.DataFrame(
            note_rows, columns=["path", "name", "folder", "links", "backlinks", "tags", "aliases"]
        ),
        links=pd.DataFrame(link_rows, columns=link_columns),
        properties=pd.DataFrame(property_rows, columns=["path", "key", "value"]),
    )
