"""The language server's positions in every encoding a client may agree on, on lines where
characters take different numbers of code units (emoji, CJK Extension B, mathematical
letters, combining marks, Hebrew), in CRLF and CR files, and on text holding characters
Python takes for line ends but LSP does not (U+2028, form feed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.conftest import write_vault
from tests.lsp_client import Editor, codes, run, uri

#: Before the links of line 3: 😀, 𠀀 and U+1D400 mathematical bold A (two UTF-16 units,
#: four UTF-8 bytes each), a space, e + U+0301 (1 + 1 units; 1 + 2 bytes), a space, שלום
#: (4 units; 8 bytes), a space.
LINE = "😀𠀀\U0001d400 e\u0301 שלום [[Nope]] [[Alpha#Setup]]"
NOTES = {
    ".obsidian/app.json": "{}",
    "My Note.md": "# My Note\n\n## Part two\n\n### C# basics | intro\n",
    "Alpha.md": "# Alpha\n\n## Setup\n\nText [[Wide]] [[Crlf]] [[Seps]]\n",
    "Wide.md": f"# Wide\n\n{LINE}\n",
    "Crlf.md": f"# Crlf\r\n\r\n{LINE}\r\n",
    # U+2028 and a form feed inside line 2; `[[Nope2]]` on line 3 is then edited.
    "Seps.md": "# Seps\n\npara\u2028more\x0c [[Nope]]\nnext [[Nope2]]\n",
}

#: Where `[[Nope]]` (8 characters) starts on LINE, and where `[[Alpha#Setup]]` starts.
COLUMNS = {"utf-16": (15, 24), "utf-8": (26, 35), "utf-32": (12, 21)}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_positions_in_the_agreed_encoding(tmp_path: Path, encoding: str) -> None:
    root = write_vault(tmp_path / "vault", NOTES)
    nope, alpha = COLUMNS[encoding]

    async def body(editor: Editor) -> None:
        assert editor.capabilities.position_encoding == encoding
        for rel in ("Wide.md", "Crlf.md"):
            doc = editor.open(rel)
            found = await editor.diagnostics(doc)
            assert codes(found) == [("LNK001", 2, nope, 2, nope + 8)], rel
            where = lsp.TextDocumentIdentifier(uri=doc)
            # Inside `[[Alpha#Setup]]`: its heading, line 3 of Alpha.md.
            went = await editor.client.text_document_definition_async(
                lsp.DefinitionParams(text_document=where, position=lsp.Position(2, alpha + 3))
            )
            assert isinstance(went, lsp.Location)
            assert (went.uri, went.range.start) == (uri(root / "Alpha.md"), lsp.Position(2, 0))
            shown = await editor.client.text_document_hover_async(
                lsp.HoverParams(text_document=where, position=lsp.Position(2, alpha + 3))
            )
            assert shown is not None and shown.range == lsp.Range(
                lsp.Position(2, alpha), lsp.Position(2, alpha + 15)
            )
        # Completion replaces what was typed since `[[` (or the last `#`), spaces included;
        # a heading is written as a link can hold it (`#` and `|` would end its name).
        prefix = LINE[: LINE.index("[[")]
        for typed, label, written, start, end in [
            ("[[My No", "My Note", "My Note", nope + 2, nope + 7),
            ("[[My Note#Pa", "Part two", "Part two", nope + 10, nope + 12),
            ("[[My Note#Part two#C", "C# basics | intro", "C basics intro", nope + 19, nope + 20),
        ]:
            editor.type_text(doc, prefix + typed)
            await editor.diagnostics(doc, lambda found: not found)
            listed = await editor.client.text_document_completion_async(
                lsp.CompletionParams(text_document=where, position=lsp.Position(0, end))
            )
            assert isinstance(listed, lsp.CompletionList)
            item = next(i for i in listed.items if i.label == label)
            assert item.text_edit == lsp.TextEdit(
                range=lsp.Range(lsp.Position(0, start), lsp.Position(0, end)), new_text=written
            )

    # A client offering UTF-8 and UTF-16 gets UTF-8 (its first choice), as Neovim does.
    offered = {"utf-16": None, "utf-8": ["utf-8", "utf-16"], "utf-32": ["utf-32", "utf-16"]}
    run(root, body, offered[encoding])


def test_an_edit_after_a_line_separator_lands_where_the_editor_made_it(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault", NOTES)

    async def body(editor: Editor) -> None:
        doc = editor.open("Seps.md")
        found = await editor.diagnostics(doc)
        # U+2028 and the form feed are characters of line 2, not line ends.
        assert codes(found) == [("LNK001", 2, 11, 2, 19), ("LNK001", 3, 5, 3, 14)]
        editor.replace(doc, 3, 7, 12, "Alpha")  # `next [[Nope2]]` -> `next [[Alpha]]`
        found = await editor.diagnostics(doc, lambda found: len(found) == 1)
        assert codes(found) == [("LNK001", 2, 11, 2, 19)]
        assert found[0].message.startswith("Broken link: no note named `Nope`")

    run(root, body)


def test_unsaved_text_wins_over_the_file_whatever_the_uri_escapes(tmp_path: Path) -> None:
    # Neovim writes `'`, `(` and `)` into a file URI as they are; pygls' own URIs escape
    # them. The open note's unsaved text must still win over its file when the file
    # watcher reports the file changed.
    root = write_vault(tmp_path / "vault", {**NOTES, "it's (1).md": "# One\n\n[[Alpha]]\n"})
    doc = uri(root).rstrip("/") + "/it's%20(1).md"

    async def body(editor: Editor) -> None:
        editor.texts[doc], editor.versions[doc] = "# One\n\n[[Alpha]]\n", 1
        item = lsp.TextDocumentItem(doc, "markdown", 1, editor.texts[doc])
        editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
        await editor.diagnostics(doc)
        editor.type_text(doc, "# One\n\n[[Alpha]] [[Nope]]\n")  # not saved
        unsaved = await editor.diagnostics(doc, lambda found: bool(found))
        assert codes(unsaved) == [("LNK001", 2, 10, 2, 18)]
        editor.files_changed("it's (1).md")
        # Answered after the notification is handled, and after anything it published.
        await editor.client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
        )
        assert codes(editor.published[doc]) == [("LNK001", 2, 10, 2, 18)]

    run(root, body)
