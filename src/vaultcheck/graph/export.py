"""Graph exports: GraphML, GEXF, node-link JSON, DOT, Mermaid (and HTML, in htmlgraph).

Every export of the same vault is the same bytes: nodes and edges are written in sorted
order, and GEXF's modification date is left out. GraphML and GEXF hold only scalars, so there
lists (tags, aliases) become ``;``-joined text; JSON keeps them as lists. JSON is written here
rather than by ``nx.node_link_data``, whose keywords changed within networkx 3.x.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Any, NamedTuple

import networkx as nx

FORMATS = ("graphml", "gexf", "json", "dot", "mermaid", "html")

#: File extensions that name a format (``-o vault.json`` writes JSON).
EXTENSIONS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".html": "html",
    ".htm": "html",
}

#: Mermaid's defaults: charts with more edges or more text are refused by the renderer.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000

#: Above this many nodes, DOT asks for a force-directed layout: ``dot``'s ranks put a vault's
#: hundreds of notes side by side in one row thousands of pixels wide.
DOT_RANKED_UP_TO = 150


class Written(NamedTuple):
    """An export's text and what it holds (Mermaid merges parallel links into one edge)."""

    text: str
    nodes: int
    edges: int
    warnings: tuple[str, ...] = ()


def format_of(path: str) -> str | None:
    """The format a file name asks for, from its extension."""
    return EXTENSIONS.get(PurePath(path).suffix.lower())


def _edge_order(edge: tuple[str, str, dict[str, Any]]) -> tuple[Any, ...]:
    u, v, d = edge
    return (u, v, d.get("line", 0), d.get("kind", ""), d.get("heading", ""), d.get("block", ""))


def _sorted_edges(graph: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return sorted(graph.edges(data=True), key=_edge_order)


#: Characters XML 1.0 cannot hold, even escaped (C0 controls but tab and line ends, lone
#: surrogates, U+FFFE and U+FFFF): a title or heading pasted with one made the whole
#: GraphML or GEXF file unreadable.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def flat(graph: Any) -> Any:
    """A copy in sorted order whose attribute values are all str, int, float or bool, and
    whose text XML can hold (for GraphML and GEXF)."""

    def scalar(value: Any) -> Any:
        if isinstance(value, (tuple, list, set, frozenset)):
            return _xml_text(";".join(str(v) for v in value))
        if value is None:
            return ""
        return _xml_text(value) if isinstance(value, str) else value

    copy = nx.MultiDiGraph()
    for n, d in sorted(graph.nodes(data=True)):
        copy.add_node(_xml_text(n), **{k: scalar(v) for k, v in d.items()})
    for u, v, d in _sorted_edges(graph):
        copy.add_edge(_xml_text(u), _xml_text(v), **{k: scalar(v) for k, v in d.items()})
    return copy


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, set, frozenset)) else value


def to_json(graph: Any) -> str:
    """Node-link JSON (``nodes``, ``edges``), as ``nx.node_link_graph`` reads it."""
    keys: dict[tuple[str, str], int] = {}
    edges = []
    for u, v, d in _sorted_edges(graph):
        key = keys[(u, v)] = keys.get((u, v), -1) + 1
        edges.append({"source": u, "target": v, "key": key, **{k: _plain(x) for k, x in d.items()}})
    data = {
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [
            {"id": n, **{k: _plain(x) for k, x in d.items()}}
            for n, d in sorted(graph.nodes(data=True))
        ],
        "edges": edges,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_graphml(graph: Any) -> str:
    return "\n".join(nx.generate_graphml(flat(graph))) + "\n"


_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')


def to_gexf(graph: Any) -> str:
    """GEXF without the date networkx stamps on it (the same vault gives the same bytes)."""
    return "\n".join(_GEXF_DATE.sub("", line) for line in nx.generate_gexf(flat(graph))) + "\n"


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: Any) -> str:
    """Graphviz DOT that renders readably with Graphviz's defaults (``dot -Tsvg``).

    A small graph is ranked left to right; a larger one asks for
    ``sfdp`` (force-directed, scales to thousands of nodes) with overlaps removed.
    Unresolved targets are red and dashed."""
    if graph.number_of_nodes() <= DOT_RANKED_UP_TO:
        layout = "rankdir=LR"
    else:
        layout = "layout=sfdp, overlap=prism, splines=false, outputorder=edgesfirst"
    lines = [
        "digraph vault {",
        f"  graph [{layout}];",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
    ]
    for n, d in sorted(graph.nodes(data=True)):
        attrs = [f"label={_dot_id(str(d.get('title') or n))}", f"kind={_dot_id(d['kind'])}"]
        if d["kind"] == "unresolved":
            attrs += ["color=red", "style=dashed"]
        elif d["kind"] == "attachment":
            attrs.append("shape=note")
        lines.append(f"  {_dot_id(n)} [{', '.join(attrs)}];")
    for u, v, d in _sorted_edges(graph):
        lines.append(
            f"  {_dot_id(u)} -> {_dot_id(v)} [kind={_dot_id(d['kind'])}, line={d['line']}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


#: What a quoted Mermaid label cannot hold as written, as Mermaid's entity codes: `"` ends
#: it, `<`, `>` and `&` are HTML, `#` starts a code, and `%` because Mermaid reads
#: `%%{...}%%` anywhere as a directive (a title could restyle the chart) and drops a line
#: starting `%%` as a comment. ``#`` is written first, so the codes' own `#` stay as they are.
_MERMAID_CODES = (
    ("#", "#35;"),
    ("&", "#amp;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("%", "#37;"),
)


def _mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label that shows it as it is: line breaks (a title
    written over several lines, a file name holding one) as ``<br>``, so that no line of
    the label starts a line of the chart."""
    for char, code in _MERMAID_CODES:
        text = text.replace(char, code)
    return "<br>".join(text.strip().splitlines())


def to_mermaid(graph: Any) -> Written:
    """A Mermaid flowchart; node ids are short (n0, n1, ...), labels quoted, and the links
    between two notes one edge. Warns past Mermaid's default limits."""
    ids = {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes))}
    lines = ["flowchart LR"]
    for n, d in sorted(graph.nodes(data=True)):
        lines.append(f'  {ids[n]}["{_mermaid_label(str(d.get("title") or n))}"]')
    pairs = sorted({(u, v) for u, v in graph.edges()})
    lines.extend(f"  {ids[u]} --> {ids[v]}" for u, v in pairs)
    unresolved = [ids[n] for n, d in sorted(graph.nodes(data=True)) if d["kind"] == "unresolved"]
    lines.append("  classDef unresolved fill:#fdd,stroke:#c00,stroke-dasharray:3")
    if unresolved:
        lines.append(f"  class {','.join(unresolved)} unresolved")
    text = "\n".join(lines) + "\n"
    warnings = []
    hint = "draw a local graph with --focus NOTE --depth N, or narrow it with --include/--tag"
    if len(pairs) > MERMAID_MAX_EDGES:
        warnings.append(
            f"{len(pairs)} edges: Mermaid draws at most {MERMAID_MAX_EDGES} by default "
            f"(its maxEdges setting); {hint}"
        )
    if len(text) > MERMAID_MAX_TEXT:
        warnings.append(
            f"{len(text):,} characters: Mermaid refuses charts over {MERMAID_MAX_TEXT:,} by "
            f"default (its maxTextSize setting); {hint}"
        )
    return Written(text, graph.number_of_nodes(), len(pairs), tuple(warnings))


def render(graph: Any, output_format: str) -> Written:
    """``graph`` in ``output_format`` (not ``html``: see :mod:`vaultcheck.graph.html`)."""
    if output_format == "mermaid":
        return to_mermaid(graph)
    writers = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json, "dot": to_dot}
    return Written(writers[output_format](graph), graph.number_of_nodes(), graph.number_of_edges())
