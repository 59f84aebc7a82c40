"""The language server's navigation answers on a real vault loaded from disk, without the
protocol around them (tests/test_server.py drives that)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_vault
from vaultcheck.parse.note import parse_note
from vaultcheck.server.navigate import completion
from vaultcheck.vault.build import load_vault


def test_names_completed_after_brackets_keep_their_extension(tmp_path: Path) -> None:
    # Two canvases of one name are told apart by path, extension and all (a canvas is
    # linked with its `.canvas`); only `.md` is left out, as links leave it out.
    root = write_vault(
        tmp_path / "v",
        {
            ".obsidian/app.json": "{}",
            "board.canvas": '{"nodes":[],"edges":[]}',
            "sub/board.canvas": '{"nodes":[],"edges":[]}',
            "tasks.base": "views: []\n",
            "Note.md": "x",
            "sub/Note.md": "y",
        },
    )
    vault = load_vault(root)
    typing = parse_note(b"[[", "Note.md")
    inserted = sorted(
        (item.label, item.text_edit.new_text if item.text_edit else None)
        for item in completion(vault, typing, 2)
    )
    assert inserted == [
        ("Note", "Note"),
        ("board.canvas", "board.canvas"),
        ("sub/Note", "sub/Note"),
        ("sub/board.canvas", "sub/board.canvas"),
        ("tasks.base", "tasks.base"),
    ]
