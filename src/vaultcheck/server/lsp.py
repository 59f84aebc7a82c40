"""The LSP server: pygls handles the protocol and the documents' text; each vault an open
file belongs to is a :class:`~vaultcheck.server.session.Session`, checked once and then
told of every change (unsaved text included), whose findings go to every open note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from vaultcheck import __version__
from vaultcheck.core.errors import ConfigError
from vaultcheck.core.model import Note
from vaultcheck.server import convert, navigate
from vaultcheck.server.positions import offset_at
from vaultcheck.server.session import Session
from vaultcheck.vault.scan import find_vault_root, is_note


class VaultServer(LanguageServer):
    """The open vaults (by root) and the open documents (by URI)."""

    def __init__(self) -> None:
        super().__init__("vaultcheck", __version__)
        self.sessions: dict[Path, Session] = {}
        self.open: dict[str, tuple[Session, str]] = {}

    def uri_of(self, session: Session, rel: str) -> str:
        return from_fs_path(str(session.root / rel)) or ""

    def session_for(self, path: Path) -> Session | None:
        """The vault holding ``path``, opened (and checked) the first time it is needed."""
        path = path.resolve()
        held = [root for root in self.sessions if path.is_relative_to(root)]
        if held:
            return self.sessions[max(held, key=lambda root: len(root.parts))]
        workspace = self.workspace.root_path
        base = Path(workspace).resolve() if workspace else path.parent
        root = find_vault_root(path, cwd=base if path.is_relative_to(base) else path.parent)
        try:
            session = Session(root)
        except ConfigError as err:
            self.window_show_message(
                lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"vaultcheck: {err}")
            )
            return None
        self.sessions[root] = session
        return session

    def document(self, uri: str) -> tuple[Session, str, Note] | None:
        """The session, vault path and parsed note of an open document."""
        held = self.open.get(uri)
        if held is None:
            return None
        session, rel = held
        note = session.engine.notes.get(rel)
        return (session, rel, note) if note is not None else None

    def edited(self, uri: str) -> None:
        """Give the document's current text to its vault, then publish."""
        path = to_fs_path(uri)
        if path is None:
            return
        session = self.session_for(Path(path))
        rel = session.relative(Path(path)) if session is not None else None
        if session is None or rel is None or not is_note(rel):
            return
        if rel in session.excluded:
            return
        self.open[uri] = (session, rel)
        text = self.workspace.get_text_document(uri).source
        session.change(rel, text.encode("utf-8"))
        self.publish(session)

    def publish(self, session: Session) -> None:
        """Send every open note of ``session`` its current findings."""
        notes = session.engine.notes
        for uri, (held, rel) in self.open.items():
            if held is not session:
                continue
            found = [convert.to_lsp(d, notes.get(rel)) for d in session.findings.get(rel, [])]
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found)
            )

    def files_changed(self, paths: list[Path]) -> None:
        """Files written or deleted by other programs: each goes to its vault (an open
        document's own text wins over its file); a changed config reopens the vault."""
        touched: set[Path] = set()
        for path in paths:
            session = self.session_for(path)
            rel = session.relative(path) if session is not None else None
            if session is not None and session.is_config(path):
                session = self.reload(session)
                touched.add(session.root)
                continue
            # Hidden folders (.obsidian, .git) hold no notes, and change often.
            if session is None or rel is None or any(p.startswith(".") for p in rel.split("/")):
                continue
            uri = self.uri_of(session, rel)
            if uri in self.open or rel in session.excluded:
                continue
            try:
                data: bytes | None = path.read_bytes()
            except OSError:
                data = None
            session.change(rel, data)
            touched.add(session.root)
        for root in touched:
            self.publish(self.sessions[root])

    def reload(self, session: Session) -> Session:
        """Open the vault again with its config as it is now, keeping open documents' text
        (the session as it was when the config is broken, which is said)."""
        try:
            fresh = Session(session.root)
        except ConfigError as err:
            self.window_show_message(
                lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"vaultcheck: {err}")
            )
            return session
        self.sessions[session.root] = fresh
        for uri, (held, rel) in list(self.open.items()):
            if held is session:
                self.open[uri] = (fresh, rel)
                fresh.change(rel, self.workspace.get_text_document(uri).source.encode("utf-8"))
        return fresh


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
        ls.edited(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: VaultServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        held = ls.open.get(params.text_document.uri)
        if path is not None and held is not None and held[0].is_config(Path(path)):
            ls.reload(held[0])
        ls.edited(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: VaultServer, params: lsp.DidCloseTextDocumentParams) -> None:
        held = ls.open.pop(params.text_document.uri, None)
        if held is None:
            return
        session, rel = held
        try:  # unsaved text is dropped: the vault is what is on disk again
            data: bytes | None = (session.root / rel).read_bytes()
        except OSError:
            data = None
        session.change(rel, data)
        ls.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )
        ls.publish(session)

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

        here = session.findings.get(rel, [])
        start, end = offset_at(note, params.range.start), offset_at(note, params.range.end)
        actions: list[lsp.CodeAction] = []
        only = params.context.only
        if _wanted(lsp.CodeActionKind.QuickFix, only):
            for d in here:
                if d.span.start <= end and start <= d.span.end:
                    action = convert.quick_fix(d, notes, uri_of)
                    if action is not None:
                        actions.append(action)
        if _wanted(lsp.CodeActionKind.SourceFixAll, only):
            every = convert.fix_all(here, notes, uri_of)
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
            offset_at(note, params.position),
            lambda path: ls.uri_of(session, path),
        )

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: VaultServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        found = ls.document(params.text_document.uri)
        if found is None:
            return []
        session, rel, _ = found
        return navigate.references(session.vault(), rel, lambda path: ls.uri_of(session, path))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: VaultServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        session, _, note = found
        return navigate.hover(session.vault(), note, offset_at(note, params.position))

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["[", "#", "^"])
    )
    def completion(ls: VaultServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        found = ls.document(params.text_document.uri)
        if found is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        session, _, note = found
        items = navigate.completion(session.vault(), note, offset_at(note, params.position))
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: VaultServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        found = ls.document(params.text_document.uri)
        return navigate.symbols(found[2]) if found is not None else []

    return server


def _wanted(kind: str, only: Any) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def serve() -> None:
    """Run the server over stdin and stdout until the client ends it."""
    make_server().start_io()
