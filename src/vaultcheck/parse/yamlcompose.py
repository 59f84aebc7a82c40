"""Frontmatter composed as YAML (PyYAML, with libyaml when installed), every key, value and
list item with its source position: what ``frontmatter.py`` hands the frontmatter the simple
reader (``simpleyaml.py``) does not read. Values are built by the *safe* constructor only.

A module of its own so that PyYAML is imported only by a run that composes frontmatter.
"""

from __future__ import annotations

import re
from typing import Any

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
from vaultcheck.parse.frontmatter import FrontmatterResult
from vaultcheck.parse.text import LineIndex, make_span
from vaultcheck.parse.yamlscalar import scalar_links
from vaultcheck.parse.yamltypes import STR_TAG, SafeLoader

#: What a constructor may raise on values the YAML parser accepted (`!!int 12z`, ...).
_CONSTRUCT_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)

#: What may stand between a key (or the previous list item) and an ``*alias`` value.
_ALIAS_AFTER = re.compile(r"[\s:,\[\-]*(\*[^\s,\[\]{}]+)")


class YamlReader:
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
