"""What a lint run gives: its findings, sorted and narrowed to what was asked about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.parse.text import NEWLINE_RE
from vaultcheck.vault.build import Vault
from vaultcheck.vault.obsidian import templates_folders
from vaultcheck.vault.sources import Sources


@dataclass
class LintResult:
    """Diagnostics, sorted by place, and the vault they are about (``None`` when they came
    from the cache and nothing was parsed)."""

    root: Path
    vault: Vault | None
    diagnostics: list[Diagnostic]
    #: How many notes were checked (all of them, or after an edit those it can affect).
    checked: int = 0
    #: How many notes the report covers (all, or those under the paths asked about).
    in_scope: int = 0
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def line_text(self, path: str, line: int) -> str:
        """The text of a note's line, for showing it (read from disk on a cache hit)."""
        if self.vault is not None:
            note = self.vault.notes.get(path)
            if note is None or line > len(note.line_starts):
                return ""
            return note.line_text(line)
        if path not in self._lines:
            try:
                text = (self.root / path).read_bytes().decode("utf-8", "replace")
            except OSError:
                text = ""
            # The parser's line breaks (CR, LF, CRLF), not str.splitlines()'s longer list.
            self._lines[path] = NEWLINE_RE.split(text)
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""


def in_scope(sources: Sources, only: Iterable[str] | None) -> int:
    """How many notes the report covers: all, or those under the ``only`` paths."""
    notes = [*sources.data, *sources.unread]
    if only is None:
        return len(notes)
    wanted = tuple(only)
    return sum(1 for path in notes if within(path, wanted))


def all_of(findings: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """Findings by path as one list."""
    return [d for diagnostics in findings.values() for d in diagnostics]


def template_folders(root: Path, config: Config) -> tuple[str, ...]:
    """Folders of template notes (``folder/``), not reported on unless the config says so."""
    if config.check_templates:
        return ()
    return tuple(f"{found.folder}/" for found in templates_folders(root))


def finish(
    found: list[Diagnostic], only: Iterable[str] | None, hidden: tuple[str, ...] = ()
) -> list[Diagnostic]:
    """The findings to report, sorted by place: not in template folders (``hidden``), and
    under the ``only`` paths when given."""
    if hidden:  # template notes only: a base or canvas kept there is not a template
        found = [d for d in found if not (d.path.startswith(hidden) and d.path.endswith(".md"))]
    if only is not None:
        wanted = tuple(only)
        found = [d for d in found if within(d.path, wanted)]
    return sorted(found, key=lambda d: d.sort_key)


def within(path: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``path`` is one of ``prefixes`` or inside one of them (folders)."""
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
