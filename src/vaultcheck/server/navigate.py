"""Following links in the editor: definition, references, hover, completion, symbols.

Links resolve exactly as the rules resolve them (:mod:`vaultcheck.vault.resolve`), so
going to a link's target opens the note Obsidian would open.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from lsprotocol import types as lsp

from vaultcheck.core.model import Heading, Link, Note
from vaultcheck.rules.link_anchors import heading_key
from vaultcheck.server.positions import UTF16, position_at, span_range
from vaultcheck.vault.build import Vault, aliases_of, fold, strip_md
from vaultcheck.vault.resolve import resolve, resolve_target

#: How many lines of a link's target a hover shows.
HOVER_LINES = 12


def link_at(note: Note, offset: int) -> Link | None:
    """The link whose text holds the character offset ``offset``."""
    return next((k for k in note.links if k.span.start <= offset <= k.span.end), None)


def target_of(vault: Vault, note: Note, link: Link) -> tuple[Note, int] | None:
    """The note a link opens and the offset it opens at (a heading's, a block's, or 0)."""
    found = resolve(vault, note, link)
    if found.target is None or found.target not in vault.notes:
        return None
    target = vault.notes[found.target]
    if link.block is not None:
        block = next((b for b in target.block_ids if b.name == link.block), None)
        return target, block.span.start if block is not None else 0
    if link.headings:
        heading = _heading(target.headings, link.headings)
        return target, heading.span.start if heading is not None else 0
    return target, 0


def _heading(headings: tuple[Heading, ...], wanted: tuple[str, ...]) -> Heading | None:
    """The heading of the path ``wanted`` (each name within the previous one's section)."""
    start, end, found = 0, len(headings), None
    for name in wanted:
        key = heading_key(name)
        index = next((i for i in range(start, end) if heading_key(headings[i].text) == key), None)
        if index is None:
            return None
        found = headings[index]
        start = index + 1
        end = next((i for i in range(start, end) if headings[i].level <= found.level), end)
    return found


def definition(
    vault: Vault, note: Note, offset: int, uri_of: Callable[[str], str], encoding: str = UTF16
) -> lsp.Location | None:
    """Where the link under the cursor leads."""
    link = link_at(note, offset)
    found = target_of(vault, note, link) if link is not None else None
    if found is None:
        return None
    target, at = found
    place = position_at(target, at, encoding)
    return lsp.Location(uri=uri_of(target.path), range=lsp.Range(start=place, end=place))


def backlinks(vault: Vault, path: str) -> Iterator[tuple[Note, Link]]:
    """Every link of the vault (body and frontmatter) that opens the note ``path``."""
    for other in vault:
        for link in other.links:
            if resolve(vault, other, link).target == path and not (
                other.path == path and link.same_note
            ):
                yield other, link


def references(
    vault: Vault, path: str, uri_of: Callable[[str], str], encoding: str = UTF16
) -> list[lsp.Location]:
    """The backlinks of a note, as places in the notes that hold them."""
    return [
        lsp.Location(uri=uri_of(other.path), range=span_range(other, link.span, encoding))
        for other, link in backlinks(vault, path)
    ]


def hover(vault: Vault, note: Note, offset: int, encoding: str = UTF16) -> lsp.Hover | None:
    """The first lines of what the link under the cursor opens (from its heading or block)."""
    link = link_at(note, offset)
    found = target_of(vault, note, link) if link is not None else None
    if link is None or found is None:
        return None
    target, at = found
    if at == 0 and target.frontmatter is not None:
        at = target.frontmatter.span.end
    lines = target.text[at:].lstrip("\r\n").splitlines()[:HOVER_LINES]
    text = f"**{target.path}**\n\n" + "\n".join(lines)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
        range=span_range(note, link.span, encoding),
    )


def completion(
    vault: Vault, note: Note, offset: int, encoding: str = UTF16
) -> list[lsp.CompletionItem]:
    """What may follow an unclosed ``[[`` before the cursor: note names and aliases; after
    ``#``, the target's headings; after ``#^``, its block ids. Each item replaces what was
    typed since the ``[[``, ``#`` or ``^`` (an editor left to guess would replace only the
    word before the cursor: `[[My No` completed to `[[My My Note`)."""
    line_start = note.line_starts[bisect_right(note.line_starts, offset) - 1]
    before = note.text[line_start:offset]
    opened = before.rfind("[[")
    if opened < 0 or "]]" in before[opened:]:
        return []
    typed = before[opened + 2 :]
    if "|" in typed:
        return []
    if "#" not in typed:
        typed_from = line_start + opened + 2
        items = _names(vault)
    else:
        name, _, rest = typed.partition("#")
        target = note if not name else _resolve_name(vault, note, name)
        if target is None:
            return []
        last = rest.rpartition("#")[2]  # `[[A#H1#H`: the heading after H1
        typed_from = offset - len(last)
        if last.startswith("^"):
            typed_from += 1
            items = [
                lsp.CompletionItem(label=b.name, kind=lsp.CompletionItemKind.Reference)
                for b in target.block_ids
            ]
        else:
            items = [
                lsp.CompletionItem(
                    label=h.text,
                    kind=lsp.CompletionItemKind.Reference,
                    insert_text=heading_in_link(h.text),
                )
                for h in target.headings
            ]
    where = lsp.Range(
        start=position_at(note, typed_from, encoding), end=position_at(note, offset, encoding)
    )
    for item in items:
        item.text_edit = lsp.TextEdit(range=where, new_text=item.insert_text or item.label)
        item.insert_text = None
    return items


#: What cannot stand in a link's heading as written: `#` starts a sub-heading, `|` the
#: link's text, `^` a block id, `[` and `]` end the link. Obsidian reads each of them as a
#: space when it matches headings (:func:`heading_key`), so spaces in their place open the
#: same heading (`[[A#C basics]]` opens `## C# basics`; `[[A#C# basics]]` looks for `C`).
_NOT_IN_LINK = re.compile(r"[#|^\[\]]")


def heading_in_link(text: str) -> str:
    """A heading as a link names it: each character a link cannot hold a space, spaces
    collapsed (the heading as written when it has none)."""
    if not _NOT_IN_LINK.search(text):
        return text
    return " ".join(_NOT_IN_LINK.sub(" ", text).split())


def _resolve_name(vault: Vault, note: Note, name: str) -> Note | None:
    found = resolve_target(vault, note.folder, name)
    return vault.notes.get(found.target) if found.target is not None else None


def _names(vault: Vault) -> list[lsp.CompletionItem]:
    items: list[lsp.CompletionItem] = []
    seen: set[str] = set()
    for note in vault:
        if note.unread:
            continue
        # Two notes of one name need their paths to tell them apart, as Obsidian writes them.
        name = (
            note.name if len(vault.by_name.get(fold(note.name), ())) <= 1 else strip_md(note.path)
        )
        items.append(
            lsp.CompletionItem(label=name, kind=lsp.CompletionItemKind.File, detail=note.path)
        )
        seen.add(name)
        for alias in aliases_of(note):
            items.append(
                lsp.CompletionItem(
                    label=alias,
                    kind=lsp.CompletionItemKind.Reference,
                    detail=f"alias of {note.path}",
                    insert_text=f"{name}|{alias}",
                    filter_text=alias,
                )
            )
    return items


def symbols(note: Note, encoding: str = UTF16) -> list[lsp.DocumentSymbol]:
    """The note's headings, each inside the one above it of a lower level."""
    roots: list[lsp.DocumentSymbol] = []
    stack: list[tuple[int, list[lsp.DocumentSymbol]]] = []
    for heading in note.headings:
        where = span_range(note, heading.span, encoding)
        children: list[lsp.DocumentSymbol] = []
        symbol = lsp.DocumentSymbol(
            name=heading.text or "(empty heading)",
            kind=lsp.SymbolKind.String,
            range=where,
            selection_range=where,
            detail="#" * heading.level,
            children=children,
        )
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(symbol)
        stack.append((heading.level, children))
    return roots
