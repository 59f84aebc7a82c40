"""Plain immutable data describing a parsed note.

A :class:`Note` is what the parser produces from one file's bytes. It holds no references to
other notes; resolution and the graph are computed later from these values. Everything is a
``NamedTuple``: immutable like a frozen dataclass, but several times cheaper to build and to
pickle, which matters at hundreds of thousands of spans (see docs/performance.md).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A range of a note's text: character offsets plus 1-based line/column of both ends."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class LinkKind(str, Enum):
    """Where a link was written."""

    WIKILINK = "wikilink"
    EMBED = "embed"
    MARKDOWN = "markdown"
    FRONTMATTER = "frontmatter"
    #: A file card of a canvas: its vault path, resolved as written (no search by name).
    CANVAS = "canvas"
    #: A wikilink in a Dataview inline field's value (``key:: [[X]]``); ``key`` is the field.
    INLINE_FIELD = "inline-field"


class Link(NamedTuple):
    """One link as written in a note, before resolution.

    ``target`` is the path part (``Note`` in ``[[Note#Head|text]]``), percent-decoded for
    Markdown links; it is empty for same-note links such as ``[[#Heading]]``.
    """

    kind: LinkKind
    target: str
    span: Span
    #: Heading path after ``#`` (``("H1", "H2")`` for ``[[Note#H1#H2]]``), empty if none.
    headings: tuple[str, ...] = ()
    #: Block id after ``#^``, without the caret.
    block: str | None = None
    #: Display text (wikilink alias, Markdown link text); for embeds, the size or caption.
    text: str | None = None
    #: Whether it is an embed (``![[x]]`` or ``![alt](x)``).
    embed: bool = False
    #: The frontmatter key holding it, for property links.
    key: str | None = None
    #: Where the target text itself is, for fixes that rewrite it (read it as
    #: :attr:`target_span`): its span, or, for a target on the link's own line (most
    #: wikilinks), how many characters after the link's start it begins, a small int where a
    #: span would be a tuple and two fresh ints more per link (docs/performance.md).
    target_at: Span | int | None = None

    @property
    def target_span(self) -> Span | None:
        """Span of the target text itself (``None`` when the link has none to rewrite)."""
        at = self.target_at
        if not isinstance(at, int):
            return at
        span = self.span
        start = span.start + at
        column = span.column + at
        size = len(self.target)
        return Span(start, start + size, span.line, column, span.line, column + size)

    @property
    def same_note(self) -> bool:
        """True for links into the note itself (``[[#Heading]]``, ``[[#^block]]``)."""
        return not self.target and (bool(self.headings) or self.block is not None)


class Tag(NamedTuple):
    """A ``#tag`` in the body, or an entry of the ``tags`` property (without ``#``)."""

    name: str
    span: Span
    in_frontmatter: bool = False


class Heading(NamedTuple):
    """A heading: its level (1-6) and its inline text as written."""

    level: int
    text: str
    span: Span


class BlockId(NamedTuple):
    """A block identifier ``^id`` closing a paragraph or list item."""

    name: str
    span: Span


class Citation(NamedTuple):
    """A pandoc citation key (``@doe99`` in ``[@doe99, p. 4]``), span from the ``@``."""

    key: str
    span: Span


class FrontmatterItem(NamedTuple):
    """One element of a list-valued property, with its position."""

    value: Any
    span: Span


class FrontmatterEntry(NamedTuple):
    """One top-level frontmatter key with its value and the positions of both."""

    key: str
    value: Any
    #: Where the key is (read it as :attr:`key_span`): its span, or, for a key written as
    #: its name on its value's line or alone on the line before (most keys), an int placing
    #: it from the value's span (see :func:`key_place`), where a span would be a tuple and
    #: two fresh ints more per entry (docs/performance.md).
    key_at: Span | int
    value_span: Span
    #: Elements with positions when the value is a YAML sequence, else empty.
    items: tuple[FrontmatterItem, ...] = ()

    @property
    def key_span(self) -> Span:
        """The span of the key as written."""
        at = self.key_at
        if not isinstance(at, int):
            return at
        value = self.value_span
        size = len(self.key)
        if at >= 0:  # on the value's line, ``at`` characters before it
            start, line, column = value.start - at, value.line, value.column - at
        else:  # at the start of the line before the value's, ``-at`` characters before it
            start, line, column = value.start + at, value.line - 1, 1
        return Span(start, start + size, line, column, line, column + size)


def key_place(key: str, key_span: Span, value_span: Span) -> Span | int:
    """What :attr:`FrontmatterEntry.key_at` holds for a key written at ``key_span``: the int
    :attr:`~FrontmatterEntry.key_span` makes the same span from, or the span itself."""
    size = len(key)
    line = key_span.line
    if (
        key_span.end_line == line
        and key_span.end - key_span.start == size == key_span.end_column - key_span.column
    ):
        distance = value_span.start - key_span.start
        if value_span.line == line and distance == value_span.column - key_span.column >= 0:
            return distance
        if value_span.line == line + 1 and key_span.column == 1 and distance > 0:
            return -distance
    return key_span


class YamlProblem(NamedTuple):
    """Why the frontmatter could not be read: a message and where YAML said it went wrong."""

    message: str
    span: Span


class Frontmatter(NamedTuple):
    """The YAML block between the opening and closing ``---`` lines."""

    #: From the opening ``---`` to the end of the closing one (including its line break).
    span: Span
    #: Where the YAML text itself starts and ends.
    yaml_span: Span
    #: Top-level entries in file order, duplicates included.
    entries: tuple[FrontmatterEntry, ...] = ()
    #: The parsed value when it is not a mapping (a list, a scalar), for FM002.
    non_mapping: Any = None
    is_mapping: bool = True
    error: YamlProblem | None = None
    #: Set when the opening ``---`` has no closing line (then there is no frontmatter at all).
    unclosed: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` as Obsidian reads it (the last one when duplicated)."""
        for item in reversed(self.entries):
            if item.key == key:
                return item.value
        return default

    def entry(self, key: str) -> FrontmatterEntry | None:
        """The entry Obsidian uses for ``key`` (the last one when duplicated)."""
        for item in reversed(self.entries):
            if item.key == key:
                found: FrontmatterEntry = item
                return found
        return None


class EncodingProblem(NamedTuple):
    """The note is not UTF-8 text: the first undecodable bytes, or binary content."""

    span: Span
    bad_bytes: bytes
    binary: bool


class Note(NamedTuple):
    """Everything the parser found in one note. Paths are vault-relative with ``/``."""

    path: str
    text: str
    frontmatter: Frontmatter | None = None
    links: tuple[Link, ...] = ()
    tags: tuple[Tag, ...] = ()
    headings: tuple[Heading, ...] = ()
    block_ids: tuple[BlockId, ...] = ()
    citations: tuple[Citation, ...] = ()
    #: Inline suppression and other HTML/``%%`` comments, as (span, inner text).
    comments: tuple[tuple[Span, str], ...] = ()
    #: Openings of ``%%`` or ``<!--`` comments that are never closed.
    unclosed_comments: tuple[Span, ...] = ()
    encoding_problem: EncodingProblem | None = None
    #: Set when the note was not parsed: too large (its size in bytes) ...
    skipped_size: int | None = None
    #: ... or the parser failed on it (a bug, reported instead of crashing the run) ...
    internal_error: str | None = None
    #: ... or the file could not be read (VC003); it still exists, so links to it resolve.
    unread: bool = False
    #: Start offset of every line, so rules can show or point at a line cheaply.
    line_starts: tuple[int, ...] = (0,)

    @property
    def name(self) -> str:
        """The file name without ``.md``: what ``[[Name]]`` matches."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base

    @property
    def folder(self) -> str:
        """The vault-relative folder, ``""`` at the root."""
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
