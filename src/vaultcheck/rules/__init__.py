"""All rules, registered by importing their modules."""

from vaultcheck.rules import (
    aliases,
    bases,
    canvas,
    citations,
    frontmatter,
    graph,
    link_form,
    link_format,
    links,
    meta,
    properties,
    property_syntax,
    related,
    tag_style,
    tags,
    text,
)
from vaultcheck.rules.base import REGISTRY, Context, Rule

__all__ = [
    "REGISTRY",
    "Context",
    "Rule",
    "aliases",
    "bases",
    "canvas",
    "citations",
    "frontmatter",
    "graph",
    "link_form",
    "link_format",
    "links",
    "meta",
    "properties",
    "property_syntax",
    "related",
    "tag_style",
    "tags",
    "text",
]
