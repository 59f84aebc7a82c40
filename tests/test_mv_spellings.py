"""``vaultcheck mv`` of a file that canvases name in another normal form or case than its
path on disk: a file node reaching it (lint finds nothing broken) follows the move."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()

NFC = unicodedata.normalize("NFC", "Café")
NFD = unicodedata.normalize("NFD", "Café")


def _node(ident: str, file: str) -> dict[str, object]:
    return {"id": ident, "type": "file", "file": file, "x": 0, "y": 0, "width": 1, "height": 1}


def test_canvas_nodes_naming_a_decomposed_file_composed_follow_the_move(tmp_path: Path) -> None:
    # macOS stored the name decomposed; the canvas, written by another tool, has it composed.
    board = {"nodes": [_node("a", f"{NFC}.md"), _node("b", "Other.md")], "edges": []}
    text = json.dumps(board, ensure_ascii=False, indent="\t")
    root = write_vault(tmp_path, {f"{NFD}.md": "# Menu\n", "Other.md": "x\n", "Board.canvas": text})
    lint = ["lint", str(root), "--select", "LNK", "--no-cache", "--output-format", "concise"]
    assert runner.invoke(app, lint).exit_code == 0  # the node reaches the file
    done = runner.invoke(app, ["mv", "-C", str(root), f"{NFD}.md", "Thé.md"])
    assert (done.exit_code, done.stdout, done.stderr) == (
        0,
        f"Moved {NFD}.md to Thé.md; rewrote 1 link in 0 notes and 1 canvas\n",
        "",
    )
    assert (root / "Board.canvas").read_text("utf-8") == text.replace(f"{NFC}.md", "Thé.md")
    assert runner.invoke(app, lint).exit_code == 0
