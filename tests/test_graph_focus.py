"""``graph export --focus NOTE --depth N`` (a local graph), and how the HTML page is put together."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app

runner = CliRunner()
DND = corpus("OldManUmby__DND.SRD.Wiki")


def export(vault: Path, target: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["graph", "export", "-o", str(target), "--vault", str(vault), *extra]
    )
    return result.exit_code, result.stderr


def page_data(page: Path) -> dict[str, Any]:
    text = page.read_text("utf-8")
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
    return data


def test_focus_keeps_only_the_neighbourhood(tmp_path: Path) -> None:
    assert export(DND, tmp_path / "all.json", "-f", "json")[0] == 0
    full = nx.node_link_graph(json.loads((tmp_path / "all.json").read_text()), edges="edges")
    around = full.to_undirected()
    for depth in (1, 2):
        target = tmp_path / f"fireball-{depth}.json"
        code, err = export(
            DND, target, "-f", "json", "--focus", "[[Fireball]]", "--depth", str(depth)
        )
        assert code == 0, err
        local = nx.node_link_graph(json.loads(target.read_text()), edges="edges")
        expected = nx.single_source_shortest_path_length(around, "Spells/Fireball.md", depth)
        assert set(local.nodes) == set(expected)
        assert local.number_of_edges() == full.subgraph(expected).number_of_edges()
    assert len(expected) == 320  # Fireball, the spell list, and the 318 other spells it lists


def test_html_opens_on_the_focused_note(tmp_path: Path) -> None:
    page = tmp_path / "fireball.html"
    code, err = export(DND, page, "-f", "html", "--focus", "Fireball", "--depth", "2")
    assert code == 0, err
    data = page_data(page)
    assert data["nodes"][data["focus"]]["path"] == "Spells/Fireball.md"
    assert data["depth"] == 2
    assert "<title>Fireball (depth 2) — OldManUmby__DND.SRD.Wiki — vaultcheck graph</title>" in (
        page.read_text("utf-8")
    )


def test_unknown_focus_is_a_usage_error(tmp_path: Path) -> None:
    code, err = export(DND, tmp_path / "x.html", "--focus", "Fireballl")
    assert code == 2
    assert err.startswith("vaultcheck: error: no note named `Fireballl`")
    assert not (tmp_path / "x.html").exists()


def test_focus_on_a_filtered_out_note_is_a_usage_error(tmp_path: Path) -> None:
    code, err = export(DND, tmp_path / "x.html", "--focus", "Fireball", "--include", "Monsters/*")
    assert code == 2
    assert err == (
        "vaultcheck: error: `Spells/Fireball.md` is left out by --include, --exclude or --tag\n"
    )


def test_page_is_one_file_with_the_viewer_and_its_licence_inlined(tmp_path: Path) -> None:
    # Note names that look like the template's slots stay names.
    vault = write_vault(
        tmp_path / "v",
        {
            "__VIEWER__.md": "[[__DATA__]] </script>",
            "__DATA__.md": "[[__TITLE__]] [[<!-- x]]",
            "<!-- x.md": "---\ntitle: <script> tag\n---\n",
        },
    )
    page = tmp_path / "g.html"
    assert export(vault, page, "-f", "html")[0] == 0
    text = page.read_text("utf-8")
    assert text.count("window.VaultGraphLib=") == 1
    assert "<script src" not in text and "<link" not in text
    assert not re.search(r"https?://", text)
    data = page_data(page)
    assert data["focus"] is None
    assert sorted(n["title"] for n in data["nodes"]) == [
        "<script> tag",
        "__DATA__",
        "__TITLE__",
        "__VIEWER__",
    ]
    # No `<` in the data at all: no name can end its script or open an HTML comment in it.
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    assert found is not None and "<" not in found.group(1)


def test_the_bundled_licences_match_the_pinned_versions() -> None:
    repo = Path(__file__).parent.parent
    licence = (repo / "src/vaultcheck/graph/vendor/LICENSE.graphviewer.txt").read_text("utf-8")
    pins = json.loads((repo / "tools/graphviewer/package.json").read_text())["dependencies"]
    assert set(pins) == {"sigma", "graphology", "graphology-layout-forceatlas2"}
    for package, version in pins.items():
        assert f"==== {package} {version} ====" in licence
    assert licence.count("Permission is hereby granted, free of charge") == 5  # MIT, each package
