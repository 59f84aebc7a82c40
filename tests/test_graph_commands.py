"""``vaultcheck graph ...`` on the example vault: exact output, and exports read back."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pydot
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, write_vault
from vaultcheck.cli.app import app

runner = CliRunner()


def graph(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", *args, "--vault", str(EXAMPLE_VAULT)])
    return result.exit_code, result.stdout, result.stderr


def test_orphans() -> None:
    assert graph("orphans") == (0, "Inbox.md\ntemplates/Check-in.md\n", "")


def test_backlinks_with_lines() -> None:
    code, out, _ = graph("backlinks", "[[Boundary Models]]")
    assert code == 0
    assert out.splitlines() == [
        "Conflict Repair.md:17: wikilink",
        "Conflict Repair.md:18: wikilink",
        "Conflict Repair.md:25: wikilink",
        "Legacy Export.md:5: wikilink",
        "Nonviolent Communication.md:24: wikilink",
        "Reading List.md:10: wikilink",
        "Reading Notes.md:9: wikilink",
    ]


def test_links_mark_missing_targets() -> None:
    code, out, _ = graph("links", "Conflict Repair")
    assert code == 0
    assert out.splitlines() == [
        "Conflict Repair.md:17: wikilink -> Boundary Models.md",
        "Conflict Repair.md:18: wikilink -> Boundary Models.md",
        "Conflict Repair.md:20: embed -> attachments/diagram.svg",
        "Conflict Repair.md:21: embed -> repair-cycle.png (missing)",
        "Conflict Repair.md:25: wikilink -> Boundary Models.md",
    ]


def test_note_names_as_links_paths_and_aliases() -> None:
    assert graph("links", "NVC")[1] == graph("links", "Nonviolent Communication.md")[1]
    assert graph("backlinks", "sessions/Check-in")[1] == (
        "Active Listening.md:16: wikilink (guessed)\nActive Listening.md:32: wikilink\n"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Check-in",
            "`Check-in` matches several notes: sessions/Check-in.md, templates/Check-in.md; write the path to pick one",
        ),
        ("Boundary Model", "no note named `Boundary Model`; did you mean `Boundary Models`?"),
    ],
)
def test_unknown_or_ambiguous_note_is_exit_2_with_candidates(name: str, message: str) -> None:
    code, out, err = graph("backlinks", name)
    assert (code, out, err) == (2, "", f"vaultcheck: error: {message}\n")


def test_path() -> None:
    assert graph("path", "Scratch", "Secure Base") == (
        1,
        "No path from Scratch.md to Secure Base.md (try --undirected to follow links both ways)\n",
        "",
    )
    assert graph("path", "Scratch", "Secure Base", "--undirected")[1] == (
        "Scratch.md -> Active Listening.md -> Secure Base.md\n"
    )


def test_neighbors() -> None:
    assert (
        graph("neighbors", "NVC")[1]
        == "1  Active Listening.md\n1  Boundary Models.md\n1  Reading List.md\n"
    )
    assert len(graph("neighbors", "NVC", "--depth", "2")[1].splitlines()) == 9


def test_suggest_for_a_note_says_why() -> None:
    assert graph("suggest", "Active Listening", "--limit", "2")[1].splitlines() == [
        "2.376  Active Listening.md -> Attachment Styles.md: both link with [[Secure Base]]; "
        "both tagged #practice; at the vault root, like 3 of its 4 linked notes",
        "1.285  Active Listening.md -> Boundary Models.md: both link with [[Nonviolent Communication]]; "
        "at the vault root, like 3 of its 4 linked notes",
    ]


def test_literal_file_names_that_are_not_linkable() -> None:
    from tests.conftest import corpus

    dnd = corpus("OldManUmby__DND.SRD.Wiki")
    result = runner.invoke(app, ["graph", "links", "Spells/# Spellcasting.md", "--vault", str(dnd)])
    assert result.exit_code == 0


def test_suggest_evaluate_reports_a_hit_rate() -> None:
    code, out, _ = graph("suggest", "--evaluate", "0.5", "--seed", "3")
    assert (code, out) == (
        0,
        "Hid 6 of the note links (share 0.5, seed 3); 2 came back in the top 10: hit rate 33.3%\n",
    )


def test_stats_json() -> None:
    code, out, _ = graph("stats", "--json", "--top", "3")
    data = json.loads(out)
    assert code == 0
    assert {
        k: data[k]
        for k in (
            "notes",
            "attachments",
            "unresolved_targets",
            "ambiguous_links",
            "orphans",
            "components",
            "largest_component",
        )
    } == {
        "notes": 14,
        "attachments": 2,
        "unresolved_targets": 4,
        "ambiguous_links": 1,
        "orphans": 2,
        "components": 3,
        "largest_component": 12,
    }
    assert data["links"] == {"embed": 2, "frontmatter": 1, "markdown": 1, "wikilink": 28}
    assert data["hubs_by_backlinks"] == [
        {"note": "Boundary Models.md", "backlinks": 5},
        {"note": "Active Listening.md", "backlinks": 4},
        {"note": "Nonviolent Communication.md", "backlinks": 3},
    ]
    assert [h["note"] for h in data["hubs_by_pagerank"]] == [
        "Boundary Models.md",
        "Active Listening.md",
        "Nonviolent Communication.md",
    ]
    assert data["tags"] == [
        {"tag": "framework", "notes": 4},
        {"tag": "practice", "notes": 4},
        {"tag": "attachment", "notes": 2},
    ]


def test_stats_tables() -> None:
    out = graph("stats", "--top", "2")[1]
    assert "│ notes              │ 14       │" in out
    assert "│ Boundary Models.md  │         5 │ ████████████████████ │" in out
    assert "│ wikilink    │    28 │ ████████████████████ │" in out


def test_filters() -> None:
    assert graph("orphans", "--tag", "template")[1] == "templates/Check-in.md\n"
    assert graph("orphans", "--exclude", "templates/*", "--exclude", "Inbox.md")[1] == ""
    out = graph("stats", "--json", "--include", "sessions/*", "--include", "Active*")[1]
    assert json.loads(out)["notes"] == 2


def test_nested_tag_filter(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "#area/work\n", "b.md": "#area\n", "c.md": "#areas\n"})
    result = runner.invoke(app, ["graph", "orphans", "--vault", str(tmp_path), "--tag", "area"])
    assert result.stdout == "a.md\nb.md\n"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    for fmt, name in [
        ("graphml", "g.graphml"),
        ("gexf", "g.gexf"),
        ("json", "g.json"),
        ("dot", "g.dot"),
        ("mermaid", "g.mmd"),
        ("html", "g.html"),
    ]:
        result = runner.invoke(
            app,
            ["graph", "export", "-f", fmt, "-o", str(folder / name), "--vault", str(EXAMPLE_VAULT)],
        )
        assert result.exit_code == 0, result.stderr
    return folder


def _expected() -> tuple[set[str], int]:
    from vaultcheck.vault.build import load_vault
    from vaultcheck.vault.graph import build_graph
    from vaultcheck.vault.linkindex import LinkIndex

    vault = load_vault(EXAMPLE_VAULT)
    g = build_graph(vault, LinkIndex(vault))
    return set(g.nodes), g.number_of_edges()


@pytest.mark.parametrize("reader", ["graphml", "gexf", "json"])
def test_exports_read_back_with_networkx(exported: Path, reader: str) -> None:
    if reader == "graphml":
        g = nx.read_graphml(exported / "g.graphml")
    elif reader == "gexf":
        g = nx.read_gexf(exported / "g.gexf")
    else:
        g = nx.node_link_graph(json.loads((exported / "g.json").read_text()), edges="edges")
    nodes, edges = _expected()
    assert set(g.nodes) == nodes
    assert g.number_of_edges() == edges
    assert g.nodes["Boundary Models.md"]["tags"] == "framework;psychology;relational_analysis"
    assert g.nodes["attachments/diagram.svg"]["kind"] == "attachment"
    assert g.nodes["repair-cycle.png"]["kind"] == "unresolved"
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"wikilink", "embed", "markdown", "frontmatter"}


def test_dot_parses(exported: Path) -> None:
    [parsed] = pydot.graph_from_dot_file(str(exported / "g.dot"))
    nodes, edges = _expected()
    assert len(parsed.get_edges()) == edges
    assert {n.get_name().strip('"') for n in parsed.get_nodes() if n.get_name() != "node"} == nodes


def test_mermaid_has_one_line_per_node_and_edge(exported: Path) -> None:
    text = (exported / "g.mmd").read_text()
    nodes, _ = _expected()
    assert text.startswith("flowchart LR\n")
    assert sum(1 for line in text.splitlines() if '["' in line) == len(nodes)
    assert "class " in text and "unresolved" in text


def test_html_is_self_contained(exported: Path) -> None:
    page = (exported / "g.html").read_text()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page
    assert page.count('"path":') == len(_expected()[0])


def test_bad_export_usage(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["graph", "export", "-f", "png", "-o", str(tmp_path / "x"), "--vault", str(EXAMPLE_VAULT)],
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == "vaultcheck: error: unknown export format `png` (valid: graphml, gexf, json, dot, mermaid, html)\n"
    )
