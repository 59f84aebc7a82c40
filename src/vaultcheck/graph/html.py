"""The ``html`` export: one self-contained page that draws the vault, offline.

The page is ``graph.html`` beside this module (vaultcheck's own JS and CSS: colours, hover,
search, toggles, local graph, legend) with two things inlined at export time: the graph as
JSON, and ``vendor/graphviewer.min.js``, a minified bundle of sigma.js (WebGL drawing),
graphology and its ForceAtlas2 layout, which runs in a Web Worker so the page draws at once
and settles while it stays responsive. The bundle is MIT-licensed (its licences are in
``vendor/LICENSE.graphviewer.txt``) and rebuilt by ``tools/graphviewer/build.sh``.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files
from typing import Any

_SLOT = re.compile(r"__(TITLE|DATA|VIEWER)__")


def page_data(
    graph: Any, color_by: str = "folder", focus: str | None = None, depth: int = 1
) -> dict[str, Any]:
    """Nodes and edges as the page reads them; ``focus`` opens the page on that note's local
    graph (``depth`` links around it)."""
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
    return {
        "nodes": nodes,
        "edges": [list(e) for e in edges],
        "colorBy": color_by,
        "focus": index[focus] if focus is not None else None,
        "depth": depth,
    }


def to_html(
    graph: Any,
    title: str = "vaultcheck graph",
    color_by: str = "folder",
    focus: str | None = None,
    depth: int = 1,
) -> str:
    """The page, with the graph and the viewer inlined (every ``<`` of the data escaped, so no
    note's name or title ends the script or, as ``<!--`` then ``<script``, swallows the page)."""
    package = files("vaultcheck.graph")
    template = package.joinpath("graph.html").read_text("utf-8")
    data = json.dumps(page_data(graph, color_by, focus, depth), ensure_ascii=False)
    slots = {
        "TITLE": html.escape(title),
        # `<` occurs only inside JSON strings, where `\u003c` reads back as `<`.
        "DATA": data.replace("<", "\\u003c"),
        "VIEWER": package.joinpath("vendor", "graphviewer.min.js").read_text("utf-8"),
    }
    # One pass, so a note named `__VIEWER__` stays a name.
    return _SLOT.sub(lambda m: slots[m.group(1)], template)
