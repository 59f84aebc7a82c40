"""All rules, registered by importing their modules."""

from vaultcheck.rules import frontmatter, links, meta, text
from vaultcheck.rules.base import REGISTRY, Context, Rule

__all__ = ["REGISTRY", "Context", "Rule", "frontmatter", "links", "meta", "text"]
