"""FM009 and TAG008: properties that look right in the editor but that YAML reads otherwise.

``up: [[Index]]`` is a list holding a list holding ``Index``: Obsidian shows no link. ``tags: #a
#b`` is a YAML comment: the note has no tags. Both are what a note body would mean, which is why
they are written, and both are silent in Obsidian.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, LinkEffect, Severity
from vaultcheck.core.model import FrontmatterEntry, Note, Span
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fmtext import frontmatter_holds

#: The text of an unquoted wikilink as YAML sees it: ``[[`` ... ``]]`` on one line, nothing
#: bracketed inside (``[[a], [b]]`` is a real list of lists).
_LINK_TEXT = re.compile(r"\[\[[^\[\]\r\n]+\]\]")


def nested_link(value: object) -> bool:
    """Whether ``value`` is what YAML makes of ``[[X]]``: a list of one list of text."""
    return (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) >= 1
        and all(isinstance(part, str) for part in value[0])
    )


#: A YAML anchor written before a value (``&a [[X]]``): the value's span starts with it.
_ANCHOR = re.compile(r"&[^\s\[\]{},]+[ \t]+")
_ANCHOR_NAME = re.compile(r"&[^\s\[\]{},]+(?=\s)")


class UnquotedLink(NamedTuple):
    """An unquoted ``[[link]]`` in a property: where its text is, and whether that text is
    shared through a YAML anchor (``&a [[X]]``, or an item of an anchored list), which a
    fix must not edit: every ``*a`` reads it too."""

    span: Span
    #: The anchor (``&a``) the text is shared through, if any.
    anchor: str | None


def unquoted_links(note: Note, entry: FrontmatterEntry) -> Iterator[Span]:
    """Where ``entry`` holds an unquoted ``[[link]]``: the value itself or list elements."""
    if nested_link(entry.value) and _LINK_TEXT.fullmatch(_source(note, entry.value_span)):
        yield entry.value_span
        return
    if isinstance(entry.value, list):
        for item in entry.items:
            if nested_link(item.value) and _LINK_TEXT.fullmatch(_source(note, item.span)):
                yield item.span


def unquoted_links_anchored(note: Note, entry: FrontmatterEntry) -> Iterator[UnquotedLink]:
    """As :func:`unquoted_links`, also where the value or an item is anchored (``up: &a
    [[X]]``, ``- &a [[X]]``, an item of a list anchored as a whole), saying so. A value
    that is an alias (``up: *a``) is written at its anchor, and found there."""
    if nested_link(entry.value):
        found = _link_text(note, entry.value_span)
        if found is not None:
            yield found
            return
    if isinstance(entry.value, list):
        whole = _ANCHOR_NAME.match(_source(note, entry.value_span))  # a list anchored whole
        for item in entry.items:
            if nested_link(item.value):
                found = _link_text(note, item.span)
                if found is not None and whole is not None and found.anchor is None:
                    found = found._replace(anchor=whole.group())
                if found is not None:
                    yield found


def _link_text(note: Note, span: Span) -> UnquotedLink | None:
    """The link text ``span`` holds, after an anchor written before it if any."""
    raw = _source(note, span)
    anchor = _ANCHOR.match(raw)
    if anchor is not None:
        cut = anchor.end()
        raw = raw[cut:]
        span = span._replace(start=span.start + cut, column=span.column + cut)
    if not _LINK_TEXT.fullmatch(raw):
        return None
    return UnquotedLink(span, None if anchor is None else anchor.group().strip())


def quote_link(note: Note, span: Span) -> Fix | None:
    """Quote the link's text in place: ``"[[X]]"``, or ``'[[X]]'`` when it holds ``"`` or ``\\``.

    Nothing inside the brackets changes, so the property now holds exactly the link written.
    """
    raw = _source(note, span)
    if '"' not in raw and "\\" not in raw:
        quote = '"'
    elif "'" not in raw:
        quote = "'"
    else:
        return None
    # One edit over the whole value (not two insertions), so it covers the link it creates.
    edit = Edit(span.start, span.end, f"{quote}{raw}{quote}")
    return Fix((edit,), Applicability.SAFE, f"Quote it: {quote}{raw}{quote}")


def _source(note: Note, span: Span) -> str:
    return note.text[span.start : span.end]


@register
class UnquotedPropertyLink(Rule):
    """What it does: reports a property link written without quotes, such as `up: [[Index]]`.

    Why: in YAML, `[[Index]]` is a list holding a list holding `Index`, so Obsidian shows no
    link, the graph has no edge and backlinks miss it. Only a quoted `"[[Index]]"` is a link.
    Checked for every property and for each element of a list property; `aliases` (AL001) and
    the related key (REL006) have their own rules.

    Example:
        up: [[Index]]          # write up: "[[Index]]"
        topics:
          - [[Design]]         # write - "[[Design]]"

    A value written through a YAML anchor (`base: &b [[Index]]` with `up: *b`) is reported
    once, where it is written, and not fixed: quoting it changes every alias of it.

    Fix safety: safe. Quotes are added around the text as written (double quotes, single ones
    when the link holds `"` or `\\`); no other byte changes.
    """

    code = "FM009"
    name = "unquoted-property-link"
    needs = "frontmatter"
    fixable = "safe"
    fix_links = LinkEffect.ADD

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = note.frontmatter
        if fm is None or fm.error is not None or not fm.is_mapping:
            return
        if not frontmatter_holds(note, "[["):
            return  # an unquoted link is `[[` ... `]]` as written
        skip = {"aliases", ctx.option("related", "key")}
        reported: set[int] = set()  # text read by several keys through `*a`: said once
        for entry in fm.entries:
            if entry.key in skip or not isinstance(entry.value, list):
                continue  # only a list can be an unquoted link, or hold one
            for span, anchor in unquoted_links_anchored(note, entry):
                if span.start in reported:
                    continue
                reported.add(span.start)
                raw = _source(note, span)
                message = (
                    f'`{entry.key}` holds a nested YAML list, not a link: quote it, as in "{raw}"'
                )
                if anchor is not None:  # the fix verifier refuses edits to a shared value
                    message += f" (not fixed automatically: every `*{anchor[1:]}` reads it too)"
                fix = None if anchor is not None else quote_link(note, span)
                yield self.report(note.path, span, message, fix)


@register
class TagsInComment(Rule):
    """What it does: reports `tags: #a #b`, which YAML reads as a comment: no tags at all.

    Why: `#` starts a YAML comment, so the value is empty and Obsidian shows no tags, though the
    line looks like the tags of a note body. A comment that does not start like a tag
    (`tags: # to do`) is not reported; a list element `- #a` is TAG004's. Also reported: such
    a comment on the `tags:` line above a block list, whose words are not in the list. Also
    through YAML anchors: `tags: &t #a` (not fixed: every `*t` reads it) and `tags: *common`
    where `common: &common #a` (reported at that comment).

    Example:
        tags: #book #to-read     # write tags: [book, to-read]

    Fix safety: safe, as TAG004's: the comment becomes a flow list of its words without `#`
    (`[book, to-read]`); no fix when a word is not a tag or would need quotes, or while a
    deprecated `tag` key is still to be merged into `tags` (FM008).
    """

    code = "TAG008"
    name = "tags-in-comment"
    needs = "frontmatter"
    severity = Severity.WARNING
    fixable = "safe"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        fm = note.frontmatter
        if fm is None or fm.error is not None or not fm.is_mapping:
            return
        if not frontmatter_holds(note, "#"):
            return  # the comment starts with `#`, as written
        entry = fm.entry("tags")
        if entry is None:
            return
        alias = _ALIAS.fullmatch(_source(note, entry.value_span))
        if alias is not None:  # `tags: *a`: the value, and any comment, are at `&a`
            found = _comment_after_anchor(note, alias.group(1), entry.value_span.start)
            block_list = isinstance(entry.value, list)
        else:
            block_list = (
                isinstance(entry.value, list) and entry.value_span.line > entry.key_span.end_line
            )
            line_end = note.text.find("\n", entry.key_span.end)
            line_end = len(note.text) if line_end == -1 else line_end
            found = _COMMENT_AFTER_KEY.match(note.text, entry.key_span.end, line_end)
        if found is None or (entry.value is not None and not block_list):
            return
        start, comment = found.start(2), found.group(2).rstrip()
        anchor = found.group(1).strip() if found.group(1) else None
        tags = [word[1:] for word in comment.split() if word.startswith("#")]
        fix = None
        # With a deprecated `tag` key, FM008 appends its values under this line in the same
        # pass, which would follow the flow list written here: the merge goes first. An
        # anchored value is read by every alias of it: the fix verifier refuses to edit it.
        merging = fm.entry("tag") is not None
        if (
            not merging
            and anchor is None
            and not block_list
            and len(tags) == len(comment.split())
            and all(map(_plain_tag, tags))
        ):
            # From where YAML puts the empty value, so the edit covers the value it writes.
            lead = min(entry.value_span.start, start)
            written = note.text[lead:start] + "[" + ", ".join(tags) + "]"
            edit = Edit(lead, start + len(comment), written)
            fix = Fix((edit,), Applicability.SAFE, "Make it a list of tags")
        line = bisect_right(note.line_starts, start)
        column = start - note.line_starts[line - 1] + 1
        span = Span(start, start + len(comment), line, column, line, column + len(comment))
        holder = "the note" if alias is None else f"`tags: {alias.group()}`"
        if block_list:  # `tags: #a` above `- b`: only b is a tag
            message = f"`{comment}` is a YAML comment, not tags: add them to the list below"
        else:
            message = (
                f"`{comment}` is a YAML comment, so {holder} has no tags: write [{', '.join(tags)}]"
            )
        if anchor is not None:
            message += f" (not fixed automatically: every `*{anchor[1:]}` reads it too)"
        yield self.report(note.path, span, message, fix)


def _comment_after_anchor(note: Note, name: str, before: int) -> re.Match[str] | None:
    """The tag-like comment after the anchor ``&name`` that an alias at ``before`` reads
    (the last one written before it, as YAML takes the latest definition)."""
    fm = note.frontmatter
    assert fm is not None
    pattern = re.compile(r"(&" + re.escape(name) + r"[ \t]+)(#[^\s#].*)")
    found = list(pattern.finditer(note.text, fm.yaml_span.start, before))
    return found[-1] if found else None


#: A value that is an alias, ``*a``.
_ALIAS = re.compile(r"\*([^\s\[\]{},]+)")
#: After the ``tags`` key: the colon, white space, an anchor if any (``&a``), then a comment
#: that starts like a tag.
_COMMENT_AFTER_KEY = re.compile(r"[ \t]*:[ \t]+(&[^\s\[\]{},]+[ \t]+)?(#[^\s#].*)")


def _plain_tag(tag: str) -> bool:
    """A tag that is safe unquoted in a YAML flow list (no `,`, brackets, quotes or `:`)."""
    return bool(tag) and re.fullmatch(r"[^\s,\[\]{}'\":#&*!|>%@`]+", tag) is not None
