"""A ``.base`` file's YAML composed, and the property names it refers to, with their
positions: the names a base shows or sorts by (``properties``, each view's ``order``,
``sort`` and ``groupBy``) and the ``formula.X`` it uses are read from the composed YAML,
whose marks give each name's line and column.

Apart from ``bases.py`` so that PyYAML is imported only by a run that reads a base (or
composes frontmatter): a vault of notes without frontmatter, or a run that takes every
finding from the cache, never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from vaultcheck.parse.baseexpr import bare_names
from vaultcheck.parse.bases import BaseDocument, PropertyUse
from vaultcheck.parse.text import LineIndex, make_span

#: ``formula.Name`` in an expression.
_FORMULA_USE = re.compile(r"(?<![\w.])formula\.([A-Za-z_][\w]*)")


def compose(text: str) -> yaml.Node | None:
    """The base's YAML node tree; raises :class:`yaml.YAMLError` on invalid YAML.

    libyaml composes when PyYAML was built with it (15 times faster on kepano's bases, with
    the same marks on every node, as the frontmatter reader uses it too); a base it refuses
    is composed again by PyYAML's own reader, whose error (or tree) is what BASE001 has
    always reported.
    """
    if _FastLoader is not None:
        try:
            fast = _FastLoader(text)
            try:
                return fast.get_single_node()
            finally:
                fast.dispose()
        except yaml.YAMLError:
            pass
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_FastLoader: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def read_base(text: str) -> BaseDocument | None:
    """The formulas and property uses of a valid base; ``None`` when it is not one."""
    index = LineIndex(text)
    try:
        root = compose(text)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    top = _mapping(root)
    formulas_node = top.get("formulas")
    formulas = frozenset(_mapping(formulas_node)) if formulas_node is not None else frozenset()
    uses: list[PropertyUse] = []
    expressions = [top.get("filters"), *_mapping(formulas_node).values()]
    names: list[str] = []
    properties = top.get("properties")
    if isinstance(properties, yaml.MappingNode):
        for key, _ in properties.value:
            uses.extend(_use(key, index, "properties"))
    views = top.get("views")
    for view in views.value if isinstance(views, yaml.SequenceNode) else ():
        fields = _mapping(view)
        name = fields.get("name")
        if isinstance(name, yaml.ScalarNode):
            names.append(str(name.value))
        expressions.append(fields.get("filters"))
        order = fields.get("order")
        for item in order.value if isinstance(order, yaml.SequenceNode) else ():
            uses.extend(_use(item, index, "order"))
        sort = fields.get("sort")
        for item in sort.value if isinstance(sort, yaml.SequenceNode) else ():
            uses.extend(_use(_mapping(item).get("property"), index, "sort"))
        group = fields.get("groupBy")
        if isinstance(group, yaml.MappingNode):
            group = _mapping(group).get("property")
        uses.extend(_use(group, index, "groupBy"))
    uses.extend(_formula_uses(root, index, text))
    for expression in expressions:
        uses.extend(_bare_uses(expression, index, text))
    return BaseDocument(formulas, tuple(uses), tuple(names))


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _use(node: yaml.Node | None, index: LineIndex, where: str) -> Iterator[PropertyUse]:
    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and node.value.strip():
        start, end = node.start_mark.index, node.end_mark.index
        yield PropertyUse(node.value.strip(), make_span(index, start, end), where)


def _formula_uses(node: yaml.Node, index: LineIndex, text: str) -> Iterator[PropertyUse]:
    """``formula.X`` inside plain (unquoted) expression strings, at their exact place."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _formula_uses(key, index, text)
            yield from _formula_uses(value, index, text)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _formula_uses(item, index, text)
    elif isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        start, end = node.start_mark.index, node.end_mark.index
        source = text[start:end]
        if _FORMULA_USE.fullmatch(node.value):
            return  # a whole name (order, sort, properties) is a use read above
        for found in _FORMULA_USE.finditer(source):
            span = make_span(index, start + found.start(), start + found.end())
            yield PropertyUse(found.group(), span, "expression")


def _bare_uses(node: yaml.Node | None, index: LineIndex, text: str) -> Iterator[PropertyUse]:
    """Bare property names in a filter (``and``/``or``/``not`` nest) or formula expression.

    Read where the expression is written as its value is: a one-line plain scalar, or a
    quoted one without escapes, so each name's position in the file is exact."""
    if isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _bare_uses(value, index, text)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _bare_uses(item, index, text)
    elif isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("'", '"'):
            start, end = start + 1, end - 1
        if text[start:end] != node.value:
            return  # escapes: offsets in the value are not offsets in the file
        for bare in bare_names(node.value):
            span = make_span(index, start + bare.start, start + bare.end)
            yield PropertyUse(bare.name, span, "expression")
