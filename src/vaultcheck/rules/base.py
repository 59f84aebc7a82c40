"""The rule interface and registry.

A rule is a small class: ``code``, ``name``, default ``severity``, whether it is on by
default, and its documentation in the docstring (What it does / Why / Example / Fix safety).
Per-note rules implement :meth:`Rule.check_note`; vault-wide rules :meth:`Rule.check_vault`.
Rules return diagnostics; they never print and never write files. A per-note rule that needs
another note's content gets it through :meth:`Context.other_note`, so that incremental runs
know to check it again when that note changes (see :class:`Context`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic, Fix, LinkEffect, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.vault.build import LazyNotes, Vault
from vaultcheck.vault.linkindex import LinkIndex


@dataclass
class Context:
    """What rules may look at: the vault, resolved links, the graph (built on first use).

    What a per-note check may read, so that an incremental run (``incremental.py``) knows
    which notes an edit can affect: the note itself; anything derived from the set of paths,
    the attachments and the aliases (resolutions, names, alias owners); the note's own
    incoming-link count; the vault's tag spellings (``spellings``); and another note's
    content only through :meth:`other_note`, which records the read.
    """

    vault: Vault
    links: LinkIndex
    config: Config = field(default_factory=Config)
    #: Per-run memo for work several rules share (e.g. resolved related lists), by topic.
    memo: dict[str, Any] = field(default_factory=dict)
    #: The note whose per-note checks are running (set by the engine).
    checking: str | None = None
    #: Note path -> other notes whose content its checks read through :meth:`other_note`.
    reads: dict[str, set[str]] = field(default_factory=dict)
    #: Folded tag -> how often each spelling of it is used, over the vault (kept up to date
    #: by an incremental run; otherwise counted from the notes on first use, in TAG002).
    spellings: dict[str, Counter[str]] | None = None
    #: Markdown note path -> the keys of its frontmatter, for notes that have some (kept up
    #: to date by an incremental run; otherwise read from the notes on first use, by BASE002).
    property_keys: dict[str, tuple[str, ...]] | None = None
    #: Options read so far: rules ask for theirs on every note.
    _options: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def option(self, table: str, key: str) -> Any:
        """A rule option from the config (its default when unset)."""
        try:
            return self._options[table, key]
        except KeyError:
            value = self._options[table, key] = self.config.option(table, key)
            return value

    def other_note(self, path: str) -> Note:
        """Another note of the vault, for a check of the note being checked that depends on
        its content (headings, block ids); the dependency is recorded."""
        checking = self.checking
        if checking is not None and path != checking:
            reads = self.reads.get(checking)  # not setdefault: it would build a set each time
            if reads is None:
                reads = self.reads[checking] = set()
            reads.add(path)
        notes = self.vault.notes
        # ``type`` first: ``isinstance`` against an ABC's subclass costs a Python-level hook.
        if type(notes) is dict or not isinstance(notes, LazyNotes):
            return notes[path]
        return notes.load(path)

    @cached_property
    def graph(self) -> Any:
        from vaultcheck.vault.graph import build_graph

        return build_graph(self.vault, self.links)


class Rule:
    """Base class of all rules; subclasses set the class attributes and one ``check_*``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    default_enabled: ClassVar[bool] = True
    #: ``"safe"``, ``"unsafe"`` or ``None``: what its fixes are.
    fixable: ClassVar[str | None] = None
    #: What its fixes do to the links they edit; the fix verifier refuses a fix that does
    #: anything else (by default, a link it edits must still open what it opened).
    fix_links: ClassVar[LinkEffect] = LinkEffect.KEEP
    #: Whether :meth:`check_vault` reads notes. One that does not (it reads only the set of
    #: files and what could not be read) lets an incremental run keep its findings.
    vault_reads_notes: ClassVar[bool] = True
    #: A field of :class:`Note` without which :meth:`check_note` finds nothing in a note
    #: (``"frontmatter"``, ``"links"``, ``"tags"``...): the engine calls it only for notes
    #: where that field is neither ``None`` nor empty. ``None``: every note.
    needs: ClassVar[str | None] = None
    #: Whether :meth:`check_note` finds something only in a canvas or a base: the engine
    #: then calls it for those files alone (most vaults have none).
    data_files_only: ClassVar[bool] = False

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        """Diagnostics for one note (default: none)."""
        return ()

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        """Those of ``notes`` (in order; not always the vault's own) that :meth:`check_note`
        may find something in; the engine checks only those. A rule that can tell from the
        whole vault at once (an option left unset, the alias index) that most notes hold
        nothing for it says so here, and so spares a call per note; it must never leave out
        a note its check would report on, nor one whose check would fail. It reads only
        what a check may read without :meth:`Context.other_note` (see :class:`Context`):
        no read made here is recorded for an incremental run. Should it raise, the engine
        checks every note. Default: all of them."""
        return notes

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        """Diagnostics that need the whole vault at once (default: none)."""
        return ()

    def report(self, path: str, span: Span, message: str, fix: Fix | None = None) -> Diagnostic:
        """A diagnostic of this rule; text quoted from the note is cut to a readable length."""
        if len(message) > _LONG_MESSAGE:
            message = _LONG_QUOTE.sub(_cut_quote, message)
        return Diagnostic(self.code, self.name, self.severity, message, path, span, fix)

    def crashed(self, path: str, err: Exception) -> Diagnostic:
        """The diagnostic saying this rule failed on ``path``: a bug, reported at the start of
        the file instead of ending the run."""
        message = f"Internal error in this rule ({type(err).__name__}: {err}); please report it"
        return self.report(path, _START, message)


_START = Span(0, 0, 1, 1, 1, 1)

#: A message quotes names, headings and values from the note (`` `...` ``); one over
#: ``_QUOTED`` characters keeps its start and end around an ellipsis, so that a report grows
#: with the number of problems, never with what is written (a 100,000-character link target).
_QUOTED = 120
_LONG_MESSAGE = 200
_LONG_QUOTE = re.compile(rf"`([^`\n]{{{_QUOTED + 1},}})`")


def _cut_quote(match: re.Match[str]) -> str:
    text = match.group(1)
    return f"`{text[:100]}…{text[-19:]}`"


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry under its code."""
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    REGISTRY[cls.code] = cls
    return cls
