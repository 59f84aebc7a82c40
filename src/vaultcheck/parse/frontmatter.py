"""Frontmatter: find the YAML block as Obsidian does and read it with source positions.

Obsidian only reads properties from a block that starts on the very first line with ``---``
and ends at the next line that is ``---``. We compose the YAML node tree (PyYAML, with the
libyaml parser when available) so every key, value and list item keeps its position, and we
construct values with the *safe* constructor only: no YAML tag can build an object.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from vaultcheck.core.model import (
    Frontmatter,
    FrontmatterEntry,
    FrontmatterItem,
    Link,
    Span,
    YamlProblem,
    key_place,
)
from vaultcheck.parse.simpleyaml import read_simple
from vaultcheck.parse.text import BOM, LineIndex, make_span
from vaultcheck.parse.yamlscalar import scalar_links
from vaultcheck.parse.yamltypes import STR_TAG, SafeLoader

#: What a constructor may raise on values the YAML parser accepted (`!!int 12z`, ...).
_CONSTRUCT_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)

#: What may stand between a key (or the previous list item) and an ``*alias`` value.
_ALIAS_AFTER = re.compile(r"[\s:,\[\-]*(\*[^\s,\[\]{}]+)")

_new = tuple.__new__

_OPEN_RE = re.compile(r"---[ \t]*(?:\r\n?|\n)")
#: What may follow a closing ``---`` on its line (found at a line start).
_CLOSE_TAIL = re.compile(r"[ \t]*(?:\r\n?|\n|\Z)")


class FrontmatterResult(NamedTuple):
    """The frontmatter (or ``None``) and the links found in its string values. (A
    ``NamedTuple``, built with ``tuple.__new__``: one per note.)"""

    frontmatter: Frontmatter | None
    links: tuple[Link, ...]


def _block_bounds(text: str) -> tuple[int, int, int] | bool | None:
    """Offsets (yaml_start, yaml_end, block_end), ``None`` if absent, ``False`` if unclosed."""
    start = 1 if text.startswith(BOM) else 0
    opening = _OPEN_RE.match(text, start)
    if not opening:
        return None
    # The first ``---`` line after it, at a line start after a LF (a lone CR line break
    # hides it, as from ``^`` in MULTILINE mode, which it was found with): str.find
    # compares fewer characters than a regular expression's search.
    after = opening.end() - 1
    while (line_start := text.find("\n---", after) + 1) != 0:
        closing = _CLOSE_TAIL.match(text, line_start + 3)
        if closing is not None:
            return opening.end(), line_start, closing.end()
        after = line_start
    return False


def parse_frontmatter(text: str, index: LineIndex, *, fast: bool = True) -> FrontmatterResult:
    """Find and read the frontmatter of ``text``; never raises on bad YAML.

    Simple frontmatter is read line by line (``simpleyaml.py``), the rest composed as YAML;
    ``fast=False`` composes all (the reference the simple reader is tested against)."""
    bounds = _block_bounds(text)
    if bounds is None:
        return FrontmatterResult(None, ())
    if bounds is False:
        first_line_end = index.line_start(2) if index.line_count > 1 else len(text)
        span = make_span(index, 0, first_line_end)
        return FrontmatterResult(Frontmatter(span=span, yaml_span=span, unclosed=True), ())
    assert isinstance(bounds, tuple)
    yaml_start, yaml_end, block_end = bounds
    if fast:
        simple = read_simple(text, yaml_start, yaml_end, index)
        if simple is not None:
            entries, links = simple
            block_span = make_span(index, 0, block_end)
            yaml_span = make_span(index, yaml_start, yaml_end)
            # (every field in order: Frontmatter's and the result's own __new__ are Python)
            fields = (block_span, yaml_span, entries, None, True, None, False)
            return _new(FrontmatterResult, (_new(Frontmatter, fields), tuple(links)))
    reader = _YamlReader(text, yaml_start, yaml_end, index)
    return reader.read(make_span(index, 0, block_end))


class _YamlReader:
    """Composes one YAML document and turns its top level into positioned entries."""

    def __init__(self, text: str, yaml_start: int, yaml_end: int, index: LineIndex) -> None:
        self.text = text
        self.base = yaml_start
        self.yaml_end = yaml_end
        self.index = index
        self.links: list[Link] = []
        self._seen: set[int] = set()

    def span(self, start_index: int, end_index: int) -> Span:
        return make_span(self.index, self.base + start_index, self.base + end_index)

    def node_span(self, node: yaml.Node) -> Span:
        return self.span(node.start_mark.index, node.end_mark.index)

    def read(self, block_span: Span) -> FrontmatterResult:
        yaml_span = make_span(self.index, self.base, self.yaml_end)
        loader = None
        try:
            # (PyYAML's own reader, without libyaml, refuses control characters right here.)
            loader = SafeLoader(self.text[self.base : self.yaml_end])
            root = loader.get_single_node()
            if root is None:
                fm = Frontmatter(span=block_span, yaml_span=yaml_span)
            elif isinstance(root, yaml.MappingNode):
                entries = tuple(self.entry(loader, k, v) for k, v in _properties(loader, root))
                fm = Frontmatter(span=block_span, yaml_span=yaml_span, entries=entries)
            else:
                value = _construct(loader, root)
                fm = Frontmatter(
                    span=block_span, yaml_span=yaml_span, non_mapping=value, is_mapping=False
                )
        except yaml.YAMLError as err:
            problem = YamlProblem(_describe(err), self._error_span(err))
            return FrontmatterResult(
                Frontmatter(span=block_span, yaml_span=yaml_span, error=problem), ()
            )
        except _ConstructError as err:
            problem = YamlProblem(err.message, self.node_span(err.node))
            return FrontmatterResult(
                Frontmatter(span=block_span, yaml_span=yaml_span, error=problem), ()
            )
        finally:
            if loader is not None:
                loader.dispose()
        return FrontmatterResult(fm, tuple(self.links))

    def entry(self, loader: yaml.SafeLoader, key: yaml.Node, value: yaml.Node) -> FrontmatterEntry:
        key_value = _construct(loader, key)
        name = key_value if isinstance(key_value, str) else str(key_value)
        constructed = _construct(loader, value)
        items: tuple[FrontmatterItem, ...] = ()
        if isinstance(value, yaml.SequenceNode):
            after = value.start_mark.index
            found = []
            for child in value.value:
                span = self.node_span(child)
                if child.start_mark.index < after:  # an alias: its node is the anchor's
                    span = self._alias_span(after) or span
                after = max(after, span.end - self.base)
                found.append(FrontmatterItem(_construct(loader, child), span))
            items = tuple(found)
        self._collect_links(name, value)
        value_span = self.node_span(value)
        if value.start_mark.index < key.end_mark.index:
            # An alias (`key: *a`): the composed node is the anchor's, and so are its marks;
            # the value written here is the `*a` after the key.
            value_span = self._alias_span(key.end_mark.index) or value_span
        return FrontmatterEntry(
            key=name,
            value=constructed,
            key_at=key_place(name, self.node_span(key), value_span),
            value_span=value_span,
            items=items,
        )

    def _alias_span(self, after: int) -> Span | None:
        """The span of the ``*alias`` that is the next value written after ``after``."""
        match = _ALIAS_AFTER.match(self.text, self.base + after, self.yaml_end)
        return None if match is None else make_span(self.index, *match.span(1))

    def _collect_links(self, key: str, root: yaml.Node) -> None:
        """Record ``[[links]]`` written inside string values, anywhere under ``root``.

        A node is read once per frontmatter, under the first key that reaches it: a YAML
        alias (``*a``) used by nine keys is one text with one link, not nine."""
        seen = self._seen  # aliases may point at one node many times (billion laughs)
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                if node.tag == STR_TAG and "[[" in node.value:
                    start = self.base + node.start_mark.index
                    end = self.base + node.end_mark.index
                    self.links += scalar_links(
                        self.text, self.index, key, start, end, node.style, node.value
                    )
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))

    def _error_span(self, err: yaml.YAMLError) -> Span:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        at = mark.index if mark is not None else getattr(err, "position", None)  # ReaderError
        if at is None:
            return self.span(0, 0)
        at = min(at, self.yaml_end - self.base)
        return self.span(at, min(at + 1, self.yaml_end - self.base))


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _properties(loader: yaml.SafeLoader, root: yaml.MappingNode) -> list[tuple[Any, Any]]:
    """The top-level (key, value) nodes, with a merge key (``<<: *defaults``) replaced by
    the pairs it brings in, as YAML 1.1 readers (PyYAML, js-yaml) load it: a key written in
    the mapping wins over a merged one, an earlier merged mapping over a later. Constructing
    ``<<`` as a key failed ("could not determine a constructor"), so valid frontmatter was
    FM001."""
    if not any(key.tag == _MERGE_TAG for key, _ in root.value):
        return list(root.value)
    written = [(key, value) for key, value in root.value if key.tag != _MERGE_TAG]
    flat = yaml.MappingNode(root.tag, list(root.value), root.start_mark, root.end_mark)
    loader.flatten_mapping(flat)  # a merge of something not a mapping raises a YAML error
    merged = flat.value[: len(flat.value) - len(written)]
    seen = {key.value for key, _ in written if isinstance(key, yaml.ScalarNode)}
    kept = []
    for key, value in merged:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name is None or name not in seen:
            kept.append((key, value))
            seen.add(name)
    return kept + written


class _ConstructError(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """Build a node's Python value; a value YAML accepted but cannot build is an error."""
    if node.tag == STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value  # what the constructor returns for text, minus its dispatching
    try:
        return loader.construct_object(node, deep=True)
    except _CONSTRUCT_ERRORS as err:
        raise _ConstructError(f"cannot read value `{_excerpt(node)}`: {err}", node) from None


def _excerpt(node: yaml.Node) -> str:
    value = node.value if isinstance(node.value, str) else "..."
    return value if len(value) <= 40 else value[:37] + "..."


def _describe(err: yaml.YAMLError) -> str:
    problem: Any = getattr(err, "problem", None)
    context: Any = getattr(err, "context", None)
    if not problem:
        return str(err).splitlines()[0]
    return f"{problem} ({context})" if context else str(problem)
