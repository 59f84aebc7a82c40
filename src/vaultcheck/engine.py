"""Run rules over a vault, then apply configuration and inline suppressions."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from vaultcheck.cache import Cache
from vaultcheck.config import Config
from vaultcheck.diagnostics import Diagnostic, Severity
from vaultcheck.errors import VaultcheckError
from vaultcheck.fingerprint import run_key
from vaultcheck.linkindex import LinkIndex
from vaultcheck.model import Span
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.meta import UnusedSuppression, suppressions
from vaultcheck.suppress import apply_suppressions
from vaultcheck.text import NEWLINE_RE
from vaultcheck.vault import Vault, build_vault, read_sources

_START = Span(0, 0, 1, 1, 1, 1)


@dataclass
class LintResult:
    """Diagnostics, sorted by place, and the vault they are about (``None`` when they came
    from the cache and nothing was parsed)."""

    root: Path
    vault: Vault | None
    diagnostics: list[Diagnostic]
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


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every diagnostic of ``rules``; a rule that crashes is reported, not fatal."""
    # On one core on purpose: checking notes in a forked worker was 0.55 s quicker at 10,000
    # notes but cost 200 MB more, as the worker's reference counting copies every page it
    # touches (docs/performance.md).
    found: list[Diagnostic] = []
    for rule in rules:
        for note in ctx.vault:
            try:
                found.extend(rule.check_note(note, ctx))
            except VaultcheckError:
                raise  # bad configuration ends the run (exit 2)
            except Exception as err:  # a bug in one rule must not hide the others' results
                found.append(rule.report(note.path, _START, _internal(err)))
        try:
            found.extend(rule.check_vault(ctx))
        except VaultcheckError:
            raise
        except Exception as err:
            found.append(rule.report(".", _START, _internal(err)))
    return found


def _internal(err: Exception) -> str:
    return f"Internal error in this rule ({type(err).__name__}: {err}); please report it"


def _per_file_ignored(d: Diagnostic, config: Config) -> bool:
    return any(
        fnmatch.fnmatch(d.path, pattern) and any(d.code.startswith(c) for c in codes)
        for pattern, codes in config.per_file_ignores.items()
    )


def _suppress(ctx: Context, found: list[Diagnostic], rules: list[Rule]) -> list[Diagnostic]:
    """Apply inline suppressions note by note, and report the unused ones (VC001)."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        by_path[d.path].append(d)
    ran = {rule.code for rule in rules}
    unused_rule = next((r for r in rules if isinstance(r, UnusedSuppression)), None)
    kept: list[Diagnostic] = []
    for path, diagnostics in by_path.items():
        note = ctx.vault.notes.get(path)
        if note is None or not note.comments:
            kept.extend(diagnostics)
    for note in ctx.vault:
        if not note.comments:
            continue
        directives = suppressions(note, ctx)
        kept.extend(apply_suppressions(by_path.get(note.path, []), directives))
        if unused_rule is not None:
            kept.extend(unused_rule.unused(note, directives, ran))
    return kept


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
) -> LintResult:
    """Load the vault at ``root``, run the rules, keep diagnostics under ``only`` paths.

    ``overlay`` replaces the bytes of some notes (the fixer's edited, unwritten text);
    ``keep`` names paths read even when excluded (notes named on the command line);
    ``cache`` reuses parsed notes and, when nothing changed and ``reuse_result``, the whole
    result (the fixer turns that off: it needs the parsed notes themselves).
    """
    config = config or Config()
    classes = list(rule_classes)
    sources = read_sources(
        root, tuple(config.exclude), config.respect_gitignore, overlay, frozenset(keep)
    )
    key = None
    if cache is not None and not overlay:
        key = run_key(sources, config, [cls.code for cls in classes])
        cached = cache.load_result(key) if reuse_result else None
        if cached is not None:
            return LintResult(root, None, _finish(cached, only))
    vault = build_vault(sources, cache, jobs)
    ctx = Context(vault, LinkIndex(vault), config)
    rules = [cls() for cls in classes]
    found = [d for d in run_rules(ctx, rules) if not _per_file_ignored(d, config)]
    found = _suppress(ctx, found, rules)
    if config.severity:
        found = [
            replace(d, severity=Severity(config.severity[d.code]))
            if d.code in config.severity
            else d
            for d in found
        ]
    if cache is not None and key is not None:
        cache.save_result(key, found)
    return LintResult(root, vault, _finish(found, only))


def _finish(found: list[Diagnostic], only: Iterable[str] | None) -> list[Diagnostic]:
    if only is not None:
        wanted = tuple(only)
        found = [d for d in found if _within(d.path, wanted)]
    return sorted(found, key=lambda d: d.sort_key)


def _within(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
