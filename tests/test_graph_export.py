"""``vaultcheck graph export``: every format read back by its own reader, byte-stable,
the format taken from the file name, standard output, Mermaid's limits, local graphs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import pydot
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, write_vault
from vaultcheck.cli.app import app

runner = CliRunner()
NAMES = ["g.graphml", "g.gexf", "g.json", "g.dot", "g.mmd", "g.html"]


def export(*args: str, vault: Path = EXAMPLE_VAULT) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", "export", *args, "--vault", str(vault), "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    for name in NAMES:  # the format comes from the extension
        code, _, err = export("-o", str(folder / name))
        assert code == 0, err
    return folder


def node_link_graph(data: dict[str, Any]) -> Any:
    """``nx.node_link_graph`` on networkx before 3.4 (``link=``) and after (``edges=``)."""
    try:
        return nx.node_link_graph(data, edges="edges")
    except TypeError:
        return nx.node_link_graph(data, link="edges")


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
        tags: Any = "framework;psychology;relational_analysis"
    elif reader == "gexf":
        g = nx.read_gexf(exported / "g.gexf")
        tags = "framework;psychology;relational_analysis"
    else:
        g = node_link_graph(json.loads((exported / "g.json").read_text()))
        tags = ["framework", "psychology", "relational_analysis"]  # lists stay lists
    nodes, edges = _expected()
    assert set(g.nodes) == nodes
    assert g.number_of_edges() == edges
    assert g.nodes["Boundary Models.md"]["tags"] == tags
    assert g.nodes["attachments/diagram.svg"]["kind"] == "attachment"
    assert g.nodes["repair-cycle.png"]["kind"] == "unresolved"
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"wikilink", "embed", "markdown", "frontmatter"}


def test_json_keeps_lists_and_nulls(exported: Path) -> None:
    data = json.loads((exported / "g.json").read_text())
    nvc = next(n for n in data["nodes"] if n["id"] == "Nonviolent Communication.md")
    assert nvc["aliases"] == ["NVC"]
    assert all(";" not in str(n.get("tags", "")) for n in data["nodes"])


def test_dot_parses_and_carries_a_layout_hint(exported: Path) -> None:
    [parsed] = pydot.graph_from_dot_file(str(exported / "g.dot"))
    nodes, edges = _expected()
    assert len(parsed.get_edges()) == edges
    names = {"node", "graph"}
    assert {n.get_name().strip('"') for n in parsed.get_nodes() if n.get_name() not in names} == (
        nodes
    )
    [settings] = [n for n in parsed.get_nodes() if n.get_name() == "graph"]
    assert settings.get_attributes() == {"rankdir": "LR"}


def test_a_large_dot_asks_for_a_force_layout(tmp_path: Path) -> None:
    write_vault(tmp_path, {f"n{i}.md": f"[[n{i + 1}]]\n" for i in range(160)})
    code, out, _ = export("-o", "-", "-f", "dot", vault=tmp_path)
    [parsed] = pydot.graph_from_dot_data(out)
    [settings] = [n for n in parsed.get_nodes() if n.get_name() == "graph"]
    assert (code, settings.get_attributes()) == (
        0,
        {"layout": "sfdp", "overlap": "prism", "splines": "false", "outputorder": "edgesfirst"},
    )


def test_the_same_vault_gives_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    # A copy written in another order (so scanned and inserted in another order) too.
    copy = tmp_path / "copy"
    files = sorted(p for p in EXAMPLE_VAULT.rglob("*") if p.is_file())
    for source in reversed(files):
        target = copy / source.relative_to(EXAMPLE_VAULT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for name in NAMES:
        code, _, err = export("-o", str(tmp_path / name), vault=copy)
        assert code == 0, err
        again = (tmp_path / name).read_bytes()
        if name == "g.html":  # the title names the vault folder
            again = again.replace(b"copy \xe2\x80\x94", b"vault \xe2\x80\x94")
        assert again == (exported / name).read_bytes(), name
    assert b"lastmodifieddate" not in (exported / "g.gexf").read_bytes()


def test_standard_output(exported: Path) -> None:
    code, out, err = export("-o", "-", "-f", "json")
    nodes, edges = _expected()
    assert (code, err) == (0, f"Wrote json to standard output: {len(nodes)} nodes, {edges} edges\n")
    assert out == (exported / "g.json").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-f", "png", "-o", "x.png"],
            "unknown export format `png` (valid: graphml, gexf, json, dot, mermaid, html)",
        ),
        (
            ["-f", "html", "-o", "x.json"],
            "-o x.json names a json file but -f asks for html; change one of them",
        ),
        (
            ["-o", "-"],
            "cannot tell the format of standard output: give -f (graphml, gexf, json, dot, "
            "mermaid, html) or a file name ending in one of .graphml, .gexf, .json, .dot, .gv, "
            ".mmd, .mermaid, .html, .htm",
        ),
        ([], "name the file to write with -o FILE (or -o - for standard output)"),
    ],
)
def test_bad_export_usage(args: list[str], message: str) -> None:
    assert export(*args) == (2, "", f"vaultcheck: error: {message}\n")


def test_mermaid_counts_what_it_writes_and_warns_past_its_limits(tmp_path: Path) -> None:
    # 24 notes each linking every other twice: 1,104 links, 552 distinct edges.
    names = [f"note {i}" for i in range(24)]
    write_vault(
        tmp_path,
        {f"{n}.md": "".join(f"[[{m}]] [[{m}]]\n" for m in names if m != n) for n in names},
    )
    code, out, err = export("-o", "-", "-f", "mermaid", vault=tmp_path)
    assert code == 0
    assert out.count(" --> ") == 552
    assert err == (
        "vaultcheck: warning: 552 edges: Mermaid draws at most 500 by default (its maxEdges "
        "setting); draw a local graph with --focus NOTE --depth N, or narrow it with "
        "--include/--tag\n"
        "Wrote mermaid to standard output: 24 nodes, 552 edges\n"
    )
    code, out, err = export("-o", "-", "-f", "mermaid", "--include", "note 1*", vault=tmp_path)
    assert (code, err) == (0, "Wrote mermaid to standard output: 11 nodes, 110 edges\n")


def test_mermaid_warns_past_its_text_limit(tmp_path: Path) -> None:
    write_vault(tmp_path, {f"{i:03} {'x' * 190}.md": "" for i in range(300)})
    code, out, err = export("-o", "-", "-f", "mermaid", vault=tmp_path)
    assert (code, err) == (
        0,
        f"vaultcheck: warning: {len(out):,} characters: Mermaid refuses charts over 50,000 by "
        "default (its maxTextSize setting); draw a local graph with --focus NOTE --depth N, or "
        "narrow it with --include/--tag\n"
        "Wrote mermaid to standard output: 300 nodes, 0 edges\n",
    )
    assert len(out) > 50_000


#: Titles and a file name that a Mermaid label must show as they are: a title over two
#: lines, a block-scalar title ending in a line break, a `%%` line (Mermaid drops a line
#: starting `%%` as a comment), a `%%{init}%%` directive (which Mermaid obeys anywhere), a
#: literal entity code, and a file name holding a line break.
TRICKY_TITLES: dict[str, str | bytes] = {
    "a.md": '---\ntitle: "Line one\\nLine two"\n---\n[[b]] [[c]] [[d]]\n',
    "b.md": "---\ntitle: |\n  Block\n  C#quot; & <b>\n---\n",
    "c.md": '---\ntitle: "Plan\\n%% hidden\\nend"\n---\n',
    "d.md": "---\ntitle: \"x %%{init: {'theme': 'dark'}}%% y\"\n---\n",
    "new\nline.md": "[[a]]\n",
}
TRICKY_LABELS = [
    "Line one<br>Line two",
    "Block<br>C#35;quot; #amp; #lt;b#gt;",
    "Plan<br>#37;#37; hidden<br>end",
    "x #37;#37;{init: {'theme': 'dark'}}#37;#37; y",
    "new<br>line",
]


def test_mermaid_labels_keep_every_line_and_character(tmp_path: Path) -> None:
    # Before, the line breaks went into the chart as they were: the `%% hidden` line and the
    # directive vanished from the drawing (tests/test_browser.py renders it with Mermaid).
    write_vault(tmp_path, TRICKY_TITLES)
    code, out, err = export("-o", "-", "-f", "mermaid", vault=tmp_path)
    assert (code, err) == (0, "Wrote mermaid to standard output: 5 nodes, 4 edges\n")
    assert out.splitlines()[:6] == ["flowchart LR"] + [
        f'  n{i}["{label}"]' for i, label in enumerate(TRICKY_LABELS)
    ]


def test_a_local_graph(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {"a.md": "[[b]] ![[pic.png]]\n", "b.md": "[[c]]\n", "c.md": "[[d]]\n", "d.md": ""},
    )
    classes = "  classDef unresolved fill:#fdd,stroke:#c00,stroke-dasharray:3\n"
    code, out, err = export("-o", "-", "-f", "mermaid", "--focus", "b", vault=tmp_path)
    assert (code, out, err) == (
        0,
        'flowchart LR\n  n0["a"]\n  n1["b"]\n  n2["c"]\n  n0 --> n1\n  n1 --> n2\n' + classes,
        "Wrote mermaid to standard output: 3 nodes, 2 edges\n",
    )
    code, out, err = export(
        "-o", "-", "-f", "json", "--focus", "[[b]]", "--depth", "2", vault=tmp_path
    )
    ids = [n["id"] for n in json.loads(out)["nodes"]]
    assert (code, ids) == (0, ["a.md", "b.md", "c.md", "d.md", "pic.png"])


def test_html_is_self_contained(exported: Path) -> None:
    page = (exported / "g.html").read_text()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page
    assert page.count('"path":') == len(_expected()[0])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_readable_with_control_characters(tmp_path: Path, fmt: str) -> None:
    # A title, an alias and a heading pasted with C0 controls (XML 1.0 cannot hold them,
    # escaped or not), and a file name holding one: each becomes U+FFFD, the rest stays.
    root = write_vault(
        tmp_path / "v",
        {
            ".obsidian/app.json": "{}",
            "ctl.md": '---\ntitle: "t\\u000bx"\naliases: ["a\\u0001b"]\n---\n# H\x0cx\n'
            "[[ctl#H\x0cx]] [[odd\x1bname]]\n",
            "odd\x1bname.md": "[[ctl]]\n",
        },
    )
    code, _, err = export("-o", str(tmp_path / f"g.{fmt}"), vault=root)
    assert code == 0, err
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = read(tmp_path / f"g.{fmt}")
    assert sorted(g.nodes) == ["ctl.md", "odd\ufffdname.md"]
    assert (g.nodes["ctl.md"]["title"], g.nodes["ctl.md"]["aliases"]) == ("t\ufffdx", "a\ufffdb")
    # An empty heading is written as an empty <data>; networkx before 3.3 reads that as no
    # attribute at all, later versions as "".
    headings = sorted(d.get("heading", "") for _, _, d in g.edges(data=True))
    assert headings == ["", "", "H\ufffdx"]
