"""One vault open in the editor: its engine, kept checked as notes change in memory."""

from __future__ import annotations

import gc
from pathlib import Path

from vaultcheck.core.config import CONFIG_FILE_NAMES, find_config, load_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.firstlook import FirstLook
from vaultcheck.engine.run import Engine
from vaultcheck.rules.selection import Selection, resolve_layers
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache


class Session:
    """The vault at ``root``: made at once (the config read), then :meth:`load`-ed (every
    note checked), then told of each change (an editor's unsaved text, a file written or
    deleted by another program). Before the load, :meth:`first_look` gives an opened note
    the findings that need no other note's parse. The config file is read again when it
    changes (the server makes a new session)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = find_config(root)
        self.config = load_config(root)
        config = self.config
        self.rules = resolve_layers([Selection(config.select, config.extend_select, config.ignore)])
        # The cache `lint` keeps (parsed notes) makes opening a big vault fast; two
        # processes parse what it lacks. The findings are computed anew: the engine needs
        # the checks' state to take changes in memory.
        self.engine = Engine(root, self.rules, config, cache=Cache.for_vault(root), jobs=2)
        self.loaded = False
        self._vault: Vault | None = None
        #: Files the config excludes: an editor opening one gets no findings for it.
        self.excluded: frozenset[str] = frozenset()

    def first_look(self, rel: str, data: bytes) -> tuple[list[Diagnostic], Note] | None:
        """What is known of the note ``rel`` holding ``data`` before the vault is loaded:
        findings the loaded vault will give too (:mod:`~vaultcheck.engine.firstlook`)."""
        return FirstLook(self.root, self.config, self.rules).findings(rel, data)

    def load(self) -> None:
        """Check every note, and capture what changes start from."""
        self.engine.lint(reuse_result=False)
        self.engine.prepare()
        self.excluded = self.vault().excluded
        self.loaded = True
        # What is loaded now lives as long as the session: kept out of the collector's
        # walks, which otherwise took 30 ms every eighth keystroke at 10,000 notes.
        gc.freeze()

    def relative(self, path: Path) -> str | None:
        """The vault-relative path of a file (``/`` separated), ``None`` outside the vault."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def change(self, rel: str, data: bytes | None) -> None:
        """The file ``rel`` now holds ``data`` (``None``: deleted); findings follow."""
        self.engine.update(rel, data)
        self._vault = None

    def findings_of(self, rel: str) -> list[Diagnostic]:
        """The current findings about the file ``rel``, sorted by place."""
        return self.engine.findings_of(rel)

    def vault(self) -> Vault:
        """The vault as last checked, for navigation (built once per change)."""
        if self._vault is None:
            self._vault = self.engine.vault()
        return self._vault

    def is_config(self, path: Path) -> bool:
        """Whether ``path`` is (or would become) this vault's config file."""
        if self.config_path is not None and path.resolve() == self.config_path.resolve():
            return True
        return path.name in CONFIG_FILE_NAMES and path.resolve().parent == self.root
