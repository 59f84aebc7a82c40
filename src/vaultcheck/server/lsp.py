"""The LSP server's features: pygls handles the protocol and the documents' text; the
vaults and open documents are kept by :class:`~vaultcheck.server.documents.VaultServer`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from vaultcheck.server import convert, navigate
from vaultcheck.server.documents import VaultServer
from vaultcheck.server.positions import offset_at


def make_server() -> VaultServer:
    """The server with every feature registered."""
    server = VaultServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: VaultServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is not None and watched.dynamic_registration:
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[lsp.FileSystemWatcher(glob_pattern="**/*")]
            )
            ls.client_register_capability(
                lsp.RegistrationParams(
                    registrations=[
                        lsp.Registration(
                            id="vaultcheck-files",
                            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: VaultServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.edited(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: VaultServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.typed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: VaultServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        held = ls.open.get(params.text_document.uri)
        if path is not None and held is not None and held[0].is_config(Path(path)):
            ls.reload(held[0])
        ls.edited(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: VaultServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: VaultServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [to_fs_path(event.uri) for event in params.changes]
        ls.files_changed([Path(p) for p in paths if p is not None])

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: VaultServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        found = ls.document(params.text_document.uri)
        if found is None:
            return []
        session, rel, note = found
        notes = session.engine.notes

        def uri_of(path: str) -> str:
            return ls.uri_of(session, path)

        here = session.findings_of(rel)
        encoding = ls.encoding
        start = offset_at(note, params.range.start, encoding)
        end = offset_at(note, params.range.end, encoding)
        actions: list[lsp.CodeAction] = []
        only = params.context.only
        if _wanted(lsp.CodeActionKind.QuickFix, only):
            for d in here:
                if d.span.start <= end and start <= d.span.end:
                    action = convert.quick_fix(d, notes, uri_of, encoding)
                    if action is not None:
                        actions.append(action)
        if _wanted(lsp.CodeActionKind.SourceFixAll, only):
            every = convert.fix_all(here, notes, uri_of, encoding)
            if every is not None:
                actions.append(every)
        return actions

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: VaultServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        session, _, note = found
        return navigate.definition(
            session.vault(),
            note,
            offset_at(note, params.position, ls.encoding),
            lambda path: ls.uri_of(session, path),
            ls.encoding,
        )

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: VaultServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        found = ls.document(params.text_document.uri)
        if found is None:
            return []
        session, rel, _ = found
        return navigate.references(
            session.vault(), rel, lambda path: ls.uri_of(session, path), ls.encoding
        )

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: VaultServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        session, _, note = found
        encoding = ls.encoding
        return navigate.hover(
            session.vault(), note, offset_at(note, params.position, encoding), encoding
        )

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["[", "#", "^"])
    )
    def completion(ls: VaultServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        found = ls.document(params.text_document.uri)
        if found is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        session, _, note = found
        encoding = ls.encoding
        items = navigate.completion(
            session.vault(), note, offset_at(note, params.position, encoding), encoding
        )
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: VaultServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        found = ls.document(params.text_document.uri)
        return navigate.symbols(found[2], ls.encoding) if found is not None else []

    return server


def _wanted(kind: str, only: Any) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def serve() -> None:
    """Run the server over stdin and stdout until the client ends it."""
    make_server().start_io()
