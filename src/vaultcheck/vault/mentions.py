"""Unlinked mentions, as Obsidian's backlinks pane shows them: notes whose text names another
note (its file name or an alias) without linking to it.

A name matches as whole words, without regard to case, in the note's prose: not in its
frontmatter, links, code (fenced, indented or inline), math, HTML blocks, comments, tags or
URLs. Notes that already link to the named note are skipped, as is the note itself.

One pass per note, whatever the number of names: the text is split into words once, and each
run of words that begins a name is looked up in a dictionary keyed by the names'
words (a word-level Aho-Corasick in effect), so the cost grows with the text, not with
notes times names. A name must begin with a letter or digit and end with one or with a
combining mark (``C++`` is not looked for; ``தமிழ்`` is). A regex word (``\\w``) stops at
combining marks (Devanagari vowel signs, Tamil pulli, a decomposed accent) and at the
zero-width joiners of Persian, which are all inside a word: a match next to one is part of a
longer word (``किताब`` in ``किताबें``, ``cafe`` in a decomposed ``café``), not a mention.

Only Markdown notes are searched: a canvas is JSON and a base is YAML, where a word is a key
or a filter (``"type": "text"``), never prose to link.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from vaultcheck.core.model import Note
from vaultcheck.parse.linksyntax import fits_wikilink
from vaultcheck.vault.build import Vault, aliases_of, fold, strip_md
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.prose import covers, hidden_spans, known_spans, top_level_fences
from vaultcheck.vault.resolve import Status
from vaultcheck.vault.words import WORD, continues, whole_name, word_end

_BRACKETS = ("[", "]")

#: Longer names are not looked for (no note title runs to more words than this).
MAX_WORDS = 12

# `hashlib` (OpenSSL's library, 2 ms) is imported where it is used: only a cached run keys
# mentions.


class Mention(NamedTuple):
    """``text`` in ``source`` (offsets, 1-based line and column) names note ``target``."""

    source: str
    target: str
    start: int
    end: int
    line: int
    column: int
    text: str


class NameIndex:
    """The names and aliases of some notes, by their folded words."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        #: Folded words of a name -> (folded name, the notes it names).
        self.by_words: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        #: First word of a name -> the lengths in words of the names it starts, longest first.
        self.lengths: dict[str, list[int]] = {}
        #: Last word of a name -> its index in the names it ends: where a name can start is
        #: found from its last word, often rarer than its first.
        self.last_words: dict[str, set[int]] = defaultdict(set)
        for name, owners in names.items():
            words = tuple(WORD.findall(name))
            if not words or len(words) > MAX_WORDS or not whole_name(name):
                continue
            self.by_words[words].append((name, tuple(sorted(owners))))
            self.last_words[words[-1]].add(len(words) - 1)
            lengths = self.lengths.setdefault(words[0], [])
            if len(words) not in lengths:
                lengths.append(len(words))
                lengths.sort(reverse=True)

    def fingerprint(self) -> str:
        """A hash of every name and the notes it names."""
        import hashlib

        h = hashlib.blake2b(digest_size=16)
        for words, found in sorted(self.by_words.items()):
            h.update(repr((words, found)).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @classmethod
    def of_notes(cls, vault: Vault, paths: Iterable[str], shared: bool = True) -> NameIndex:
        """The file names and aliases of ``paths``; a name several of them share is left
        out unless ``shared`` (it cannot say which note is meant)."""
        names: dict[str, set[str]] = defaultdict(set)
        for path in paths:
            note = vault.notes[path]
            for name in (note.name, *aliases_of(note)):
                if name.strip():
                    names[fold(name.strip())].add(path)
        if not shared:
            names = defaultdict(set, {n: o for n, o in names.items() if len(o) == 1})
        return cls(names)

    def scan(
        self, text: str, skip: Container[str] = frozenset()
    ) -> Iterator[tuple[int, int, list[str]]]:
        """(start, end, notes named) for each name in ``text`` of a note not in ``skip``; the
        longest name wins, and matches do not overlap."""
        if not self.lengths:
            return
        # Words as plain strings (found in C); their offsets only once something matches.
        folded_text = text.casefold()
        if len(folded_text) != len(text):  # `ß` -> `ss` would shift offsets
            folded_text = text.lower()
        folded = WORD.findall(folded_text)
        offsets: list[tuple[int, int]] | None = None
        lengths, by_words = self.lengths, self.by_words
        count = len(folded)
        i = 0
        # Only where some name's words are all there does anything happen (elsewhere the
        # scan moves one word on): those places, found from the names' last words in one
        # pass over the words, instead of a step in Python for every word of the text.
        for first in self.starts(folded):
            if first < i:
                continue  # inside a name already taken
            i = first
            for length in lengths[folded[i]]:
                found = by_words.get(tuple(folded[i : i + length])) if i + length <= count else None
                if found is None:
                    continue
                if all(o in skip for _, owners in found for o in owners):
                    # Most names in a note are those of notes it links to: the words are
                    # taken (a shorter name inside them is not a mention), offsets not needed.
                    i += length
                    break
                if offsets is None:
                    offsets = [m.span() for m in WORD.finditer(folded_text)]
                start, end = offsets[i][0], word_end(text, offsets[i + length - 1][1])
                if end is None or continues(text, start - 1):
                    continue  # part of a longer word: not a mention, whatever the words say
                written = fold(text[start:end])
                owners = next((o for name, o in found if name == written), None)
                if owners is not None:
                    yield start, end, [o for o in owners if o not in skip]
                    i += length
                    break
            else:
                i += 1

    def starts(self, folded: list[str]) -> list[int]:
        """Where in the words ``folded`` a name's words all stand, in order."""
        last_words, by_words = self.last_words, self.by_words
        found = set()
        for j in [j for j, word in enumerate(folded) if word in last_words]:
            for index in last_words[folded[j]]:
                # A one-word name is its last word: no need to look it up again.
                if index == 0 or (j >= index and tuple(folded[j - index : j + 1]) in by_words):
                    found.add(j - index)
        return sorted(found)


def linked_from(index: LinkIndex, note: Note) -> set[str]:
    """The files ``note`` links to."""
    return {
        res.target
        for _, res in index.of(note)
        if res.status is Status.RESOLVED and res.target is not None
    }


class _Linked:
    """The notes a note links to, worked out only when a name in its text asks (a note
    naming nothing never pays for resolving its links)."""

    def __init__(self, path: str, compute: Callable[[], set[str]]) -> None:
        self.path, self.compute = path, compute
        self.found: set[str] | None = None

    def __contains__(self, other: object) -> bool:
        if other == self.path:
            return True
        if self.found is None:
            self.found = self.compute()
        return other in self.found


def mentions_in(note: Note, names: NameIndex, linked: Callable[[], set[str]]) -> list[Mention]:
    """The unlinked mentions in ``note``: names of other notes it does not link to
    (``linked`` says which it links to, when asked)."""
    if not note.text:
        return []
    skip = _Linked(note.path, linked)
    hits = [(s, e, owners) for s, e, owners in names.scan(note.text, skip) if owners]
    if not hits:
        return []
    # Parsing again costs: first what is known without it, then fences found line by line.
    known = known_spans(note)
    hits = [h for h in hits if not covers(known, h[0], h[1])]
    fences = top_level_fences(note.text) if hits else None
    if fences is not None and all(covers(fences, s, e) for s, e, _ in hits):
        return []
    hidden = hidden_spans(note) if hits else []
    found = []
    text = note.text
    for start, end, owners in hits:
        if covers(hidden, start, end):
            continue
        if text[start - 1 : start] in _BRACKETS or text[end : end + 1] in _BRACKETS:
            continue  # `[[[Name]]]` and the like: bracket soup the parser did not take as a link
        line = bisect.bisect_right(note.line_starts, start)
        column = start - note.line_starts[line - 1] + 1
        for owner in owners:
            found.append(Mention(note.path, owner, start, end, line, column, note.text[start:end]))
    return found


def find_mentions(
    vault: Vault,
    index: LinkIndex,
    targets: Iterable[str] | None = None,
    cache: Cache | None = None,
) -> list[Mention]:
    """Unlinked mentions of ``targets`` (default: every note, names shared by several notes
    left out) anywhere in the vault, by source and position.

    With ``cache`` (whole-vault searches only), each note's mentions are kept under a hash
    of its text, for as long as no file's path and no alias changes (which is all that
    decides where its links lead).
    """
    chosen = list(vault.notes) if targets is None else list(targets)
    names = NameIndex.of_notes(vault, chosen, shared=targets is not None)
    if not names.lengths:
        return []
    found: list[Mention] = []
    if cache is None or targets is not None:  # nothing kept: no hashing (20 MB at 6,600 notes)
        for note in vault:
            if note.path.lower().endswith(".md"):  # not a canvas's JSON nor a base's YAML
                found += mentions_in(note, names, partial(linked_from, index, note))
        return sorted(found, key=lambda m: (m.source, m.start, m.target))
    stored = cache.load_derived("mentions")
    # Where a note's links lead depends on every file: an excluded note or an attachment at
    # a link's exact path takes it (the mention it covered is unlinked again).
    files = (*vault.notes, "\0", *sorted(vault.attachments), "\0", *sorted(vault.excluded))
    names_key = names.fingerprint() + _digest(*files).hex()
    old = stored["notes"] if stored is not None and stored.get("names") == names_key else {}
    fresh: dict[str, tuple[bytes, list[tuple[Any, ...]]]] = {}
    for note in vault:
        if not note.path.lower().endswith(".md"):
            continue  # a canvas's JSON or a base's YAML: keys and filters, not prose
        # Where its links lead depends on paths and aliases only: all in names_key.
        key = _digest(note.text)
        hit = old.get(note.path)
        if isinstance(hit, tuple) and hit[0] == key:
            rows = [Mention(*row) for row in hit[1]]
        else:
            rows = mentions_in(note, names, partial(linked_from, index, note))
        fresh[note.path] = (key, [tuple(m) for m in rows])
        found += rows
    if fresh != old:
        cache.save_derived("mentions", {"names": names_key, "notes": fresh})
    return sorted(found, key=lambda m: (m.source, m.start, m.target))


def _digest(*parts: str) -> bytes:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.digest()


def link_for(vault: Vault, mention: Mention) -> str | None:
    """The wikilink that replaces ``mention``: ``[[Name]]`` when it is written as the file
    name, else ``[[Name|as written]]``; the path instead of the name when the name is not
    unique. Inside a table row the ``|`` is escaped, or it would split the cell.

    In a heading, links to the heading must still find it: Obsidian reads `[[Exec|exec]]`
    there as `Exec exec`, but `[[exec]]` as `exec`. So the mention is linked as written when
    that opens the note (its name in another case), and ``None`` (not linked) otherwise."""
    note = vault.notes[mention.target]
    unique = [p for p in vault.by_name.get(fold(note.name), []) if p in vault.notes] == [note.path]
    base = note.name if unique else strip_md(note.path)
    if not fits_wikilink(base):
        return None  # `C# Notes`: a wikilink would name `C`
    if mention.text == base:
        return f"[[{base}]]"
    source = vault.notes[mention.source]
    if any(h.span.start <= mention.start < h.span.end for h in source.headings):
        return f"[[{mention.text}]]" if fold(mention.text) == fold(base) else None
    row = vault.notes[mention.source].line_text(mention.line).lstrip().startswith("|")
    bar = "\\|" if row else "|"
    return f"[[{base}{bar}{mention.text}]]"
