"""``lint``: read the vault, reuse what the cache allows, check the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from vaultcheck.core import progress
from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.asmade import AsMade
from vaultcheck.engine.checking import by_path, run_note_rules, run_vault_rules, settle
from vaultcheck.engine.fingerprint import run_key, vault_key
from vaultcheck.engine.incremental import check_changes, check_edits, incremental_possible
from vaultcheck.engine.result import LintResult as LintResult
from vaultcheck.engine.result import all_findings, in_scope, reported, template_folders
from vaultcheck.engine.runstate import capture_parts, capture_state
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.tags import count_spellings, tag_names
from vaultcheck.vault.build import (
    NotLoaded,
    Vault,
    build_vault,
    collector_paused,
)
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.names import note_name_matcher
from vaultcheck.vault.sources import Sources, read_sources, with_content, with_file
from vaultcheck.vault.stamps import NoteBytes


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
    """One run of an :class:`Engine` over the vault at ``root`` (see :meth:`Engine.lint`)."""
    engine = Engine(root, rule_classes, config, keep=keep, cache=cache, jobs=jobs)
    return engine.lint(only, overlay=overlay, reuse_result=reuse_result, parsed=parsed)


class Engine:
    """A vault checked once, then kept: it takes changes and checks again what they reach.

    :meth:`lint` is a whole run, reusing what the cache allows (the command line's ``lint``,
    the fixer and the Python API go through it). After it, :meth:`change` takes a file's new
    bytes in memory (``None`` when it is deleted; a new path adds it) and gives the findings
    a full run over the vault as changed would give. When only a note's content changed and
    its aliases did not, only the notes the change can reach are checked again, as an
    incremental run does (:mod:`~vaultcheck.engine.incremental`); otherwise every note is,
    without parsing again the notes that did not change. Nothing is written to disk.
    """

    def __init__(
        self,
        root: Path,
        rule_classes: Iterable[type[Rule]],
        config: Config | None = None,
        *,
        keep: Iterable[str] = (),
        cache: Cache | None = None,
        jobs: int = 1,
    ) -> None:
        self.root = root
        self.config = config or Config()
        self.classes = list(rule_classes)
        self.rules = [cls() for cls in self.classes]
        self.keep = frozenset(keep)
        self.cache = cache
        self.jobs = jobs
        self._sources: Sources | None = None
        # After a run that parsed (else made on the first change): the notes, the findings
        # by path, and what an in-memory incremental check starts from.
        self._notes: dict[str, Note] = {}
        self._findings: dict[str, list[Diagnostic]] | None = None
        self._state: dict[str, Any] | None = None
        self._capture: Callable[[], dict[str, Any]] | None = None
        #: How many notes the last run or change checked.
        self.checked = 0
        #: Folders of template notes, not reported on (read at each ``lint``).
        self._hidden: tuple[str, ...] = ()

    def lint(
        self,
        only: Iterable[str] | None = None,
        *,
        overlay: Mapping[str, bytes] | None = None,
        reuse_result: bool = True,
        parsed: Mapping[str, Note] | None = None,
    ) -> LintResult:
        """Read the vault, run the rules, keep diagnostics under ``only`` paths.

        ``overlay`` replaces the bytes of some notes (the fixer's edited, unwritten text);
        the cache reuses parsed notes and, when ``reuse_result``, the last run's findings:
        all of them when nothing changed, those an edit cannot affect otherwise (the fixer
        turns that off: it needs the parsed notes themselves); ``parsed`` holds notes
        already parsed from exactly these bytes (the fixer's verifier parsed the edited
        notes).
        """
        config, cache = self.config, self.cache
        # With the cache, notes whose files kept their stamps are read only when needed.
        stamps = cache.load_stamps() if cache is not None and reuse_result else None
        sources = read_sources(
            self.root, tuple(config.exclude), config.respect_gitignore, overlay, self.keep, stamps
        )
        try:
            return self._lint(sources, only, overlay, reuse_result, parsed)
        finally:
            kept = sources.data
            if cache is not None and isinstance(kept, NoteBytes) and kept.table != stamps:
                cache.save_stamps(kept.table)

    def _lint(
        self,
        sources: Sources,
        only: Iterable[str] | None,
        overlay: Mapping[str, bytes] | None,
        reuse_result: bool,
        parsed: Mapping[str, Note] | None,
    ) -> LintResult:
        config, cache, rules = self.config, self.cache, self.rules
        self._sources, self._findings, self._notes = sources, None, {}
        # Template notes stay in the vault (links reach them) but are not reported on.
        # Applied after the cache, so editing Obsidian's settings takes effect at once.
        self._hidden = template_folders(self.root, config)
        base = key = None
        if cache is not None and not overlay:
            base = vault_key(sources, config, [cls.code for cls in self.classes])
            key = run_key(sources, base)
            if reuse_result:
                with collector_paused():  # what is loaded here lives to the end of the run
                    cached = cache.load_findings(key)
                    outcome = None
                    if cached is None:
                        outcome = check_changes(cache, base, key, sources, config, rules)
                if cached is not None:
                    found = reported(all_findings(cached), only, self._hidden)
                    return LintResult(self.root, None, found, 0, in_scope(sources, only))
                if outcome is not None:
                    cache.save_findings(key, outcome.findings)
                    cache.save_state(outcome.state)  # its lasting part stays
                    found = reported(all_findings(outcome.findings), only, self._hidden)
                    self.checked = outcome.checked
                    scope = in_scope(sources, only)
                    return LintResult(self.root, None, found, self.checked, scope)
        with collector_paused(freeze=False):  # see _checkall_findings
            vault, settled = self._checkall_findings(sources, cache, self.jobs, parsed)
            if cache is not None and base is not None and key is not None:
                cache.save_findings(key, settled)
                if reuse_result and self._capture is not None:
                    cache.save_state(*capture_parts(self._capture(), base, key))
            found = reported(all_findings(settled), only, self._hidden)
        return LintResult(self.root, vault, found, self.checked, in_scope(sources, only))

    def change(self, path: str, data: bytes | None) -> list[Diagnostic]:
        """Every finding after the file at ``path`` (vault-relative) got the bytes ``data``,
        or was deleted (``None``), or was added (a path not in the vault): the findings of a
        full run over the vault as changed, sorted by place."""
        self.update(path, data)
        assert self._findings is not None
        return reported(all_findings(self._findings), None, self._hidden)

    def update(self, path: str, data: bytes | None) -> None:
        """:meth:`change` without collecting every finding: ask :meth:`findings_of` for
        the files wanted (an editor wants its open notes' only)."""
        if self._findings is None:
            self._checkall_findings(self._sources or self._read(), None, 1, None)
        sources = self._sources
        assert sources is not None and self._findings is not None
        if data is not None and path in sources.data:
            if sources.data[path] == data:
                return
            edited = with_content(sources, path, data)
            if self._check_edit(edited, path):
                return
        else:
            edited = with_file(sources, path, data)
        self._checkall_findings(edited, None, 1, self._notes)

    def findings_of(self, path: str) -> list[Diagnostic]:
        """The findings about the file ``path`` after the last run or change, sorted."""
        if self._findings is None:
            self._checkall_findings(self._sources or self._read(), None, 1, None)
        assert self._findings is not None
        return reported(list(self._findings.get(path, ())), None, self._hidden)

    @property
    def notes(self) -> Mapping[str, Note]:
        """The parsed notes of the last run or change, by path (empty after a run that
        reused the cache's findings without parsing)."""
        return self._notes

    def vault(self) -> Vault:
        """The vault as last checked (a run that parsed, or a change), for looking things up
        in it: links resolved, names, aliases. Built anew on each call."""
        if self._findings is None:
            self._checkall_findings(self._sources or self._read(), None, 1, None)
        sources = self._sources
        assert sources is not None
        return Vault(
            root=self.root,
            notes=dict(self._notes),
            attachments=frozenset(sources.attachments),
            read_problems=tuple(sources.problems),
            excluded=frozenset(sources.excluded),
        )

    def _read(self) -> Sources:
        config = self.config
        return read_sources(
            self.root, tuple(config.exclude), config.respect_gitignore, None, self.keep
        )

    def _checkall_findings(
        self, sources: Sources, cache: Cache | None, jobs: int, parsed: Mapping[str, Note] | None
    ) -> tuple[Vault, dict[str, list[Diagnostic]]]:
        """Check every note of ``sources``, and remember what a change starts from."""
        rules, config = self.rules, self.config
        as_made = AsMade(sources)
        vault = build_vault(sources, cache, jobs, parsed, as_made)
        # The link index and the findings live to the end of the run: collections meanwhile
        # would walk them again and again (1 s of a cold run at 50,000 notes). Not frozen:
        # in a long session (the language server), what checks leave in cycles must go.
        with collector_paused(freeze=False):
            notes = list(vault)
            made = as_made.tags
            names = [  # the state takes them too
                tag_names(note) if (found := made.get(note.path)) is None else found
                for note in notes
            ]
            spellings = count_spellings(names)
            progress.expect("checked", len(notes))
            ctx = Context(vault, as_made.link_index(vault), config, spellings=spellings)
            raw = run_note_rules(ctx, rules, notes, counted=True)
            from_vault = run_vault_rules(ctx, rules)
            settled = settle(ctx, by_path(raw + from_vault), rules, notes)
        self._sources, self._findings = sources, settled
        self._notes = dict(vault.notes)
        self.checked = len(notes)
        self._state = None
        self._capture = None
        if incremental_possible(rules):
            # The state is captured when first needed: a run that never changes pays nothing.
            self._capture = partial(capture_state, ctx, sources, from_vault, rules, names)
        return vault, settled

    def prepare(self) -> None:
        """Capture now what changes start from (otherwise the first change does): the
        language server calls it once the vault is loaded, so that the first keystroke does
        not pay for it (80 ms at 10,000 notes)."""
        if self._state is None and self._capture is not None:
            # "Did you mean" over the note names, kept while no file is added or removed
            # (its lookups are remembered too): built anew per change it cost 10-30 ms.
            # So are the tag spellings (counted again per change: 12 ms).
            state = self._capture()
            matcher = note_name_matcher(self._notes)
            matcher.build_index()  # 50 ms at 10,000 notes, once rather than on a keystroke
            spellings = count_spellings(state["tags"].values())
            self._state = {**state, "matcher": matcher, "spellings": spellings}

    def _check_edit(self, edited: Sources, path: str) -> bool:
        """Check again what a new content of the note ``path`` can reach; ``False`` when
        a full check is needed instead."""
        self.prepare()
        if self._state is None or self._findings is None:
            return False
        try:
            outcome = check_edits(
                self._state,
                self._findings,
                edited,
                self.config,
                self.rules,
                [path],
                self._notes.__getitem__,
            )
        except NotLoaded:
            return False
        if outcome is None:
            return False
        self._sources, self._findings = edited, outcome.findings
        self._state = {**self._state, **outcome.state}
        self._notes.update(outcome.parsed)
        self.checked = outcome.checked
        return True
