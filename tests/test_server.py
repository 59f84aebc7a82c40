"""The language server end to end: pygls' real client starts ``python -m vaultcheck server``
over stdio, opens notes, edits them unsaved, and reads what an editor would show."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp

from tests.conftest import write_vault
from tests.lsp_client import Editor, apply, codes, run, uri

NOTES = {
    ".obsidian/app.json": "{}",
    "Alpha.md": "---\naliases: [A1]\n---\n# Alpha\n\n## Setup\n\nFirst line of setup.\n\nA quote ^quote\n",
    # An emoji (2 UTF-16 units) and CJK (1 each) before the links on their line.
    "Beta.md": "# Beta\n\n😀 see [[A1]] and 中文 [[Alpah]]\n",
    "Gamma.md": "---\nrelated: '[[Alpha]]'\n---\n# Gamma\n\nLinks [[Alpha#Setup]] and [[Alpha#^quote]]\n",
}


def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", NOTES)


def test_diagnostics_on_open_placed_in_utf16_with_rule_docs(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        beta = editor.open("Beta.md")
        found = await editor.diagnostics(beta)
        # Line 3 (0-based 2): `😀 see ` is 6 characters but 7 UTF-16 units; `中文` 1 each.
        # GR001: nothing links to Beta (an info).
        assert codes(found) == [
            ("GR001", 0, 0, 0, 0),
            ("LNK009", 2, 7, 2, 13),
            ("LNK001", 2, 21, 2, 30),
        ]
        assert [d.severity for d in found] == [
            lsp.DiagnosticSeverity.Information,
            lsp.DiagnosticSeverity.Warning,
            lsp.DiagnosticSeverity.Error,
        ]
        assert found[2].message.startswith("Broken link: no note named `Alpah`")
        assert found[1].code_description is not None
        assert found[1].code_description.href.endswith("docs/rules.md#lnk009-link-to-alias")
        assert found[1].source == "vaultcheck"
        # Before the vault was loaded, the server sent what it knew at once
        # (engine/firstlook.py): here, everything.
        first, *_, last = editor.history[beta]
        assert len(editor.history[beta]) > 1
        assert first == last == found

    run(root, body)


def test_open_notes_are_sent_diagnostics_again_only_when_theirs_change(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        alpha, beta, gamma = (editor.open(name) for name in ("Alpha.md", "Beta.md", "Gamma.md"))
        await editor.diagnostics(gamma)
        before = {doc: len(editor.history[doc]) for doc in (alpha, beta, gamma)}
        # A word typed in Alpha changes nothing for Beta and Gamma: Alpha alone is sent.
        editor.type_text(alpha, NOTES["Alpha.md"] + "More.\n")
        await editor.diagnostics(alpha, lambda found: len(editor.history[alpha]) > before[alpha])
        # Then a heading renamed: Gamma gets LNK003; Beta is still not sent anything.
        editor.type_text(alpha, NOTES["Alpha.md"].replace("## Setup", "## Set up"))
        found = await editor.diagnostics(gamma, lambda found: bool(found))
        assert codes(found) == [("LNK003", 5, 6, 5, 21)]
        assert len(editor.history[gamma]) == before[gamma] + 1
        assert len(editor.history[beta]) == before[beta]
        assert len(editor.history[alpha]) == before[alpha] + 2

    run(root, body)


def test_unsaved_edit_updates_this_note_and_the_open_notes_it_affects(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        alpha, gamma = editor.open("Alpha.md"), editor.open("Gamma.md")
        assert await editor.diagnostics(gamma) == []
        # Rename the heading Gamma links to, without saving.
        editor.type_text(alpha, NOTES["Alpha.md"].replace("## Setup", "## Set up"))
        found = await editor.diagnostics(gamma, lambda found: bool(found))
        assert codes(found) == [("LNK003", 5, 6, 5, 21)]
        assert "has no heading `Setup`" in found[0].message
        assert (root / "Alpha.md").read_text() == NOTES["Alpha.md"]  # nothing written
        # And back: the finding goes.
        editor.type_text(alpha, NOTES["Alpha.md"])
        assert await editor.diagnostics(gamma, lambda found: not found) == []
        # Unsaved text of the note itself counts.
        editor.type_text(gamma, "Now [[Missing]]\n")
        found = await editor.diagnostics(gamma, lambda found: bool(found))
        assert codes(found) == [("GR001", 0, 0, 0, 0), ("LNK001", 0, 4, 0, 15)]

    run(root, body)


def test_code_actions_carry_fixes_as_utf16_edits(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        beta = editor.open("Beta.md")
        found = await editor.diagnostics(beta)

        async def actions_at(d: lsp.Diagnostic) -> list[lsp.CodeAction]:
            actions = await editor.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=beta),
                    range=d.range,
                    context=lsp.CodeActionContext(diagnostics=[d]),
                )
            )
            return [a for a in actions or [] if isinstance(a, lsp.CodeAction)]

        safe, every = await actions_at(found[1])  # LNK009, a safe fix
        assert (safe.kind, safe.is_preferred, every.kind) == (
            lsp.CodeActionKind.QuickFix,
            True,
            lsp.CodeActionKind.SourceFixAll,
        )
        assert safe.title.endswith("(LNK009)") and "unsafe" not in safe.title
        assert every.title == "Fix all safe problems here (1)"  # LNK001's fix is unsafe
        unsafe, _ = await actions_at(found[2])
        assert unsafe.title.endswith("(LNK001) [unsafe: review it]")
        assert unsafe.is_preferred is False
        assert unsafe.edit is not None and unsafe.edit.changes is not None
        assert apply(editor.texts[beta], unsafe.edit.changes[beta]) == (
            "# Beta\n\n😀 see [[A1]] and 中文 [[Alpha]]\n"
        )
        assert safe.edit is not None and safe.edit.changes is not None
        fixed = apply(editor.texts[beta], safe.edit.changes[beta])
        assert fixed == "# Beta\n\n😀 see [[Alpha|A1]] and 中文 [[Alpah]]\n"
        editor.type_text(beta, fixed)
        found = await editor.diagnostics(beta, lambda found: "LNK009" not in codes_of(found))
        assert codes(found)[-1] == ("LNK001", 2, 27, 2, 36)

    run(root, body)


def codes_of(found: list[lsp.Diagnostic]) -> list[object]:
    return [d.code for d in found]


def test_definition_references_hover_completion_symbols(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        gamma = editor.open("Gamma.md")
        await editor.diagnostics(gamma)
        doc = lsp.TextDocumentIdentifier(uri=gamma)
        client = editor.client
        # On `[[Alpha#Setup]]` (line 5): the heading; on `[[Alpha#^quote]]`: the block.
        found = await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=lsp.Position(line=5, character=9))
        )
        assert isinstance(found, lsp.Location)
        assert (found.uri, found.range.start) == (uri(root / "Alpha.md"), lsp.Position(5, 0))
        found = await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=lsp.Position(line=5, character=30))
        )
        assert isinstance(found, lsp.Location)
        assert found.range.start == lsp.Position(9, 8)  # at `^quote`
        # Alpha's backlinks: Gamma's frontmatter and body links (Beta's `[[A1]]` names an
        # alias, which Obsidian does not follow: LNK009).
        alpha = editor.open("Alpha.md")
        refs = await client.text_document_references_async(
            lsp.ReferenceParams(
                text_document=lsp.TextDocumentIdentifier(uri=alpha),
                position=lsp.Position(0, 0),
                context=lsp.ReferenceContext(include_declaration=False),
            )
        )
        assert refs is not None
        assert sorted((r.uri.rsplit("/", 1)[1], r.range.start.line) for r in refs) == [
            ("Gamma.md", 1),
            ("Gamma.md", 5),
            ("Gamma.md", 5),
        ]
        shown = await client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=lsp.Position(line=5, character=9))
        )
        assert shown is not None and isinstance(shown.contents, lsp.MarkupContent)
        assert shown.contents.value.startswith("**Alpha.md**\n\n## Setup\n\nFirst line of setup.")
        # Completion after `[[`, then after `[[Alpha#`, then after `[[Alpha#^`.
        for typed, labels in [
            ("[[", ["A1", "Alpha", "Beta", "Gamma"]),
            ("[[Alpha#", ["Alpha", "Setup"]),
            ("[[Alpha#^", ["quote"]),
        ]:
            editor.type_text(gamma, f"# Gamma\n\nSee {typed}")
            await editor.diagnostics(gamma, lambda found: True)
            listed = await client.text_document_completion_async(
                lsp.CompletionParams(
                    text_document=doc, position=lsp.Position(line=2, character=4 + len(typed))
                )
            )
            assert isinstance(listed, lsp.CompletionList)
            assert sorted(item.label for item in listed.items) == labels, typed
        symbols = await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=alpha))
        )
        assert symbols is not None
        top = symbols[0]
        assert isinstance(top, lsp.DocumentSymbol) and top.name == "Alpha"
        assert [child.name for child in top.children or []] == ["Setup"]

    run(root, body)


def test_files_changed_by_other_programs_and_the_config_reloaded(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        gamma = editor.open("Gamma.md")
        assert await editor.diagnostics(gamma) == []
        # Another program (Obsidian, git) renames the heading in the file on disk.
        (root / "Alpha.md").write_text(NOTES["Alpha.md"].replace("## Setup", "## Set up"))
        editor.files_changed("Alpha.md")
        found = await editor.diagnostics(gamma, lambda found: bool(found))
        assert codes(found) == [("LNK003", 5, 6, 5, 21)]
        # The config now ignores LNK003: the vault is opened again with it.
        (root / ".vaultcheck.toml").write_text('ignore = ["LNK003"]\n')
        editor.files_changed(".vaultcheck.toml")
        assert await editor.diagnostics(gamma, lambda found: not found) == []
        # A broken config is one message, and the server goes on with the config it had.
        (root / ".vaultcheck.toml").write_text("ignore = [\n")
        editor.files_changed(".vaultcheck.toml")
        message = await editor.message()
        assert message.startswith(f"vaultcheck: {root / '.vaultcheck.toml'} is not valid TOML")
        editor.type_text(gamma, "Now [[Missing]]\n")
        found = await editor.diagnostics(gamma, lambda found: bool(found))
        assert codes(found) == [("GR001", 0, 0, 0, 0), ("LNK001", 0, 4, 0, 15)]

    run(root, body)


def test_closing_an_unsaved_note_returns_the_vault_to_the_file(tmp_path: Path) -> None:
    root = vault(tmp_path)

    async def body(editor: Editor) -> None:
        alpha, gamma = editor.open("Alpha.md"), editor.open("Gamma.md")
        editor.type_text(alpha, "# Alpha\n")
        found = await editor.diagnostics(gamma, lambda found: len(found) == 2)
        assert [d.code for d in found] == ["LNK003", "LNK004"]
        editor.close(alpha)
        assert await editor.diagnostics(gamma, lambda found: not found) == []
        assert editor.published[alpha] == []

    run(root, body)


def test_first_diagnostics_before_the_vault_is_loaded_are_part_of_the_last(
    tmp_path: Path,
) -> None:
    root = write_vault(
        tmp_path / "vault",
        {".obsidian/app.json": "{}", "A.md": "#Tag [[Gone]]\n", "B.md": "[[A]] #tag\n"},
    )

    async def body(editor: Editor) -> None:
        a = editor.open("A.md")
        found = await editor.diagnostics(a)
        assert codes(found) == [("TAG002", 0, 0, 0, 4), ("LNK001", 0, 5, 0, 13)]
        # The first look could not know TAG002 (the spellings of every note's tags); it
        # sent the rest, which the loaded vault sent again, with TAG002.
        assert [codes(sent) for sent in editor.history[a]] == [
            [("LNK001", 0, 5, 0, 13)],
            codes(found),
        ]

    run(root, body)


def test_a_note_in_a_hidden_folder_opened_in_the_editor_stays_out_of_the_vault(
    tmp_path: Path,
) -> None:
    # Obsidian and the vault's scan skip `.trash/`: opening a note there gives it no
    # findings, and the links to its name stay broken (they were silently mended).
    root = write_vault(tmp_path / "vault", {**NOTES, ".trash/Alpah.md": "# Alpah\n[[Nope]]\n"})

    async def body(editor: Editor) -> None:
        beta = editor.open("Beta.md")
        before = await editor.diagnostics(beta)
        assert "LNK001" in codes_of(before)
        trashed = editor.open(".trash/Alpah.md")
        # Answered after the opening is handled, and after anything it published.
        await editor.client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=trashed))
        )
        assert trashed not in editor.published
        assert codes(editor.published[beta]) == codes(before)

    run(root, body)


def test_a_vault_whose_config_is_broken_says_so_once_and_opens_once_mended(
    tmp_path: Path,
) -> None:
    root = write_vault(tmp_path / "vault", {**NOTES, ".vaultcheck.toml": 'select = ["NOPE"]\n'})
    said = (
        f"vaultcheck: {root / '.vaultcheck.toml'}: unknown rule code `NOPE` in `select` "
        "(see `vaultcheck rule --all`)"
    )

    async def body(editor: Editor) -> None:
        beta = editor.open("Beta.md")
        for n in range(3):  # keystrokes do not open the vault again, nor say it again
            editor.type_text(beta, f"# Beta\n\n[[Alpah]] {n}\n")
        # Answered after the changes are handled, and after anything they showed.
        await editor.client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=beta))
        )
        assert editor.messages == [said]
        assert beta not in editor.published
        # Mended on disk: the vault opens, and the waiting note gets its findings unasked.
        (root / ".vaultcheck.toml").write_text('select = ["LNK001"]\n')
        editor.files_changed(".vaultcheck.toml")
        found = await editor.diagnostics(beta, lambda found: bool(found))
        assert codes(found) == [("LNK001", 2, 0, 2, 9)]
        assert editor.messages == [said]

    run(root, body)
