"""What a lint run gives back: its findings (those it reports) and the vault they are about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.parse.text import MAX_NOTE_BYTES, NEWLINE_RE, decode
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
                data = (self.root / path).read_bytes()
            except OSError:
                data = b""
            # The text as the parser made it: none for a binary note (NUL bytes, UTF-16) or
            # one too large to parse, bad UTF-8 replaced (a report from the cache is the one
            # a run that parsed gives, source lines included).
            text = "" if len(data) > MAX_NOTE_BYTES else decode(data).text
            # The parser's line breaks (CR, LF, CRLF), not str.splitlines()'s longer list.
            self._lines[path] = NEWLINE_RE.split(text)
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""


def in_scope(sources: Sources, only: Iterable[str] | None) -> int:
    """How many notes a report covers: all, or those under the paths ``only``."""
    notes = [*sources.data, *sources.unread]
    if only is None:
        return len(notes)
    wanted = tuple(only)
    return sum(1 for path in notes if _within(path, wanted))


def all_findings(findings: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """Findings by path, as one list."""
    return [d for diagnostics in findings.values() for d in diagnostics]


def template_folders(root: Path, config: Config) -> tuple[str, ...]:
    """The folders of template notes, not reported on (none when the config checks them)."""
    if config.check_templates:
        return ()
    return tuple(f"{found.folder}/" for found in templates_folders(root))


def reported(
    found: list[Diagnostic], only: Iterable[str] | None, hidden: tuple[str, ...] = ()
) -> list[Diagnostic]:
    """What a run reports of ``found``: not about template notes (under ``hidden``), under
    the paths ``only``, sorted by place."""
    if hidden:
        found = [d for d in found if not left_out(d.path, hidden)]
    if only is not None:
        wanted = tuple(only)
        found = [d for d in found if _within(d.path, wanted)]
    return sorted(found, key=_SORT_KEY)


#: A finding's place, for sorting (no Python frame of a lambda around the property).
_SORT_KEY = attrgetter("sort_key")


def _within(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def left_out(path: str, hidden: tuple[str, ...]) -> bool:
    """Whether a run reports nothing about ``path``: a template note, under ``hidden``
    (a base or canvas kept there is not a template)."""
    return bool(hidden) and path.startswith(hidden) and path.endswith(".md")
