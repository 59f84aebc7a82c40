"""Canvases (JSON Canvas 1.0): file cards and text-card links checked, positions in the JSON,
invalid JSON reported, canvases in the graph's backlinks and orphans."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import as_rows, write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.fixing.fixer import fix_vault
from vaultcheck.rules.selection import select_rules

runner = CliRunner()


def card(kind: str, **fields: str) -> dict[str, object]:
    return {
        "id": kind + str(len(fields)),
        "type": kind,
        "x": 0,
        "y": 0,
        "width": 9,
        "height": 9,
        **fields,
    }


BOARD = (
    "{\n"
    '\t"nodes":[\n'
    '\t\t{"id":"1","type":"file","file":"Notes/Idea.md","subpath":"#Part","x":0,"y":0},\n'
    '\t\t{"id":"2","type":"file","file":"Notes/Gone.md","x":0,"y":0},\n'
    '\t\t{"id":"3","type":"file","file":"Notes/Idea.md","subpath":"#^nope","x":0,"y":0},\n'
    '\t\t{"id":"4","type":"text","text":"S\\u00e9e \\ud83d\\ude00 [[Idea]] \\"and\\"\\n[[Missing note]] [[Idea#Nope]]"},\n'
    '\t\t{"id":"5","type":"file","file":"pic.png"},\n'
    '\t\t{"id":"6","type":"link","url":"https://example.com/[[x]]"},\n'
    '\t\t{"id":"7","type":"group","label":"[[not a link]]","background":"bg.png"},\n'
    '\t\t{"id":"8","type":"file","file":"Idea.md"}\n'
    "\t],\n"
    '\t"edges":[]\n'
    "}\n"
)
FILES: dict[str, str | bytes] = {
    "Notes/Idea.md": "# Idea\n\n## Part\n\ntext ^blk\n",
    "Other/Idea.md": "# Idea elsewhere\n",
    "Board.canvas": BOARD,
    "bg.png": b"",
}


def test_canvas_links_are_checked_where_the_json_holds_them(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    result = lint(root, select_rules(["ALL"]), config=Config())
    rows = [row for row in as_rows(result.diagnostics) if row[1] == "Board.canvas"]
    guess = (
        "Ambiguous link: `Idea` matches 2 files; Obsidian opens `Notes/Idea.md` (the shortest "
        "path), not `Other/Idea.md`; write `Notes/Idea` to say so"
    )
    assert rows == [
        ("LNK001", "Board.canvas", 4, 34, "Broken link: no note named `Notes/Gone.md`"),
        ("LNK004", "Board.canvas", 5, 34, "Missing block: `Notes/Idea.md` has no block `^nope`"),
        ("LNK002", "Board.canvas", 6, 57, guess),
        ("LNK001", "Board.canvas", 6, 75, "Broken link: no note named `Missing note`"),
        ("LNK002", "Board.canvas", 6, 92, guess),
        ("LNK003", "Board.canvas", 6, 92, "Missing heading: `Notes/Idea.md` has no heading `Nope`"),
        ("LNK005", "Board.canvas", 7, 34, "Missing attachment: no file named `pic.png`"),
        # A card names a vault path: `Idea.md` is not searched for by name in the folders.
        (
            "LNK001",
            "Board.canvas",
            10,
            34,
            "Broken link: no note named `Idea.md`; did you mean `Idea`?",
        ),
    ]
    # The columns of the JSON source, after the escapes \u00e9, a surrogate pair, \" and \n.
    text_card = BOARD.splitlines()[5]
    assert text_card[56:].startswith("[[Idea]]")
    assert text_card[74:].startswith("[[Missing note]]")
    assert text_card[91:].startswith("[[Idea#Nope]]")


def test_canvas_is_in_backlinks_and_orphans(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {**FILES, "Lonely.canvas": json.dumps({"nodes": []})})
    back = runner.invoke(app, ["graph", "backlinks", "Notes/Idea.md", "--vault", str(root)])
    assert back.exit_code == 0, back.output
    lines = BOARD.splitlines()
    assert back.output.splitlines() == [
        f"Board.canvas:3:34: canvas: {lines[2].strip()}",
        f"Board.canvas:5:34: canvas: {lines[4].strip()}",
        f"Board.canvas:6:57: wikilink (guessed): {lines[5].strip()}",
        f"Board.canvas:6:92: wikilink (guessed): {lines[5].strip()}",
    ]
    orphans = runner.invoke(app, ["graph", "orphans", "--vault", str(root)])
    assert orphans.output == "Lonely.canvas\nOther/Idea.md\n"


def test_invalid_canvas_is_a_diagnostic(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "Bad.canvas": '{"nodes": [\n  {"id": "a", "type": "text", "text": "hi",}\n]}',
            "List.canvas": "[]",
            "Empty.canvas": "",
            "Nodes.canvas": '{"nodes": {}}',
        },
    )
    result = lint(root, select_rules(["ALL"]), config=Config())
    assert as_rows(d for d in result.diagnostics if d.code == "CNV001") == [
        (
            "CNV001",
            "Bad.canvas",
            2,
            44,
            "Invalid JSON: Expecting property name enclosed in double quotes",
        ),
        ("CNV001", "List.canvas", 1, 1, "Not a JSON Canvas: the file must hold an object"),
        ("CNV001", "Nodes.canvas", 1, 1, "Not a JSON Canvas: `nodes` must be a list"),
    ]


def test_a_canvas_saved_with_a_bom_is_read_as_obsidian_reads_it(tmp_path: Path) -> None:
    # Obsidian's Vault.read drops a leading UTF-8 BOM (seen by obsidian-livesync on 1.12.7),
    # so the canvas opens: no CNV001 ("Unexpected UTF-8 BOM"), and its cards are checked,
    # columns counting the BOM as the notes' do.
    root = write_vault(tmp_path / "v", {**FILES, "Board.canvas": "\ufeff" + BOARD})
    out = runner.invoke(
        app, ["lint", str(root), "--no-cache", "--select", "CNV,LNK001", "--output-format", "json"]
    )
    found = [(d["code"], d["path"], d["line"], d["column"]) for d in json.loads(out.stdout)]
    assert found == [
        ("LNK001", "Board.canvas", 4, 34),
        ("LNK001", "Board.canvas", 6, 75),
        ("LNK001", "Board.canvas", 10, 34),
    ]
    bad = write_vault(tmp_path / "w", {"Bad.canvas": "\ufeff{,}"})
    out = runner.invoke(app, ["lint", str(bad), "--no-cache", "--output-format", "concise"])
    assert out.stdout.splitlines()[0] == (
        f"{bad}/Bad.canvas:1:3: CNV001 Invalid JSON: Expecting property name enclosed in "
        "double quotes"
    )


def test_canvas_gets_no_note_rules_and_no_fixes(tmp_path: Path) -> None:
    board = json.dumps({"nodes": [card("text", text="[[idea]] #Tag [[Notes/Idea]]")]})
    root = write_vault(
        tmp_path / "v",
        {"Notes/Idea.md": "# Idea\n", "Board.canvas": board, ".vaultcheck.toml": ""},
    )
    config = Config(options={"frontmatter": {"required": ["title"]}})
    result = lint(root, select_rules(["ALL"]), config=config)
    canvas = [d for d in result.diagnostics if d.path == "Board.canvas"]
    assert [(d.code, d.fix) for d in canvas] == [("LNK008", None)]
    outcome = fix_vault(root, select_rules(["ALL"]), config, unsafe=True)
    assert "Board.canvas" not in outcome.changed
