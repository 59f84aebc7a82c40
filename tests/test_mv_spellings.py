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


def test_a_file_named_in_another_normal_form_than_stored_is_moved(tmp_path: Path) -> None:
    # The name stored decomposed (as macOS writes it) and typed composed, in a folder stored
    # composed and typed decomposed: Obsidian compares names in NFC, so it is the same file.
    nfd_folder, nfc_folder = unicodedata.normalize("NFD", "Menüs"), "Menüs"
    files = {f"{nfc_folder}/{NFD}.md": "# Menu\n", "Index.md": f"[[{NFC}]] and [[{NFD}#Menu]]\n"}
    root = write_vault(tmp_path, files)
    done = runner.invoke(app, ["mv", "-C", str(root), f"{nfd_folder}/{NFC}.md", "Thé.md"])
    assert (done.exit_code, done.stdout, done.stderr) == (
        0,
        f"Moved {nfc_folder}/{NFD}.md to Thé.md; rewrote 2 links in 1 note\n",
        "",
    )
    assert sorted(p.name for p in root.rglob("*.md")) == ["Index.md", "Thé.md"]
    assert (root / "Thé.md").read_bytes() == b"# Menu\n"
    assert (root / "Index.md").read_text("utf-8") == "[[Thé]] and [[Thé#Menu]]\n"


def test_a_name_stored_twice_in_two_forms_is_not_guessed(tmp_path: Path) -> None:
    # Both forms on disk (Linux keeps them apart), neither typed exactly: no guess.
    mixed = unicodedata.normalize("NFD", "Ré") + NFC[-1:] + ".md"  # `R` `e`+accent `é`
    root = write_vault(tmp_path, {"Réé.md": "a\n", unicodedata.normalize("NFD", "Réé.md"): "b\n"})
    done = runner.invoke(app, ["mv", "-C", str(root), mixed, "X.md"])
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"vaultcheck: error: no such file: {root / mixed}\n"
    assert sorted(p.read_bytes() for p in root.glob("*.md")) == [b"a\n", b"b\n"]
