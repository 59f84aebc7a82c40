r"""One note's findings before its vault is loaded: those of the checks whose inputs are known.

Loading a big vault parses every note before any check runs (seconds at 10,000 notes, no
cache). The note an editor has just opened can be checked much sooner. After a scan, the
set of files is known, and with it every link's resolution, the names "did you mean"
chooses from, and which notes exist; the note itself is parsed from the editor's text, and
the few notes its checks read (the targets of its heading and block links) are parsed when
read. What is not known until every note is parsed is what a check may read besides:

- the aliases, except those found as below;
- the incoming-link counts, except those found as below: GR001 and the other GR rules;
- the tag spellings across the vault: TAG002;
- any other note beyond :data:`READ_AT_MOST`, and every note at once (the graph).

An alias is looked up (LNK001 asks whether a broken wikilink names one) by parsing only the
notes whose frontmatter could declare it: a YAML string holds the text it decodes to as
written, unless it uses escapes (``\``), so each run of ASCII letters and digits of the folded
alias appears in the note's frontmatter lower-cased, together with the key ``aliases``. A
note with a backslash there, or with one of the two characters that fold to ASCII letters
(the Kelvin sign, a dotted capital I), is always parsed; an alias that could be a number or
a boolean written otherwise (``0x10``, ``yes``), or that has no such run, is unknown.

A note's incoming links are counted the same way: a link that reaches the note names it,
so each run of ASCII letters and digits of its folded name appears, lower-cased, in the
file holding the link, unless written with an escape (``\``, ``&#``, a percent-encoded
letter or digit) or one of those two characters; the notes holding all of them are parsed
and their links resolved.

Each of those unknowns raises :class:`~vaultcheck.vault.build.NotLoaded` here, and the rule that met
it is left out of this answer for that note, as a checking worker leaves a check it cannot
do to the main process (``sharedcheck.py``). Vault-wide rules are not run, and VC001
(unused suppressions) is left out: a suppression may be there for a finding not computed
yet. So every finding given is one a full run gives for that note, computed by the same
code from the same inputs; some are missing until the vault is loaded, none is one that
would later disappear (tested against full runs on the corpora).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from vaultcheck.core.config import Config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import by_path, run_note_rules, settle
from vaultcheck.engine.result import left_out, reported, template_folders
from vaultcheck.parse.note import parse_safely
from vaultcheck.rules import Context, Rule
from vaultcheck.rules.meta import UnusedSuppression
from vaultcheck.vault.build import LazyNotes, NotLoaded, ReadProblem, Vault, aliases_of, read_file
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.names import fold, name_indexes, strip_md
from vaultcheck.vault.scan import ScanResult, scan_vault

#: Other notes a first look parses when its checks read them (a note linking to the
#: headings of more notes than this waits for the vault: about 0.5 ms a note).
READ_AT_MOST = 200


class _Unknown(dict[str, Any]):
    """An index not known before every note is parsed: any read raises ``NotLoaded``."""

    def _unknown(self) -> NoReturn:
        raise NotLoaded("known once every note is parsed")

    def __getitem__(self, key: str) -> Any:
        self._unknown()

    def get(self, key: str, default: Any = None) -> Any:
        self._unknown()

    def __contains__(self, key: object) -> bool:
        self._unknown()

    def __iter__(self) -> Any:
        self._unknown()

    def __len__(self) -> int:
        self._unknown()

    def keys(self) -> Any:
        self._unknown()

    def values(self) -> Any:
        self._unknown()

    def items(self) -> Any:
        self._unknown()


class _IncomingCounts(Counter[str]):
    """Incoming-link counts, answered for the notes asked about by parsing the files that
    may link to them (see the module's docstring); unknown when that is too many files.
    Anything else (all the counts at once) is unknown."""

    def __init__(self, look: FirstLook, notes: LazyNotes, opened: str) -> None:
        super().__init__()
        self._look, self._notes, self._opened = look, notes, opened
        self._known: dict[str, int] = {}
        self.links: LinkIndex | None = None

    def __getitem__(self, path: str) -> int:
        count = self._known.get(path)
        if count is None:
            count = self._known[path] = self._count(path)
        return count

    def _count(self, path: str) -> int:
        runs = _RUN.findall(fold(strip_md(path.rsplit("/", 1)[-1])).encode())
        if not runs or self.links is None:
            raise NotLoaded(path)
        texts = self._look.texts()
        candidates = {
            p for p, (text, hard) in texts.items() if hard or all(r in text for r in runs)
        }
        candidates.add(self._opened)
        if len(candidates) > READ_AT_MOST:
            raise NotLoaded(path)
        targets = self.links.targets
        return sum(targets(self._notes.load(p)).count(path) for p in sorted(candidates))

    def _unknown(self, *args: Any) -> NoReturn:
        raise NotLoaded("known once every note is parsed")

    get = keys = values = items = __iter__ = __len__ = __contains__ = _unknown


#: What frontmatter looks like where it opens and closes (as ``parse/frontmatter.py`` reads it).
_OPEN = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*(?:\r\n?|\n)")
_CLOSE = re.compile(rb"^---[ \t]*(?:\r\n?|\n|$)", re.MULTILINE)
#: Bytes that make a note's frontmatter always worth parsing: an escape, and the UTF-8 of
#: the two characters whose lower case (or NFC form) is an ASCII letter.
_HARD = (b"\\", "\u212a".encode(), "\u0130".encode())
#: Folded aliases that a number or a boolean may give (``str(16)`` from ``0x10``).
_NUMBERISH = re.compile(r"[-+0-9._e]*|[-+]?(?:inf|nan)|true|false")
_RUN = re.compile(rb"[a-z0-9]+")
#: What makes a file always worth parsing when counting the links to a note: besides
#: ``_HARD``, an HTML character reference and a percent-encoded ASCII letter or digit.
_PERCENT = re.compile(rb"%(?:3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])")


class _AliasIndex(_Unknown):
    """``by_alias`` answered for the aliases asked about, by parsing the notes that may
    declare them (see the module's docstring); unknown when that is too many notes."""

    def __init__(self, look: FirstLook, notes: LazyNotes, opened: str) -> None:
        super().__init__()
        self._look, self._notes, self._opened = look, notes, opened
        self._found: dict[str, list[str]] = {}

    def get(self, key: str, default: Any = None) -> Any:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._owners(key)
        return found or default

    def _owners(self, key: str) -> list[str]:
        runs = _RUN.findall(key.encode())
        if not runs or _NUMBERISH.fullmatch(key):
            self._unknown()
        regions = self._look.frontmatters()
        candidates = [
            path
            for path, (region, hard) in regions.items()
            if hard or all(run in region for run in runs)
        ]
        if len(candidates) > READ_AT_MOST:
            self._unknown()
        owners: list[str] = []
        for path in sorted({*candidates, self._opened}):
            aliases = aliases_of(self._notes.load(path))
            owners.extend(path for alias in aliases if fold(alias) == key)
        return owners


class FirstLook:
    """The vault at ``root`` scanned (not read), for first looks at the notes opened."""

    def __init__(
        self,
        root: Path,
        config: Config,
        rule_classes: Iterable[type[Rule]],
        keep: frozenset[str] = frozenset(),
    ) -> None:
        self.root = root
        self.config = config
        self.classes = list(rule_classes)
        scanned: ScanResult = scan_vault(
            root, tuple(config.exclude), config.respect_gitignore, keep
        )
        self.scanned = scanned
        self.paths = sorted(scanned.notes)
        self.by_name, self.by_path = name_indexes(self.paths, scanned.attachments, scanned.excluded)
        self.hidden = template_folders(root, config)
        self._regions: dict[str, tuple[bytes, bool]] | None = None
        self._texts: dict[str, tuple[bytes, bool]] | None = None

    def findings(self, path: str, data: bytes) -> tuple[list[Diagnostic], Note] | None:
        """The findings about the note ``path`` (vault-relative) holding ``data`` that need
        nothing unknown yet, sorted, with the note as parsed; ``None`` for a file this look
        cannot judge (not a note of the scan, or one the run would not report on)."""
        if path not in self.scanned.notes or left_out(path, self.hidden):
            return None
        note = parse_safely(data, path)
        read = 0

        def load(other: str) -> Note:
            nonlocal read
            if other == path:
                return note  # the editor's text, not the file's
            read += 1
            if read > READ_AT_MOST:
                raise NotLoaded(other)
            try:
                content = read_file(os.path.join(self.root, other))
            except OSError:
                return Note(path=other, text="", unread=True)
            return parse_safely(content, other)

        notes = LazyNotes(self.paths, load)
        notes.load(path)
        scanned = self.scanned
        vault = Vault(
            self.root,
            notes,
            frozenset(scanned.attachments),
            tuple(ReadProblem(p, reason) for p, reason in scanned.unreadable),
            frozenset(scanned.excluded),
            self.by_name,
            self.by_path,
            by_alias=_AliasIndex(self, notes, path),
        )
        incoming = _IncomingCounts(self, notes, path)
        links = incoming.links = LinkIndex(vault, incoming)
        ctx = Context(vault, links, self.config, spellings=_Unknown())
        rules = [cls() for cls in self.classes if cls is not UnusedSuppression]
        left: list[tuple[str, str]] = []
        found = run_note_rules(ctx, rules, [note], deferred=left)
        settled = settle(ctx, by_path(found), rules, [note])
        return reported(settled.get(path, []), None, self.hidden), note

    def frontmatters(self) -> dict[str, tuple[bytes, bool]]:
        """Each note's frontmatter that names ``aliases`` (bytes, lower-cased) and whether it
        is always parsed (:class:`_AliasIndex`)."""
        if self._regions is None:
            self._regions = {}
            for path, (text, _) in self.texts().items():
                opening = _OPEN.match(text)
                if opening is None:
                    continue
                closing = _CLOSE.search(text, opening.end())
                region = text[: closing.end() if closing else len(text)]
                hard = any(mark in region for mark in _HARD)
                if hard or b"aliases" in region:
                    self._regions[path] = (region, hard)
        return self._regions

    def texts(self) -> dict[str, tuple[bytes, bool]]:
        """Each readable note's bytes, lower-cased (ASCII letters only), and whether it is
        always parsed when counting links (:class:`_IncomingCounts`); read once, when
        first asked for."""
        if self._texts is None:
            self._texts = {}
            for path in self.paths:
                try:
                    text = read_file(os.path.join(self.root, path)).lower()
                except OSError:
                    continue  # read as an empty note: no aliases, no links
                hard = any(mark in text for mark in _HARD) or b"&#" in text
                hard = hard or (b"%" in text and _PERCENT.search(text) is not None)
                self._texts[path] = (text, hard)
        return self._texts
