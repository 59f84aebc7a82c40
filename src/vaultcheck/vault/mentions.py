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
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from vaultcheck.core.model import Note
from vaultcheck.parse import mdparser
from vaultcheck.vault.build import Vault, aliases_of, fold, strip_md
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status

_WORD = re.compile(r"\w+")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
#: Link reference definitions (``[name]: target "Title"``): foam writes one per wikilink.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})(.*)$", re.MULTILINE)
_INDENTED_FENCE_OR_HTML = re.compile(r"^(?: {1,3}(?:```|~~~)| {0,3}<)", re.MULTILINE)
_BRACKETS = ("[", "]")
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

    def fingerprint(self) -> str:
        """A hash of every name and the notes it names."""
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
        folded = _WORD.findall(folded_text)
        offsets: list[tuple[int, int]] | None = None
        lengths, by_words = self.lengths, self.by_words
        count = len(folded)
        i = 0
        while i < count:
            starting = lengths.get(folded[i])
            if starting is None:  # most words begin no name
                i += 1
                continue
            for length in starting:
                found = by_words.get(tuple(folded[i : i + length])) if i + length <= count else None
                if found is None:
                    continue
                if all(o in skip for _, owners in found for o in owners):
                    # Most names in a note are those of notes it links to: the words are
                    # taken (a shorter name inside them is not a mention), offsets not needed.
                    i += length
                    break
                if offsets is None:
                    offsets = [m.span() for m in _WORD.finditer(folded_text)]
                start, end = offsets[i][0], offsets[i + length - 1][1]
                written = fold(text[start:end])
                owners = next((o for name, o in found if name == written), None)
                if owners is not None:
                    yield start, end, [o for o in owners if o not in skip]
                    i += length
                    break
            else:
                i += 1


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def known_spans(note: Note) -> list[tuple[int, int]]:
    """What the parsed note already says is not prose (frontmatter, links, tags, comments),
    and URLs and link reference definitions: found without parsing again."""
    text = note.text
    spans = [(link.span.start, link.span.end) for link in note.links]
    spans += [(tag.span.start, tag.span.end) for tag in note.tags]
    spans += [(span.start, span.end) for span, _ in note.comments]
    spans += [(span.start, len(text)) for span in note.unclosed_comments]
    if note.frontmatter is not None:
        spans.append((note.frontmatter.span.start, note.frontmatter.span.end))
    spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    spans += [(m.start(), m.end()) for m in _REFERENCE.finditer(text)]
    return _merged(spans)


def top_level_fences(text: str) -> list[tuple[int, int]] | None:
    """Fenced code blocks whose fences start at column 1, found line by line; ``None`` when
    that could be wrong: a fence indented (in a list, say), or an HTML block, where a fence
    line is not a fence. A fence at column 1 cannot be inside a list item or indented code."""
    if _INDENTED_FENCE_OR_HTML.search(text):
        return None
    spans, opened = [], None
    for m in _FENCE_LINE.finditer(text):
        marker, rest = m.group(1), m.group(2)
        if opened is None:
            if not (marker[0] == "`" and "`" in rest):
                opened = (m.start(), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]) and not rest.strip():
            spans.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


def hidden_spans(note: Note) -> list[tuple[int, int]]:
    """Sorted, merged offsets of what is not prose: :func:`known_spans`, and code and math
    blocks, HTML blocks and inline code, for which the note is parsed again."""
    spans = known_spans(note)
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
    return _merged(spans)


def _hidden(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)


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
    hits = [h for h in hits if not _hidden(known, h[0], h[1])]
    fences = top_level_fences(note.text) if hits else None
    if fences is not None and all(_hidden(fences, s, e) for s, e, _ in hits):
        return []
    hidden = hidden_spans(note) if hits else []
    found = []
    text = note.text
    for start, end, owners in hits:
        if _hidden(hidden, start, end):
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
    of its text, for as long as no note's name, path or alias changes (which is all that
    decides where its links lead).
    """
    chosen = list(vault.notes) if targets is None else list(targets)
    names = NameIndex.of_notes(vault, chosen, shared=targets is not None)
    stored = cache.load_derived("mentions") if cache is not None and targets is None else None
    names_key = names.fingerprint() + _digest(*vault.notes).hex()
    old = stored["notes"] if stored is not None and stored.get("names") == names_key else {}
    fresh: dict[str, tuple[bytes, list[tuple[Any, ...]]]] = {}
    found: list[Mention] = []
    if not names.lengths:
        return []
    for note in vault:
        # Where its links lead depends on names, paths and aliases only: all in names_key.
        key = _digest(note.text)
        hit = old.get(note.path)
        if isinstance(hit, tuple) and hit[0] == key:
            rows = [Mention(*row) for row in hit[1]]
        else:
            rows = mentions_in(note, names, partial(linked_from, index, note))
        fresh[note.path] = (key, [tuple(m) for m in rows])
        found += rows
    if cache is not None and targets is None and fresh != old:
        cache.save_derived("mentions", {"names": names_key, "notes": fresh})
    return sorted(found, key=lambda m: (m.source, m.start, m.target))


def _digest(*parts: str) -> bytes:
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
    if mention.text == base:
        return f"[[{base}]]"
    source = vault.notes[mention.source]
    if any(h.span.start <= mention.start < h.span.end for h in source.headings):
        return f"[[{mention.text}]]" if fold(mention.text) == fold(base) else None
    row = vault.notes[mention.source].line_text(mention.line).lstrip().startswith("|")
    bar = "\\|" if row else "|"
    return f"[[{base}{bar}{mention.text}]]"
