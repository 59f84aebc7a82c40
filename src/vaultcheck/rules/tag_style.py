"""TAG005 and TAG007: how tags are spelt across the vault (both opt-in)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from vaultcheck.core.diagnostics import Diagnostic, Severity, times
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.tags import dominant, valid_tags

_STYLES: dict[str, Callable[[str], bool]] = {
    "lower": lambda t: t == t.lower(),
    "kebab": lambda t: t == t.lower() and "_" not in t,
    "snake": lambda t: t == t.lower() and "-" not in t,
    "camel": lambda t: "_" not in t and "-" not in t and not t[:1].isupper(),
}


@register
class TagStyle(Rule):
    """What it does: reports tags that do not follow the vault's naming style.

    Why: one style (`social-justice`, `social_justice`, `socialJustice`) makes tags easy to
    guess and to type. Off by default. `[tags] style` is `kebab`, `snake`, `camel`, `lower`
    or `any` (then the style most multi-word tags already use).

    Example:
        style = "kebab"; a note tagged `#social_justice`.

    Fix safety: no automatic fix.
    """

    code = "TAG005"
    name = "tag-style"
    severity = Severity.INFO
    default_enabled = False

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        style = ctx.option("tags", "style")
        found = list(valid_tags(ctx))
        if style == "any":
            multi = [t.name for _, t in found if re.search(r"[-_]|[a-z][A-Z]", t.name)]
            counts = Counter(s for s in ("kebab", "snake", "camel") for n in multi if _STYLES[s](n))
            if not counts:
                return
            style = dominant(counts)
        for note, tag in found:
            if not _STYLES[style](tag.name):
                yield self.report(note.path, tag.span, f"Tag `{tag.name}` is not {style}-case")


@register
class NearDuplicateTags(Rule):
    """What it does: reports tags that differ only by `-`, `_` or case from a more common tag.

    Why: `social_justice`, `social-justice` and `socialjustice` split one topic three ways.
    Off by default.

    Example:
        `#social-justice` in 2 notes while `#social_justice` is in 9.

    Fix safety: no automatic fix.
    """

    code = "TAG007"
    name = "near-duplicate-tags"
    severity = Severity.INFO
    default_enabled = False

    def check_vault(self, ctx: Context) -> Iterable[Diagnostic]:
        def key(name: str) -> str:
            return re.sub(r"[-_]", "", name.casefold())

        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for _, tag in valid_tags(ctx):
            spellings[key(tag.name)][tag.name.casefold()] += 1
        usual_spelling = {k: dominant(c) for k, c in spellings.items() if len(c) > 1}
        for note, tag in valid_tags(ctx):
            usual = usual_spelling.get(key(tag.name))
            if usual is not None and tag.name.casefold() != usual:
                count = spellings[key(tag.name)][usual]
                yield self.report(
                    note.path,
                    tag.span,
                    f"Tag `{tag.name}` looks like `{usual}` (used {times(count)})",
                )
