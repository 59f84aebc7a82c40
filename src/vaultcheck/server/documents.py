"""The open vaults and documents: each vault an open file belongs to is a
:class:`~vaultcheck.server.session.Session`, told of every change (unsaved text included);
the open notes whose findings change are sent them.

Keystrokes are checked together: the first change of a document starts a wait of
:data:`SETTLE` seconds, and the changes that come meanwhile are checked once, on the latest
text, when it ends. The wait counts towards the time from a keystroke to its diagnostics.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from vaultcheck import __version__
from vaultcheck.core.config import CONFIG_FILE_NAMES
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.errors import VaultcheckError
from vaultcheck.core.model import Note
from vaultcheck.server import convert
from vaultcheck.server.positions import UTF16
from vaultcheck.server.session import Session
from vaultcheck.vault.scan import find_vault_root, is_note

#: Seconds from a document's first unchecked change to its check (see the module's
#: docstring): changes sent faster than that (a paste in pieces, key repeat, an editor
#: sending each character) are checked once. At 10,000 notes a check takes 5-10 ms of
#: CPU, so a keystroke's diagnostics come about 40 ms after it; a longer wait would only
#: delay them (issue 18 asks for 100 ms, wait included).
SETTLE = 0.03


class VaultServer(LanguageServer):
    """The open vaults (by root) and the open documents (by URI)."""

    def __init__(self) -> None:
        # The whole text on every change: pygls applies ranged changes to lines split
        # as Python splits them (at U+2028, form feeds and other characters LSP does not
        # count as line ends), so a ranged change after one lands on the wrong line and
        # the server checks text the editor does not hold. Notes are small; sending
        # them whole costs less than checking them.
        super().__init__(
            "vaultcheck", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.sessions: dict[Path, Session] = {}
        self.open: dict[str, tuple[Session, str]] = {}
        #: The findings each open document was last sent.
        self.shown: dict[str, list[Diagnostic]] = {}
        #: Documents changed since their last check, and the timer of that check.
        self.pending: set[str] = set()
        self._soon: asyncio.TimerHandle | None = None
        #: Vaults that could not be opened (a broken config), with the error shown for
        #: each: shown once, and tried again on opening or saving a note, or when the
        #: config changes, not on every keystroke or file written.
        self.failed: dict[Path, str] = {}
        #: Documents opened in a vault that could not be opened.
        self.waiting: set[str] = set()

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client (UTF-16 unless it preferred
        another that pygls supports): ``utf-8``, ``utf-16`` or ``utf-32``."""
        agreed = self.workspace.position_encoding or UTF16
        # pygls gives its default as a ``PositionEncodingKind``, whose str() is its name
        # (``PositionEncodingKind.Utf16``), not the encoding.
        return agreed.value if isinstance(agreed, lsp.PositionEncodingKind) else agreed

    def uri_of(self, session: Session, rel: str) -> str:
        return from_fs_path(str(session.root / rel)) or ""

    def text_of(self, uri: str) -> bytes:
        return self.workspace.get_text_document(uri).source.encode("utf-8")

    def session_for(
        self, path: Path, opening: str | None = None, retry: bool = True
    ) -> Session | None:
        """The vault holding ``path``, opened and loaded the first time it is needed. When
        the document ``opening`` is what needs it, that note first gets what can be known
        of it at once (:meth:`Session.first_look`), since loading takes a while. A vault
        that failed to open is tried again only with ``retry``."""
        path = path.resolve()
        held = [root for root in self.sessions if path.is_relative_to(root)]
        if held:
            return self.sessions[max(held, key=lambda root: len(root.parts))]
        workspace = self.workspace.root_path
        base = Path(workspace).resolve() if workspace else path.parent
        root = find_vault_root(path, cwd=base if path.is_relative_to(base) else path.parent)
        if root in self.failed and not retry:
            return None
        started = time.perf_counter()
        try:
            session = Session(root)
            if opening is not None:
                self.first_look(session, path, opening)
            session.load()
        except VaultcheckError as err:
            if self.failed.get(root) != str(err):  # said once, not at every keystroke
                self.say(err)
            self.failed[root] = str(err)
            return None
        self.failed.pop(root, None)
        self.sessions[root] = session
        seconds = time.perf_counter() - started
        self.window_log_message(
            lsp.LogMessageParams(
                type=lsp.MessageType.Info,
                message=f"vaultcheck: {root} checked in {seconds:.1f} s",
            )
        )
        return session

    def first_look(self, session: Session, path: Path, uri: str) -> None:
        rel = session.relative(path)
        if rel is None or not _read_by_scan(rel):
            return
        try:
            looked = session.first_look(rel, self.text_of(uri))
        except Exception as err:  # a bug here must not keep the vault from loading
            message = f"vaultcheck: first look at {rel} failed ({type(err).__name__}: {err})"
            self.window_log_message(
                lsp.LogMessageParams(type=lsp.MessageType.Error, message=message)
            )
            return
        if looked is not None and looked[0]:  # nothing known yet is not worth a message
            found, note = looked
            self.send(uri, found, note)

    def say(self, err: Exception) -> None:
        self.window_show_message(
            lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"vaultcheck: {err}")
        )

    def document(self, uri: str) -> tuple[Session, str, Note] | None:
        """The session, vault path and parsed note of an open document (its changes
        checked first)."""
        self.check_pending()
        held = self.open.get(uri)
        if held is None:
            return None
        session, rel = held
        note = session.engine.notes.get(rel)
        return (session, rel, note) if note is not None else None

    def edited(self, uri: str, retry: bool = True) -> None:
        """Give the document's current text to its vault at once (opened, saved), then
        publish (its vault, when it failed to open, tried again only with ``retry``)."""
        self.check_pending()
        path = to_fs_path(uri)
        if path is None:
            return
        session = self.session_for(Path(path), opening=uri, retry=retry)
        if session is None:
            self.waiting.add(uri)
            return
        self.waiting.discard(uri)
        rel = session.relative(Path(path))
        if rel is None or not _read_by_scan(rel):
            return
        if rel in session.excluded:
            return
        self.open[uri] = (session, rel)
        session.change(rel, self.text_of(uri))
        self.publish(session, {uri})

    def typed(self, uri: str) -> None:
        """The document changed in the editor: checked within :data:`SETTLE` seconds."""
        if uri not in self.open:
            self.edited(uri, retry=False)
            return
        self.pending.add(uri)
        if self._soon is None:
            self._soon = asyncio.get_running_loop().call_later(SETTLE, self.check_pending)

    def check_pending(self) -> None:
        """Check the documents changed since their last check, on their latest text."""
        if self._soon is not None:
            self._soon.cancel()
            self._soon = None
        pending, self.pending = self.pending, set()
        touched: dict[Path, Session] = {}
        for uri in sorted(pending):
            held = self.open.get(uri)
            if held is not None:
                session, rel = held
                session.change(rel, self.text_of(uri))
                touched[session.root] = session
        for session in touched.values():
            self.publish(session, pending)

    def publish(self, session: Session, edited: set[str] | frozenset[str] = frozenset()) -> None:
        """Send the open notes of ``session`` their findings: the ``edited`` ones always
        (their text moved), the others when their findings changed."""
        notes = session.engine.notes
        for uri, (held, rel) in self.open.items():
            if held is not session:
                continue
            found = session.findings_of(rel)
            if uri not in edited and self.shown.get(uri) == found:
                continue
            self.send(uri, found, notes.get(rel))

    def send(self, uri: str, found: list[Diagnostic], note: Note | None) -> None:
        self.shown[uri] = found
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=[convert.to_lsp(d, note, self.encoding) for d in found]
            )
        )

    def closed(self, uri: str) -> None:
        """The document was closed: unsaved text is dropped, the vault is what is on disk
        again, and the document's diagnostics are cleared."""
        self.check_pending()
        held = self.open.pop(uri, None)
        self.shown.pop(uri, None)
        self.waiting.discard(uri)
        if held is None:
            return
        session, rel = held
        try:
            data: bytes | None = (session.root / rel).read_bytes()
        except OSError:
            data = None
        session.change(rel, data)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
        self.publish(session)

    def files_changed(self, paths: list[Path]) -> None:
        """Files written or deleted by other programs: each goes to its vault (an open
        document's own text wins over its file); a changed config reopens the vault."""
        self.check_pending()
        touched: set[Path] = set()
        for path in paths:
            # A vault that failed to open is tried again when its config may be mended.
            session = self.session_for(path, retry=_may_mend(path))
            rel = session.relative(path) if session is not None else None
            if session is not None and session.is_config(path):
                session = self.reload(session)
                touched.add(session.root)
                continue
            # Hidden folders (.obsidian, .git) hold no notes, and change often.
            if session is None or rel is None or _hidden(rel):
                continue
            # Open by the note's path, not by a URI we would write: clients escape
            # differently (Neovim leaves `'()` as they are, pygls escapes them).
            if (session, rel) in self.open.values() or rel in session.excluded:
                continue
            try:
                data: bytes | None = path.read_bytes()
            except OSError:
                data = None
            session.change(rel, data)
            touched.add(session.root)
        for root in touched:
            self.publish(self.sessions[root])
        for uri in sorted(self.waiting):  # opened in a vault that may open now
            self.edited(uri, retry=False)

    def reload(self, session: Session) -> Session:
        """Open the vault again with its config as it is now, keeping open documents' text
        (the session as it was when the config is broken, which is said)."""
        self.check_pending()
        try:
            fresh = Session(session.root)
            fresh.load()
        except VaultcheckError as err:
            self.say(err)
            return session
        self.sessions[session.root] = fresh
        for uri, (held, rel) in list(self.open.items()):
            if held is session:
                self.open[uri] = (fresh, rel)
                fresh.change(rel, self.text_of(uri))
        return fresh


def _hidden(rel: str) -> bool:
    """Whether ``rel`` is in a hidden folder (``.obsidian``, ``.trash``, ``.git``) or is a
    hidden file: the vault's scan skips them, as Obsidian does."""
    return any(part.startswith(".") for part in rel.split("/"))


def _read_by_scan(rel: str | None) -> bool:
    """Whether the file ``rel`` is one the vault's scan reads: a note, canvas or base not
    hidden. Another opened in the editor (a note in ``.trash``) gets no findings, and is not
    made a note of the vault, where links would start to reach it."""
    return rel is not None and is_note(rel) and not _hidden(rel)


def _may_mend(path: Path) -> bool:
    """Whether a change to ``path`` may mend a vault that failed to open: a config file,
    or Obsidian's settings."""
    return path.name in CONFIG_FILE_NAMES or path.parent.name == ".obsidian"
