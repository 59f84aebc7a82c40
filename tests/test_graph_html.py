"""The HTML picture in headless Chromium, driven with the real mouse and keyboard.

Expected answers (links, backlinks, orphans, neighbourhoods, search hits) come from the
exported page's own data, computed here in Python, never from the page's code.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from tests import browser
from tests.cdp import Browser
from tests.conftest import REPO, corpus
from vaultcheck.cli.app import app

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts"
FIREBALL = "Spells/Fireball.md"

# Pixels on the WebGL node layer: how many are drawn, and how many in the faded colour.
PIXELS = """(() => {
  const r = vaultcheckGraph.renderer;
  r.refresh();
  const c = r.getCanvases().nodes, gl = c.getContext("webgl2") || c.getContext("webgl");
  const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight, px = new Uint8Array(w * h * 4);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let drawn = 0, faded = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] < 250) continue;
    drawn++;
    if (Math.abs(px[i] - 230) < 3 && Math.abs(px[i + 1] - 230) < 3 && Math.abs(px[i + 2] - 234) < 3) faded++;
  }
  return { drawn, faded };
})()"""
SHOWN = """(() => { const r = vaultcheckGraph.renderer, g = vaultcheckGraph.graph;
  return g.filterNodes(n => !r.getNodeDisplayData(n).hidden).map(n => g.getNodeAttribute(n, "path")).sort(); })()"""


def export(vault: Path, target: Path, *extra: str) -> dict[str, Any]:
    """Export ``vault`` as HTML; return the graph data embedded in the page."""
    result = CliRunner().invoke(
        app, ["graph", "export", "-f", "html", "-o", str(target), "--vault", str(vault), *extra]
    )
    assert result.exit_code == 0, result.stderr
    text = target.read_text("utf-8")
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
    return data


def as_graph(data: dict[str, Any]) -> Any:
    graph = nx.DiGraph()
    graph.add_nodes_from(n["path"] for n in data["nodes"])
    paths = [n["path"] for n in data["nodes"]]
    graph.add_edges_from((paths[a], paths[b]) for a, b in data["edges"])
    return graph


def dataset(page: Browser) -> dict[str, str]:
    found: dict[str, str] = page.evaluate("Object.assign({}, document.body.dataset)")
    return found


def centre_of(page: Browser, selector: str) -> tuple[float, float]:
    box = page.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        " e.scrollIntoView({ block: 'center' }); const b = e.getBoundingClientRect();"
        " return [b.x + b.width / 2, b.y + b.height / 2]; })()"
    )
    return box[0], box[1]


def node_at(page: Browser, path: str) -> tuple[float, float]:
    """Where the note ``path`` is on screen."""
    x, y = page.evaluate(
        "(() => { const g = vaultcheckGraph.graph;"
        f" const n = g.findNode((_, a) => a.path === {json.dumps(path)});"
        " const p = vaultcheckGraph.renderer.graphToViewport(g.getNodeAttributes(n));"
        " return [p.x, p.y]; })()"
    )
    return x, y


def settle(page: Browser) -> None:
    """Wait for the layout to stop by itself (about 3.5 s for the DND vault)."""
    page.wait_for("document.body.dataset.layout === 'stopped'", timeout=60)


@pytest.fixture(scope="module")
def dnd(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("dnd")
    page = folder / "dnd.html"
    return page, export(corpus("OldManUmby__DND.SRD.Wiki"), page)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    browser.chromium()  # skips, or fails under CI, when there is no browser
    with Browser(tmp_path_factory.mktemp("profile")) as page:
        yield page


@pytest.fixture
def dnd_page(chromium: Browser, dnd: tuple[Path, dict[str, Any]]) -> Browser:
    chromium.console.clear()
    chromium.open(dnd[0])
    chromium.wait_for("document.body.dataset.ready")
    return chromium


def test_every_node_is_drawn_with_a_legend_beside_the_graph(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    _, data = dnd
    assert len(data["nodes"]) == 1030  # 1,028 notes, 1 attachment, 1 missing target
    seen = dataset(dnd_page)
    assert seen["drawn"] == "1030"
    assert dnd_page.evaluate(PIXELS)["drawn"] > 5000
    assert dnd_page.evaluate("document.getElementById('arrows').checked") is True
    # Every folder is in the legend, which sits beside the graph and scrolls.
    folders = {n["folder"] or "(vault root)" for n in data["nodes"] if n["kind"] == "note"}
    legend = dnd_page.evaluate(
        "[...document.querySelectorAll('#legend [data-group]')].map(d => d.title)"
    )
    assert set(legend) == folders | {"attachment", "missing note"}
    graph_right = dnd_page.evaluate(
        "document.getElementById('graph').getBoundingClientRect().right"
    )
    legend_left = dnd_page.evaluate(
        "document.getElementById('legend').getBoundingClientRect().left"
    )
    assert legend_left >= graph_right
    assert (
        dnd_page.evaluate("getComputedStyle(document.getElementById('legend')).overflowY") == "auto"
    )
    # Colours by rank from a palette: "Spells" and "Spells (Alt)" no longer share one.
    colours = dnd_page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#legend [data-group]')]"
        ".map(d => [d.title, d.querySelector('span').style.background]))"
    )
    assert colours["Spells"] != colours["Spells (Alt)"]
    palette = [c for name, c in colours.items() if name not in ("attachment", "missing note")]
    assert len(set(palette)) == len(palette)
    settle(dnd_page)
    # Drawn at once, while the layout settles.
    seen = dataset(dnd_page)
    assert int(seen["firstPaintMs"]) < int(seen["layoutStoppedMs"])
    ARTIFACTS.mkdir(exist_ok=True)
    assert dnd_page.screenshot(ARTIFACTS / "dnd-graph.png") > 10_000
    assert dnd_page.console == []


def test_hover_fades_all_but_the_neighbours(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    graph = as_graph(dnd[1])
    settle(dnd_page)
    assert dnd_page.evaluate(PIXELS)["faded"] == 0
    dnd_page.mouse("mouseMoved", *node_at(dnd_page, FIREBALL))
    dnd_page.wait_for(f"document.body.dataset.hovered === {json.dumps(FIREBALL)}")
    lit = set(
        dnd_page.evaluate(
            "(() => { const r = vaultcheckGraph.renderer, g = vaultcheckGraph.graph;"
            " return g.filterNodes(n => r.getNodeDisplayData(n).color !== '#e6e6ea')"
            ".map(n => g.getNodeAttribute(n, 'path')); })()"
        )
    )
    assert lit == {FIREBALL} | set(graph.predecessors(FIREBALL)) | set(graph.successors(FIREBALL))
    assert dnd_page.evaluate(PIXELS)["faded"] > 1000
    ARTIFACTS.mkdir(exist_ok=True)
    dnd_page.screenshot(ARTIFACTS / "dnd-hover-fireball.png")
    dnd_page.mouse("mouseMoved", 5, 5)
    dnd_page.wait_for("!document.body.dataset.hovered")
    assert dnd_page.evaluate(PIXELS)["faded"] == 0


def test_click_lists_links_and_backlinks_and_local_graph_shows_the_neighbourhood(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    data = dnd[1]
    graph = as_graph(data)
    hub = max(graph, key=graph.out_degree)
    settle(dnd_page)
    dnd_page.click(*node_at(dnd_page, hub))
    dnd_page.wait_for(f"document.body.dataset.selected === {json.dumps(hub)}")
    text = dnd_page.evaluate("document.getElementById('info').innerText")
    assert f"Links ({graph.out_degree(hub)})" in text
    assert f"Backlinks ({graph.in_degree(hub)})" in text
    # Following a link in the panel selects that note.
    dnd_page.click(*centre_of(dnd_page, f'#info a[data-node="{_node_id(data, FIREBALL)}"]'))
    dnd_page.wait_for(f"document.body.dataset.selected === {json.dumps(FIREBALL)}")
    dnd_page.click(*centre_of(dnd_page, "#local"))
    undirected = graph.to_undirected()
    for depth in (1, 2):
        dnd_page.evaluate(
            f"(() => {{ const d = document.getElementById('depth'); d.value = '{depth}';"
            " d.dispatchEvent(new Event('input')); })()"
        )
        expected = nx.single_source_shortest_path_length(undirected, FIREBALL, depth)
        assert dnd_page.evaluate(SHOWN) == sorted(expected)
        assert dataset(dnd_page)["local"] == str(len(expected))
    time.sleep(0.6)  # the camera's move to the neighbourhood
    ARTIFACTS.mkdir(exist_ok=True)
    dnd_page.screenshot(ARTIFACTS / "dnd-local-fireball-depth2.png")
    dnd_page.click(*centre_of(dnd_page, "#local"))
    assert len(dnd_page.evaluate(SHOWN)) == len(data["nodes"])
    assert dnd_page.console == []


def _node_id(data: dict[str, Any], path: str) -> int:
    return next(i for i, n in enumerate(data["nodes"]) if n["path"] == path)


def test_search_finds_notes_and_enter_opens_the_first(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    data = dnd[1]
    dnd_page.click(*centre_of(dnd_page, "#search"))
    dnd_page.type_text("fireball")
    found = [
        n
        for n in data["nodes"]
        if "fireball" in n["title"].lower() or "fireball" in n["path"].lower()
    ]
    assert dataset(dnd_page)["found"] == str(len(found))
    assert "Fireball" in dnd_page.evaluate("document.getElementById('results').innerText")
    dnd_page.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Enter", "code": "Enter"})
    dnd_page.wait_for(f"document.body.dataset.selected === {json.dumps(FIREBALL)}")
    dnd_page.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape", "code": "Escape"})
    dnd_page.wait_for("!document.body.dataset.selected")


def test_toggles_hide_orphans_attachments_and_missing_notes(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    data = dnd[1]
    graph = as_graph(data)
    kinds = {n["path"]: n["kind"] for n in data["nodes"]}
    total = len(kinds)
    orphans = [p for p in graph if graph.degree(p) == 0 and kinds[p] == "note"]
    assert 0 < len(orphans) < total
    expected = total
    for toggle, gone in (
        ("#show-orphans", len(orphans)),
        ("#show-attachments", sum(k == "attachment" for k in kinds.values())),
        ("#show-missing", sum(k == "unresolved" for k in kinds.values())),
    ):
        dnd_page.click(*centre_of(dnd_page, toggle))
        expected -= gone
        assert dataset(dnd_page)["drawn"] == str(expected)
        assert len(dnd_page.evaluate(SHOWN)) == expected
    assert not set(orphans) & set(dnd_page.evaluate(SHOWN))


def test_focus_on_the_command_line_opens_the_local_graph(tmp_path: Path, chromium: Browser) -> None:
    page = tmp_path / "fireball.html"
    data = export(corpus("OldManUmby__DND.SRD.Wiki"), page, "--focus", "Fireball", "--depth", "2")
    chromium.console.clear()
    chromium.open(page)
    chromium.wait_for("document.body.dataset.ready")
    assert dataset(chromium)["selected"] == FIREBALL
    assert chromium.evaluate("document.getElementById('local').checked") is True
    assert chromium.evaluate("document.getElementById('depth').value") == "2"
    # The file holds the depth-2 neighbourhood, and the page shows all of it.
    undirected = as_graph(data).to_undirected()
    assert len(nx.single_source_shortest_path_length(undirected, FIREBALL, 2)) == len(data["nodes"])
    assert dataset(chromium)["drawn"] == str(len(data["nodes"]))
    assert len(data["nodes"]) < 1030
    # The layout button stops and resumes the layout.
    for state, text in (("stopped", "Layout stopped."), ("running", "Laying out…")):
        chromium.click(*centre_of(chromium, "#layout-button"))
        assert dataset(chromium)["layout"] == state
        assert chromium.evaluate("document.getElementById('status-text').textContent") == text
    assert chromium.console == []


def test_search_matches_names_in_either_unicode_form(tmp_path: Path, chromium: Browser) -> None:
    """A keyboard types `한국` composed (NFC); macOS stores `한국어.md` decomposed (NFD), and
    the search found nothing. Likewise the precomposed Devanagari `\u0958` for `क़`."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    for name in ("한국어", "क़लम", "Other"):
        (vault / f"{unicodedata.normalize('NFD', name)}.md").write_text("[[Other]]\n", "utf-8")
    page = tmp_path / "graph.html"
    export(vault, page)
    chromium.console.clear()
    chromium.open(page)
    chromium.wait_for("document.body.dataset.ready")
    for typed, title in (("한국", "한국어"), ("\u0958ल", "क़लम")):
        chromium.evaluate("document.getElementById('search').value = ''")
        chromium.click(*centre_of(chromium, "#search"))
        chromium.type_text(typed)
        assert dataset(chromium)["found"] == "1", typed
        shown = chromium.evaluate("document.getElementById('results').innerText")
        assert unicodedata.normalize("NFC", shown).splitlines()[1] == title
    assert chromium.console == []


def test_notes_named_like_html_leave_the_page_whole(tmp_path: Path, chromium: Browser) -> None:
    """Titles `<!-- draft` and `<script> tag` (notes about HTML): inside the page's data script
    they read as an HTML comment opening a script, so its `</script>` ended nothing, the
    viewer became part of the data and the page stayed blank."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "a.md").write_text('---\ntitle: "<!-- draft"\n---\n[[b]]\n', "utf-8")
    (vault / "b.md").write_text('---\ntitle: "The <script> tag"\n---\n[[a]]\n', "utf-8")
    (vault / "<script x.md").write_text("[[a]] </script>\n", "utf-8")
    page = tmp_path / "graph.html"
    data = export(vault, page)
    assert sorted(n["title"] for n in data["nodes"]) == [
        "<!-- draft",
        "<script x",
        "The <script> tag",
    ]
    chromium.console.clear()
    chromium.open(page)
    chromium.wait_for("document.body.dataset.ready")
    assert dataset(chromium)["drawn"] == "3"
    assert chromium.console == []


def drag(page: Browser, x: float, y: float) -> float:
    """Drag from (x, y) with the real mouse; return the frames per second the page showed."""
    before = page.evaluate("vaultcheckGraph.renderer.getCamera().getState().x")
    page.mouse("mouseMoved", x, y)
    page.mouse("mousePressed", x, y, buttons=1)
    page.evaluate(
        "window.panFrames = 0; window.panStart = performance.now(); window.panning = true;"
        "(function count() { window.panFrames++; if (window.panning) requestAnimationFrame(count); })();"
    )
    for step in range(1, 121):
        page.mouse("mouseMoved", x + step * 2, y + step, buttons=1)
        time.sleep(0.012)
    frames, elapsed = page.evaluate(
        "window.panning = false; [window.panFrames, performance.now() - window.panStart]"
    )
    page.mouse("mouseReleased", x + 240, y + 120)
    page.wait_for(f"vaultcheckGraph.renderer.getCamera().getState().x !== {before}")
    page.wait_for("document.body.dataset.frameMs")
    time.sleep(1.5)  # the redraw after the drag
    return float(frames * 1000 / elapsed)


def test_6600_notes_paint_at_once_and_pan_smoothly(tmp_path: Path, chromium: Browser) -> None:
    vault = tmp_path / "vault"
    subprocess.run(
        [sys.executable, str(REPO / "bench/generate.py"), str(vault), "--notes", "6600"],
        check=True,
        capture_output=True,
    )
    page = tmp_path / "big.html"
    data = export(vault, page)
    chromium.console.clear()
    chromium.open(page)
    chromium.wait_for("document.body.dataset.firstPaintMs")
    first = dataset(chromium)
    assert first["drawn"] == str(len(data["nodes"]))
    ARTIFACTS.mkdir(exist_ok=True)
    chromium.screenshot(ARTIFACTS / "bench-6600-first-paint.png")
    settle(chromium)
    time.sleep(1)
    chromium.screenshot(ARTIFACTS / "bench-6600-settled.png")
    # Drag with the real mouse for about two seconds and count the frames the page shows; best
    # of two drags, as other jobs on the machine can take the CPU for a while.
    fps = max(drag(chromium, 300.0 + 50 * attempt, 400.0) for attempt in range(2))
    # A click (no drag) still selects the note under the pointer when frames are this slow.
    hub = max(as_graph(data).degree, key=lambda nd: nd[1])[0]
    chromium.click(*node_at(chromium, hub))
    chromium.wait_for("document.body.dataset.selected")
    picked = dataset(chromium)["selected"]
    assert picked in {n["path"] for n in data["nodes"]}
    timings = {
        "nodes": len(data["nodes"]),
        "edges": len(data["edges"]),
        "first_draw_ms": int(first["firstDrawMs"]),
        "first_paint_ms": int(first["firstPaintMs"]),
        "layout_stopped_ms": int(dataset(chromium)["layoutStoppedMs"]),
        "full_redraw_ms": int(dataset(chromium).get("frameMs", "0")),
        "pan_frames_per_second": round(fps, 1),
    }
    (ARTIFACTS / "bench-6600-timings.json").write_text(json.dumps(timings, indent=2) + "\n")
    print(timings)
    chromium.screenshot(ARTIFACTS / "bench-6600-after-pan.png")
    # The picture is on screen before the layout settles, and a drag shows moving frames. How
    # fast (the 30 frames a second target) is a measurement, recorded above and in
    # docs/graph.md, not a timed assertion that another job on the machine could fail.
    assert int(first["firstPaintMs"]) < timings["layout_stopped_ms"]
    assert fps > 0, timings
    assert chromium.console == []


def test_labels_appear_as_you_zoom_in(dnd_page: Browser) -> None:
    settle(dnd_page)
    labels = "vaultcheckGraph.renderer.getNodeDisplayedLabels().size"
    assert dnd_page.evaluate(labels) <= 3  # the hubs only
    x, y = node_at(dnd_page, FIREBALL)
    for _ in range(4):
        dnd_page.call(
            "Input.dispatchMouseEvent",
            {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": -300},
        )
        time.sleep(0.4)  # sigma animates each step of the zoom
    assert dnd_page.evaluate("vaultcheckGraph.renderer.getCamera().ratio") < 0.25
    assert dnd_page.evaluate(labels) > 10
    ARTIFACTS.mkdir(exist_ok=True)
    dnd_page.screenshot(ARTIFACTS / "dnd-zoomed-on-fireball.png")


def test_a_legend_click_shows_that_group_alone(
    dnd_page: Browser, dnd: tuple[Path, dict[str, Any]]
) -> None:
    data = dnd[1]
    lit = (
        "(() => { const r = vaultcheckGraph.renderer, g = vaultcheckGraph.graph;"
        " return g.filterNodes(n => r.getNodeDisplayData(n).color !== '#e6e6ea')"
        ".map(n => g.getNodeAttribute(n, 'path')).sort(); })()"
    )
    row = '#legend [title="Spells (Alt)"]'
    dnd_page.click(*centre_of(dnd_page, row))
    alt = sorted(n["path"] for n in data["nodes"] if n["folder"] == "Spells (Alt)")
    assert len(alt) == 28
    assert dnd_page.evaluate(lit) == alt
    dnd_page.click(*centre_of(dnd_page, row))
    assert len(dnd_page.evaluate(lit)) == len(data["nodes"])


def test_without_webgl_the_page_says_so(tmp_path: Path, dnd: tuple[Path, dict[str, Any]]) -> None:
    with Browser(tmp_path / "profile", extra=("--disable-webgl",)) as page:
        page.open(dnd[0])
        page.wait_for("document.body.dataset.ready")
        assert dataset(page)["error"] == "no-webgl"
        assert "cannot draw with WebGL" in page.evaluate(
            "document.getElementById('graph').innerText"
        )
        assert page.console == []
