"""``lint``: read the vault, reuse what the cache allows, check the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from vaultcheck.cache import Cache
from vaultcheck.checking import by_path, run_vault_rules, settle
from vaultcheck.config import Config
from vaultcheck.diagnostics import Diagnostic
from vaultcheck.fingerprint import run_key, vault_key
from vaultcheck.incremental import capture_state, check_changes, incremental_possible
from vaultcheck.model import Note
from vaultcheck.parallel import Workers
from vaultcheck.rules import Rule
from vaultcheck.sharedcheck import check_held, check_notes
from vaultcheck.text import NEWLINE_RE
from vaultcheck.vault import Sources, Vault, build_vault, collector_paused, read_sources


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


def lint(
    root: Path,
    rule_classes: Iterable[type[Rule]],
    only: Iterable[str] | None = None,
    config: Config | None = None,
    overlay: Mapping[str, bytes] | None = None,
    keep: Iterable[str] = (),
    cache: Cache | None = None,
    jobs: int = 1,
    reuse_result: bool = True,
    parsed: Mapping[str, Note] | None = None,
) -> LintResult:
    """Load the vault at ``root``, run the rules, keep diagnostics under ``only`` paths.

    ``overlay`` replaces the bytes of some notes (the fixer's edited, unwritten text);
    ``keep`` names paths read even when excluded (notes named on the command line);
    ``cache`` reuses parsed notes and, when ``reuse_result``, the last run's findings: all
    of them when nothing changed, those an edit cannot affect otherwise (the fixer turns
    that off: it needs the parsed notes themselves); ``parsed`` holds notes already parsed
    from exactly these bytes (the fixer's verifier parsed the edited notes).
    """
    config = config or Config()
    classes = list(rule_classes)
    rules = [cls() for cls in classes]
    sources = read_sources(
        root, tuple(config.exclude), config.respect_gitignore, overlay, frozenset(keep)
    )
    base = key = None
    if cache is not None and not overlay:
        base = vault_key(sources, config, [cls.code for cls in classes])
        key = run_key(sources, base)
        if reuse_result:
            with collector_paused():  # what is loaded here lives to the end of the run
                cached = cache.load_findings(key)
                outcome = None
                if cached is None:
                    outcome = check_changes(cache, base, key, sources, config, rules)
            if cached is not None:
                found = _finish(_all(cached), only)
                return LintResult(root, None, found, 0, _in_scope(sources, only))
            if outcome is not None:
                cache.save_findings(key, outcome.findings)
                cache.save_state(outcome.state)  # its lasting part stays
                found = _finish(_all(outcome.findings), only)
                return LintResult(root, None, found, outcome.checked, _in_scope(sources, only))
    # Workers parse with this process, then check the notes they parsed (sharedcheck.py).
    with Workers(jobs, partial(check_held, rules, config)) as workers:
        vault = build_vault(sources, cache, jobs, workers, parsed)
        notes = list(vault)
        ctx, raw = check_notes(vault, config, rules, notes, workers)
    from_vault = run_vault_rules(ctx, rules)
    settled = settle(ctx, by_path(raw + from_vault), rules, notes)
    if cache is not None and base is not None and key is not None:
        cache.save_findings(key, settled)
        if reuse_result and incremental_possible(rules):
            cache.save_state(*capture_state(ctx, base, key, sources, from_vault, rules))
    found = _finish(_all(settled), only)
    return LintResult(root, vault, found, len(notes), _in_scope(sources, only))


def _in_scope(sources: Sources, only: Iterable[str] | None) -> int:
    notes = [*sources.data, *sources.unread]
    if only is None:
        return len(notes)
    wanted = tuple(only)
    return sum(1 for path in notes if _within(path, wanted))


def _all(findings: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    return [d for diagnostics in findings.values() for d in diagnostics]


def _finish(found: list[Diagnostic], only: Iterable[str] | None) -> list[Diagnostic]:
    if only is not None:
        wanted = tuple(only)
        found = [d for d in found if _within(d.path, wanted)]
    return sorted(found, key=lambda d: d.sort_key)


def _within(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
