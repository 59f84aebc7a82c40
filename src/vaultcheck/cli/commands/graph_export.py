"""``vaultcheck graph export``: the graph (or a note's local graph) as a file or on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from vaultcheck.cli.commands.graph import Loaded, find_note
from vaultcheck.core.diagnostics import counted
from vaultcheck.core.errors import UsageError
from vaultcheck.graph import export
from vaultcheck.graph import queries as graphview

STDOUT = "-"


def choose_format(output_format: str | None, target: str) -> str:
    """The format: the one asked for with ``-f``, else the one ``-o``'s extension names.

    Both given and disagreeing is an error: ``-f html -o x.json`` would write a file whose
    name lies about it."""
    valid = ", ".join(export.FORMATS)
    if output_format is not None and output_format not in export.FORMATS:
        raise UsageError(f"unknown export format `{output_format}` (valid: {valid})")
    named = export.format_of(target) if target != STDOUT else None
    if output_format is not None and named is not None and named != output_format:
        raise UsageError(
            f"-o {target} names a {named} file but -f asks for {output_format}; change one of them"
        )
    chosen = output_format or named
    if chosen is None:
        where = "standard output" if target == STDOUT else f"`{target}`"
        known = ", ".join(export.EXTENSIONS)
        raise UsageError(
            f"cannot tell the format of {where}: give -f ({valid}) or a file name ending in "
            f"one of {known}"
        )
    return chosen


def run_export(
    loaded: Loaded,
    output_format: str | None,
    target: str | None,
    color_by: str,
    focus: str | None = None,
    depth: int = 1,
) -> int:
    if target is None:
        raise UsageError("name the file to write with -o FILE (or -o - for standard output)")
    chosen = choose_format(output_format, target)
    if color_by not in ("folder", "tag"):
        raise UsageError("--color-by is folder or tag")
    graph, centre = loaded.graph, None
    if focus is not None:  # a local graph: only what lies within `depth` links of the note
        centre = find_note(loaded, focus)
        graph = graphview.local_graph(graph, centre, depth)
    if chosen == "html":
        from vaultcheck.graph.html import to_html

        title = f"{loaded.vault.root.name} — vaultcheck graph"
        if centre is not None:
            title = f"{loaded.vault.notes[centre].name} (depth {depth}) — {title}"
        page = to_html(graph, title, color_by, centre, depth)
        written = export.Written(page, graph.number_of_nodes(), graph.number_of_edges())
    else:
        written = export.render(graph, chosen)
    for warning in written.warnings:
        sys.stderr.write(f"vaultcheck: warning: {warning}\n")
    if target == STDOUT:
        sys.stdout.write(written.text)
        sys.stdout.flush()
        where = "standard output"
    else:
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(written.text.encode("utf-8"))
        except OSError as err:
            raise UsageError(f"cannot write {target}: {err.strerror or err}") from None
        where = target
    nodes, edges = counted(written.nodes, "node"), counted(written.edges, "edge")
    sys.stderr.write(f"Wrote {chosen} to {where}: {nodes}, {edges}\n")
    return 0
