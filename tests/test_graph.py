"""The graph: nodes and edges with the attributes DESIGN lists."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_vault
from vaultcheck.rules.base import Context
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex


def test_nodes_and_edges_carry_their_attributes(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            "notes/A.md": '---\ntitle: Alpha\naliases: [First]\ntags: [x]\nup: "[[B]]"\n---\n'
            "# H\n\nSee [[B#Part]] and ![[pic.png]] and [[Nowhere]].\n",
            "B.md": "# Part\n\n[b](notes/A.md) [[D]]\n",
            "x/D.md": "",
            "y/D.md": "",
            "pic.png": b"png",
        },
    )
    vault = load_vault(tmp_path)
    graph = Context(vault, LinkIndex(vault)).graph
    assert graph.nodes["notes/A.md"] == {
        "kind": "note",
        "path": "notes/A.md",
        "title": "Alpha",
        "tags": ("x",),
        "aliases": ("First",),
        "folder": "notes",
    }
    assert graph.nodes["pic.png"]["kind"] == "attachment"
    assert graph.nodes["Nowhere"] == {"kind": "unresolved", "unresolved": True, "path": "Nowhere"}
    edges = sorted(
        (u, v, d["kind"], d["line"], d["heading"], d["property"])
        for u, v, d in graph.out_edges("notes/A.md", data=True)
    )
    assert edges == [
        ("notes/A.md", "B.md", "frontmatter", 5, "", "up"),
        ("notes/A.md", "B.md", "wikilink", 9, "Part", ""),
        ("notes/A.md", "Nowhere", "wikilink", 9, "", ""),
        ("notes/A.md", "pic.png", "embed", 9, "", ""),
    ]
    # One edge per link, to the file Obsidian opens; the other candidates ride along.
    chosen = sorted(
        (v, d["decided"], d.get("candidates")) for _, v, d in graph.out_edges("B.md", data=True)
    )
    assert chosen == [("notes/A.md", "exact path", None), ("x/D.md", "shortest path", ("y/D.md",))]
