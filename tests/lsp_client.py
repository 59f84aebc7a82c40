"""A real LSP client (pygls') driving ``python -m vaultcheck server`` over stdio, for tests."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

#: How long a test waits for the server's answer before failing.
WAIT = 30.0


def uri(path: Path) -> str:
    return from_fs_path(str(path)) or ""


class Editor:
    """The client's side: open documents with their text and version, and the diagnostics
    the server last published for each."""

    def __init__(self, root: Path, encodings: list[str] | None = None) -> None:
        self.root = root
        #: The position encodings the client offers, most preferred first (``None``:
        #: offers none, so UTF-16).
        self.encodings = encodings
        #: What the server answered to ``initialize``.
        self.capabilities = lsp.ServerCapabilities()
        self.client = LanguageClient("vaultcheck-tests", "1")
        self.published: dict[str, list[lsp.Diagnostic]] = {}
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.messages: list[str] = []
        #: Seconds between looks for what the server sent (the benchmark looks more often).
        self.poll = 0.02
        #: How many times the server has published diagnostics (for any document).
        self.updates = 0
        #: Every publication for each document, in order.
        self.history: dict[str, list[list[lsp.Diagnostic]]] = {}
        #: ``updates`` when the server said it had loaded a vault (``None``: not yet), and
        #: at each document's last publication.
        self.loaded_at: int | None = None
        self.published_at: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            self.published[params.uri] = list(params.diagnostics)
            self.history.setdefault(params.uri, []).append(list(params.diagnostics))
            self.updates += 1
            self.published_at[params.uri] = self.updates

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def message(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def logged(params: lsp.LogMessageParams) -> None:
            if params.message.endswith(" s") and " checked in " in params.message:
                self.loaded_at = self.updates if self.loaded_at is None else self.loaded_at

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "vaultcheck", "server")
        general = lsp.GeneralClientCapabilities(position_encodings=self.encodings)
        answer = await self.client.initialize_async(
            lsp.InitializeParams(
                capabilities=lsp.ClientCapabilities(general=general),
                root_uri=uri(self.root),
                workspace_folders=[lsp.WorkspaceFolder(uri=uri(self.root), name="vault")],
            )
        )
        self.capabilities = answer.capabilities
        self.client.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, rel: str) -> str:
        """Open a note as it is on disk; its URI."""
        doc = uri(self.root / rel)
        # As an editor holds it: line ends as in the file (read_text would make them LF).
        self.texts[doc] = (self.root / rel).read_bytes().decode("utf-8")
        self.versions[doc] = 1
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(
                    uri=doc, language_id="markdown", version=1, text=self.texts[doc]
                )
            )
        )
        return doc

    def type_text(self, doc: str, text: str) -> None:
        """Replace the document's whole (unsaved) text."""
        self.versions[doc] += 1
        self.texts[doc] = text
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(
                    uri=doc, version=self.versions[doc]
                ),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def replace(self, doc: str, line: int, start: int, end: int, text: str) -> None:
        """Replace characters ``start`` to ``end`` (code units of the agreed encoding) of
        the 0-based ``line`` (counted as LSP counts lines) with ``text``, and tell the
        server as an editor would: the change alone when the server takes ranged
        changes, else the whole new text."""
        lines = re.split(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)", self.texts[doc])
        unit = {"utf-8": "utf-8", "utf-32": "utf-32-le"}.get(
            str(self.capabilities.position_encoding), "utf-16-le"
        )
        width = {"utf-8": 1, "utf-32-le": 4}.get(unit, 2)
        code = lines[line].encode(unit)
        lines[line] = code[: start * width].decode(unit) + text + code[end * width :].decode(unit)
        self.texts[doc] = "".join(lines)
        self.versions[doc] += 1
        change: lsp.TextDocumentContentChangeEvent = lsp.TextDocumentContentChangeWholeDocument(
            text=self.texts[doc]
        )
        sync = self.capabilities.text_document_sync
        kind = sync.change if isinstance(sync, lsp.TextDocumentSyncOptions) else sync
        if kind == lsp.TextDocumentSyncKind.Incremental:
            where = lsp.Range(lsp.Position(line, start), lsp.Position(line, end))
            change = lsp.TextDocumentContentChangePartial(range=where, text=text)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(
                    uri=doc, version=self.versions[doc]
                ),
                content_changes=[change],
            )
        )

    def files_changed(self, *rels: str) -> None:
        """Tell the server files changed on disk, as an editor's file watcher does."""
        self.client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                changes=[
                    lsp.FileEvent(uri=uri(self.root / rel), type=lsp.FileChangeType.Changed)
                    for rel in rels
                ]
            )
        )

    def close(self, doc: str) -> None:
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
        )

    async def message(self) -> str:
        """The first message the server showed the user."""
        await self._until(lambda: bool(self.messages))
        return self.messages[0]

    async def _until(self, holds: Callable[[], bool]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while not holds():
            if loop.time() > deadline:
                raise AssertionError("the server did not answer in time")
            await asyncio.sleep(self.poll)

    async def diagnostics(
        self, doc: str, until: Callable[[list[lsp.Diagnostic]], bool] = lambda found: True
    ) -> list[lsp.Diagnostic]:
        """The diagnostics published for ``doc`` once ``until`` holds for them, after the
        vault was loaded (not those of the server's first look before it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while loop.time() < deadline:
            found = self.published.get(doc)
            at = self.published_at.get(doc, 0)
            loaded = self.loaded_at is not None and at > self.loaded_at
            if found is not None and loaded and until(found):
                return found
            await asyncio.sleep(self.poll)
        raise AssertionError(f"no such diagnostics for {doc}: {self.published.get(doc)}")


def run(root: Path, body: Callable[[Editor], Any], encodings: list[str] | None = None) -> None:
    """Start the server on the vault at ``root`` (for a client offering ``encodings``), run
    ``body`` (a coroutine function), stop."""

    async def main() -> None:
        editor = Editor(root, encodings)
        await editor.start()
        try:
            await asyncio.wait_for(body(editor), WAIT * 3)
        finally:
            await editor.stop()

    asyncio.run(main())


def codes(found: list[lsp.Diagnostic]) -> list[tuple[Any, int, int, int, int]]:
    """(code, start line, start character, end line, end character) of each diagnostic."""
    return [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in found
    ]


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """``text`` after LSP text edits (positions in UTF-16 code units), as an editor applies
    them: each against the text before any of them."""
    lines = text.split("\n")

    def offset(pos: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        encoded = lines[pos.line].encode("utf-16-le")[: pos.character * 2]
        return before + len(encoded.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text
