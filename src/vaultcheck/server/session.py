"""One vault open in the editor: its engine, kept checked as notes change in memory."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from vaultcheck.core.config import find_config, load_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.engine.run import Engine
from vaultcheck.rules.selection import Selection, resolve_layers
from vaultcheck.vault.build import Vault
from vaultcheck.vault.cache import Cache


class Session:
    """The vault at ``root`` checked once, then told of each change (an editor's unsaved
    text, a file written or deleted by another program). The config file is read again
    when it changes (:meth:`reload`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_path = find_config(root)
        config = load_config(root)
        rules = resolve_layers([Selection(config.select, config.extend_select, config.ignore)])
        # The cache `lint` keeps (parsed notes) makes opening a big vault fast; two
        # processes parse what it lacks. The findings are computed anew: the engine needs
        # the checks' state to take changes in memory.
        self.engine = Engine(root, rules, config, cache=Cache.for_vault(root), jobs=2)
        self.findings = _by_path(self.engine.lint(reuse_result=False).diagnostics)
        self._vault: Vault | None = None
        #: Files the config excludes: an editor opening one gets no findings for it.
        self.excluded = self.vault().excluded

    def relative(self, path: Path) -> str | None:
        """The vault-relative path of a file (``/`` separated), ``None`` outside the vault."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def change(self, rel: str, data: bytes | None) -> None:
        """The file ``rel`` now holds ``data`` (``None``: deleted); findings follow."""
        self.findings = _by_path(self.engine.change(rel, data))
        self._vault = None

    def vault(self) -> Vault:
        """The vault as last checked, for navigation (built once per change)."""
        if self._vault is None:
            self._vault = self.engine.vault()
        return self._vault

    def is_config(self, path: Path) -> bool:
        """Whether ``path`` is (or would become) this vault's config file."""
        if self.config_path is not None and path.resolve() == self.config_path.resolve():
            return True
        return path.name in (".vaultcheck.toml", "vaultcheck.toml", "pyproject.toml") and (
            path.resolve().parent == self.root
        )


def _by_path(found: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        grouped[d.path].append(d)
    return dict(grouped)
