"""The keys a run's findings are cached under: hashes of everything they depend on."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from vaultcheck import __version__
from vaultcheck.core.config import Config
from vaultcheck.rules.shared import references
from vaultcheck.vault.cache import code_fingerprint
from vaultcheck.vault.sources import Sources

# `hashlib` (OpenSSL's library, 2 ms) is imported where it is used: `--no-cache` keys nothing.


def _file_digest(path: Path) -> str:
    import hashlib

    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "missing"


def extra_files(root: Path, config: Config) -> list[Path]:
    """Files outside the notes that rules read: property types, Obsidian's settings (where
    attachments go, the link format, the templates folders), bibliographies, tag lists."""
    base = config.path.parent if config.path else root
    obsidian = root / ".obsidian"
    files = [obsidian / "types.json", obsidian / "app.json", obsidian / "templates.json"]
    files.append(obsidian / "plugins" / "templater-obsidian" / "data.json")
    files += [base / p for p in config.option("citations", "bibliography")]
    if config.option("tags", "allowed-file"):
        files.append(base / config.option("tags", "allowed-file"))
    return files


def vault_key(sources: Sources, config: Config, codes: list[str]) -> str:
    """Changes whenever anything but the content of notes changes: vaultcheck itself, the
    config, the rules, which files exist (excluded ones too), what could not be read, the
    outside files, and the year (a reference dated next year is impossible until New Year's
    Eve, CIT003)."""
    import hashlib

    h = hashlib.blake2b(digest_size=20)

    def add(value: object) -> None:
        h.update(json.dumps(value, sort_keys=True, default=str).encode())
        h.update(b"\0")

    add([__version__, code_fingerprint(), sorted(codes), references.current_year()])
    add(asdict(config))
    add(sorted(sources.digests))
    add(sorted(sources.attachments))
    add(sorted(sources.excluded))  # links reach them
    add(sorted((p.path, p.reason) for p in sources.problems))
    add([(str(f), _file_digest(f)) for f in extra_files(sources.root, config)])
    return h.hexdigest()


def run_key(sources: Sources, base: str) -> str:
    """Changes whenever the findings of a run could change: ``base`` (a :func:`vault_key`)
    or the content of a note."""
    import hashlib

    h = hashlib.blake2b(base.encode(), digest_size=20)
    for path in sorted(sources.digests):
        h.update(path.encode())
        h.update(b"\0")
        h.update(sources.digests[path])
    return h.hexdigest()
