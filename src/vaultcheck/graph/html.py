"""The ``html`` export: one self-contained page that draws the vault, offline.

The page (``graph.html`` beside this module, plain JS and CSS written for vaultcheck) gets the
graph as embedded JSON; it lays it out itself with a seeded force simulation, so the same
vault always looks the same, and needs no network and no library.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files
from typing import Any


def page_data(graph: Any, color_by: str = "folder") -> dict[str, Any]:
    """Nodes and edges as the page reads them."""
    order = sorted(graph.nodes)
    index = {n: i for i, n in enumerate(order)}
    nodes = []
    for n in order:
        d = graph.nodes[n]
        nodes.append(
            {
                "path": n,
                "title": str(d.get("title") or n.rsplit("/", 1)[-1]),
                "kind": d["kind"],
                "folder": d.get("folder", ""),
                "tags": list(d.get("tags", ())),
            }
        )
    edges = sorted({(index[u], index[v]) for u, v in graph.edges() if u != v})
    return {"nodes": nodes, "edges": [list(e) for e in edges], "colorBy": color_by}


def to_html(graph: Any, title: str = "vaultcheck graph", color_by: str = "folder") -> str:
    """The page, with the graph embedded (``</`` escaped so no note can end the script)."""
    template = files("vaultcheck.graph").joinpath("graph.html").read_text("utf-8")
    data = json.dumps(page_data(graph, color_by), ensure_ascii=False).replace("</", "<\\/")
    return template.replace("__TITLE__", html.escape(title)).replace("__DATA__", data)
