"""Shared helpers: small fixture vaults written to a temporary folder."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from pathlib import Path

import pytest

from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault import sources
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Resolution

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
EXAMPLE_VAULT = REPO / "examples" / "vault"


def unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Reading a note whose path ends with ``name`` fails as a file without read permission
    does, where the vault reads notes (``vault/sources.py``), so the same handling runs as
    root (CI) as for an ordinary user."""
    real = sources.read_file

    def read_file(path: str) -> bytes:
        if path.endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(sources, "read_file", read_file)


def write_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (vault-relative path -> text or bytes) under ``root`` with ``.obsidian/``."""
    (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
    return root


def diagnostics(root: Path, select: Iterable[str] = ("ALL",)) -> list[Diagnostic]:
    """Every diagnostic of the selected rules on the vault at ``root``."""
    return lint(root, select_rules(list(select))).diagnostics


def as_rows(found: Iterable[Diagnostic]) -> list[tuple[str, str, int, int, str]]:
    """(code, path, line, column, message) for exact comparisons."""
    return [(d.code, d.path, d.span.line, d.span.column, d.message) for d in found]


def resolved_links(root: Path, source: str) -> list[tuple[str, Resolution]]:
    """(link text as written, resolution) for each link of ``source``."""
    vault: Vault = load_vault(root)
    note = vault.notes[source]
    index = LinkIndex(vault)
    return [(note.text[link.span.start : link.span.end], res) for link, res in index.of(note)]


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def corpus(name: str) -> Path:
    """A real vault from ../shared/corpora, or skip when it is not beside the checkout."""
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name} not available at {path}")
    return path
