"""Graph exports: GraphML, GEXF, node-link JSON, DOT, Mermaid (and HTML, in htmlgraph).

networkx's own writers are used where they exist. Attribute values are flattened first:
GraphML and GEXF hold only scalars, so tuples (tags, aliases) become ``;``-joined text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx


def flat(graph: Any) -> Any:
    """A copy whose attribute values are all str, int, float or bool."""

    def scalar(value: Any) -> Any:
        if isinstance(value, (tuple, list, set, frozenset)):
            return ";".join(str(v) for v in value)
        if value is None:
            return ""
        return value

    copy = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        copy.add_node(n, **{k: scalar(v) for k, v in d.items()})
    for u, v, d in graph.edges(data=True):
        copy.add_edge(u, v, **{k: scalar(v) for k, v in d.items()})
    return copy


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: Any) -> str:
    """Graphviz DOT; unresolved targets are red and dashed."""
    lines = ["digraph vault {", "  node [shape=box, style=rounded];"]
    for n, d in sorted(graph.nodes(data=True)):
        attrs = [f"label={_dot_id(str(d.get('title') or n))}", f"kind={_dot_id(d['kind'])}"]
        if d["kind"] == "unresolved":
            attrs += ["color=red", "style=dashed"]
        elif d["kind"] == "attachment":
            attrs.append("shape=note")
        lines.append(f"  {_dot_id(n)} [{', '.join(attrs)}];")
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["line"])):
        lines.append(
            f"  {_dot_id(u)} -> {_dot_id(v)} [kind={_dot_id(d['kind'])}, line={d['line']}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_label(text: str) -> str:
    # Mermaid labels in quotes take entity codes for the characters that would end them.
    return (
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )


def to_mermaid(graph: Any) -> str:
    """A Mermaid flowchart; node ids are short (n0, n1, ...) and labels quoted."""
    ids = {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes))}
    lines = ["flowchart LR"]
    for n, d in sorted(graph.nodes(data=True)):
        lines.append(f'  {ids[n]}["{_mermaid_label(str(d.get("title") or n))}"]')
    seen = set()
    for u, v in sorted((u, v) for u, v in graph.edges()):
        if (u, v) not in seen:
            seen.add((u, v))
            lines.append(f"  {ids[u]} --> {ids[v]}")
    unresolved = [ids[n] for n, d in sorted(graph.nodes(data=True)) if d["kind"] == "unresolved"]
    lines.append("  classDef unresolved fill:#fdd,stroke:#c00,stroke-dasharray:3")
    if unresolved:
        lines.append(f"  class {','.join(unresolved)} unresolved")
    return "\n".join(lines) + "\n"


def to_json(graph: Any) -> str:
    """networkx node-link JSON (``nodes``, ``edges``), readable by ``nx.node_link_graph``."""
    data = nx.node_link_data(flat(graph), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(graph: Any, output_format: str, target: Path) -> None:
    """Write ``graph`` to ``target`` in ``output_format``."""
    if output_format == "graphml":
        nx.write_graphml(flat(graph), target)
    elif output_format == "gexf":
        nx.write_gexf(flat(graph), target)
    else:
        from vaultcheck.graph.html import to_html

        writers = {"json": to_json, "dot": to_dot, "mermaid": to_mermaid, "html": to_html}
        target.write_text(writers[output_format](graph), encoding="utf-8")


FORMATS = ("graphml", "gexf", "json", "dot", "mermaid", "html")
