"""How frontmatter YAML is typed: the safe loader, and a plain scalar's value as it types it.

Both frontmatter readers use these: the composing one (``frontmatter.py``) builds values with
:class:`SafeLoader`; the simple one (``simpleyaml.py``) types a plain scalar with
:func:`plain_value`, which asks the loader's own resolvers and constructors, so the two cannot
drift apart.
"""

from __future__ import annotations

from typing import Any

import yaml

from vaultcheck.parse.yamlline import NotSimple

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, except that an impossible date stays the string it was written as.

    ``created: 2025-13-45`` then reaches FM006 (invalid date) instead of failing the whole
    frontmatter, which is also how YAML 1.2 readers see it.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

STR_TAG = "tag:yaml.org,2002:str"

#: The tags a plain scalar may resolve to that :func:`plain_value` builds (not ``<<``, ``=``).
_BUILT = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)

#: Scalar constructors need a constructor object, not a parser: one, stateless for scalars.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


#: The first characters some implicit type (null, bool, number, date, ...) may start with,
#: as the resolvers are registered (nothing here adds one later); ``None`` when a resolver
#: applies whatever the first character (PyYAML registers none such).
TYPED_STARTS: frozenset[str] | None = (
    None
    if None in SafeLoader.yaml_implicit_resolvers
    else frozenset(SafeLoader.yaml_implicit_resolvers)
)


def plain_tag(text: str) -> str:
    """The tag YAML resolves the plain scalar ``text`` to, as the loader's resolver does."""
    resolvers = SafeLoader.yaml_implicit_resolvers
    first = resolvers.get(text[:1])
    anywhere = resolvers.get(None)
    if first is None and anywhere is None:
        return STR_TAG  # most text: no implicit type starts with its first character
    for tag, pattern in (*(first or ()), *(anywhere or ())):
        if pattern.match(text):
            return str(tag)
    return STR_TAG


def plain_value(text: str) -> tuple[Any, bool]:
    """The value of the plain (unquoted) scalar ``text`` as :class:`SafeLoader` types it, and
    whether it is a string. Raises :class:`NotSimple` for another tag, or when its
    constructor fails (the loader then reports that as the frontmatter's error)."""
    tag = plain_tag(text)
    if tag == STR_TAG:
        return text, True
    if tag not in _BUILT:
        raise NotSimple(tag)
    try:
        return SafeLoader.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text)), False
    except Exception as err:  # whatever a constructor raises, the loader must judge it
        raise NotSimple(tag) from err
