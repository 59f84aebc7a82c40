"""Unlinked mentions, as Obsidian's backlinks pane shows them: notes whose text names another
note (its file name or an alias) without linking to it.

A name matches as whole words, without regard to case, in the note's prose: not in its
frontmatter, links, code (fenced, indented or inline), math, HTML blocks, comments, tags or
URLs. Notes that already link to the named note are skipped, as is the note itself.

One pass per note, whatever the number of names: the text is split into words once, and each
run of words that begins a name is looked up in a dictionary keyed by the names'
words (a word-level Aho-Corasick in effect), so the cost grows with the text, not with
notes times names. A name must begin and end with a letter or digit (``C++`` is not looked for).
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from vaultcheck import mdparser
from vaultcheck.linkindex import LinkIndex
from vaultcheck.model import Note
from vaultcheck.resolve import Status
from vaultcheck.vault import Vault, aliases_of, fold, strip_md

_WORD = re.compile(r"\w+")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_SKIPPED_BLOCKS = {"fence", "code_block", "math_block", "math_block_label", "html_block"}

#: Longer names are not looked for (no note title runs to more words than this).
MAX_WORDS = 12


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
        for name, owners in names.items():
            words = tuple(_WORD.findall(name))
            if not words or len(words) > MAX_WORDS or _WORD.fullmatch(name[0] + name[-1]) is None:
                continue
            self.by_words[words].append((name, tuple(sorted(owners))))
            lengths = self.lengths.setdefault(words[0], [])
            if len(words) not in lengths:
                lengths.append(len(words))
                lengths.sort(reverse=True)

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

    def scan(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        """(start, end, notes named) for each name in ``text``; the longest name wins, and
        matches do not overlap."""
        if not self.lengths:
            return
        words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
        folded = [w[2] for w in words]
        lengths = self.lengths
        i = 0
        while i < len(words):
            starting = lengths.get(folded[i])
            if starting is None:  # most words begin no name
                i += 1
                continue
            for length in starting:
                if i + length > len(words):
                    continue
                key = tuple(folded[i : i + length])
                found = self.by_words.get(key)
                if found is None:
                    continue
                start, end = words[i][0], words[i + length - 1][1]
                written = fold(text[start:end])
                owners = next((o for name, o in found if name == written), None)
                if owners is not None:
                    yield start, end, owners
                    i += length
                    break
            else:
                i += 1


def hidden_spans(note: Note) -> list[tuple[int, int]]:
    """Sorted, merged offsets of what is not prose: frontmatter, links, tags, comments,
    code and math blocks, HTML blocks, inline code and URLs."""
    spans = [(link.span.start, link.span.end) for link in note.links]
    spans += [(tag.span.start, tag.span.end) for tag in note.tags]
    spans += [(span.start, span.end) for span, _ in note.comments]
    spans += [(span.start, len(note.text)) for span in note.unclosed_comments]
    if note.frontmatter is not None:
        spans.append((note.frontmatter.span.start, note.frontmatter.span.end))
    text, starts = note.text, note.line_starts
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if note.frontmatter is not None:  # blanked, as the parser does, so lines keep their numbers
        lines = normalized.split("\n")
        skip = bisect.bisect_right(starts, note.frontmatter.span.end - 1)
        normalized = "\n" * skip + "\n".join(lines[skip:])
    for token in mdparser.block_parser_for(normalized).parse(normalized):
        if token.map is None:
            continue
        first, last = token.map
        begin = starts[first] if first < len(starts) else len(text)
        end = starts[last] if last < len(starts) else len(text)
        if token.type in _SKIPPED_BLOCKS:
            spans.append((begin, end))
        elif token.type == "inline":
            spans += [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text, begin, end)]
    spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _hidden(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)


def linked_from(index: LinkIndex, note: Note) -> set[str]:
    """The notes ``note`` links to (every candidate of an ambiguous link counts)."""
    found = set()
    for _, res in index.of(note):
        if res.status is Status.RESOLVED and res.target is not None:
            found.add(res.target)
        elif res.status is Status.AMBIGUOUS:
            found.update(res.candidates)
    return found


def mentions_in(note: Note, names: NameIndex, linked: set[str]) -> list[Mention]:
    """The unlinked mentions in ``note``: names of other notes it does not link to."""
    if not note.text:
        return []
    hits = [
        (s, e, [o for o in owners if o != note.path and o not in linked])
        for s, e, owners in names.scan(note.text)
    ]
    hits = [(s, e, owners) for s, e, owners in hits if owners]
    if not hits:
        return []
    hidden = hidden_spans(note)  # parsing again costs; only notes with a hit pay it
    found = []
    for start, end, owners in hits:
        if _hidden(hidden, start, end):
            continue
        line = bisect.bisect_right(note.line_starts, start)
        column = start - note.line_starts[line - 1] + 1
        for owner in owners:
            found.append(Mention(note.path, owner, start, end, line, column, note.text[start:end]))
    return found


def find_mentions(
    vault: Vault, index: LinkIndex, targets: Iterable[str] | None = None
) -> list[Mention]:
    """Unlinked mentions of ``targets`` (default: every note, names shared by several notes
    left out) anywhere in the vault, by source and position."""
    chosen = list(vault.notes) if targets is None else list(targets)
    names = NameIndex.of_notes(vault, chosen, shared=targets is not None)
    found: list[Mention] = []
    for note in vault:
        found += mentions_in(note, names, linked_from(index, note))
    return sorted(found, key=lambda m: (m.source, m.start, m.target))


def link_for(vault: Vault, mention: Mention) -> str:
    """The wikilink that replaces ``mention``: ``[[Name]]`` when it is written as the file
    name, else ``[[Name|as written]]``; the path instead of the name when the name is not
    unique. Inside a table row the ``|`` is escaped, or it would split the cell."""
    note = vault.notes[mention.target]
    unique = [p for p in vault.by_name.get(fold(note.name), []) if p in vault.notes] == [note.path]
    base = note.name if unique else strip_md(note.path)
    if mention.text == base:
        return f"[[{base}]]"
    row = vault.notes[mention.source].line_text(mention.line).lstrip().startswith("|")
    bar = "\\|" if row else "|"
    return f"[[{base}{bar}{mention.text}]]"
