"""TAG rules: frontmatter and inline tags, one at a time and across the vault."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from pathlib import Path

from vaultcheck.core.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, times
from vaultcheck.core.model import Note, Tag
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.rules.shared.fixes import replace_scalar

_FORBIDDEN = re.compile(r"[\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]")


@lru_cache(maxsize=8192)  # a vault uses few tags, each in many notes
def tag_problem(name: str) -> str | None:
    """Why ``name`` is not a valid Obsidian tag, or ``None`` when it is."""
    if not name:
        return "it is empty"
    bad = _FORBIDDEN.search(name)
    if bad:
        char = bad.group()
        return "tags cannot contain spaces" if char.isspace() else f"tags cannot contain `{char}`"
    digits = name.replace("/", "")
    if digits.isascii() and digits.isdigit():  # as JavaScript's `\d`: `۱۴۰۲` is a tag
        return "tags need at least one character that is not a digit"
    return None


def tag_key(name: str) -> str:
    """A tag as Obsidian compares it, without case: JavaScript's ``toLowerCase()``, which
    Python's ``lower()`` matches. Not ``casefold()``: `Strasse` is not `Straße`, `file` not
    `ﬁle`; those are other spellings, which Obsidian keeps apart."""
    return name.lower()


def valid_tags(ctx: Context) -> Iterator[tuple[Note, Tag]]:
    for note in ctx.vault:
        for tag in note.tags:
            if tag_problem(tag.name) is None:
                yield note, tag


def tag_names(note: Note) -> tuple[str, ...]:
    """The note's valid tags as written: what TAG002 compares across the vault."""
    names = tuple(map(_name, note.tags))
    if not any(map(tag_problem, names)):  # all valid (a problem is a message): in C
        return names
    return tuple(name for name in names if tag_problem(name) is None)


_name = attrgetter("name")


def count_spellings(names: Iterable[tuple[str, ...]]) -> dict[str, Counter[str]]:
    """Folded tag -> Counter of its spellings, over some notes' :func:`tag_names`."""
    # Each spelling counted in C, then grouped by its folded form: keys and spellings come
    # in the order they were first met, as when counted one by one.
    spellings: dict[str, Counter[str]] = {}
    for name, count in Counter(chain.from_iterable(names)).items():
        key = tag_key(name)
        found = spellings.get(key)
        if found is None:
            found = spellings[key] = Counter()
        found[name] = count
    return spellings


def tag_spellings(ctx: Context) -> dict[str, Counter[str]]:
    """The vault's :func:`count_spellings`, counted once per run (or given by the engine)."""
    if ctx.spellings is None:
        ctx.spellings = count_spellings(tag_names(note) for note in ctx.vault)
    return ctx.spellings


def retag(note: Note, tag: Tag, new: str) -> Edit | None:
    """An edit writing ``tag`` as ``new``, when the tag's span holds exactly that tag."""
    written = note.text[tag.span.start : tag.span.end]
    if not tag.in_frontmatter:
        return Edit(tag.span.start, tag.span.end, "#" + new) if written[1:] == tag.name else None
    if written.strip("'\"").lstrip("#") != tag.name:
        return None  # one string holding several tags: no single span to rewrite
    return replace_scalar(note, tag.span, new)


def dominant(counter: Counter[str]) -> str:
    """The most used spelling; on a tie, the lower-case one, then the first alphabetically."""
    return min(counter, key=lambda s: (-counter[s], s != s.lower(), s))


@register
class InvalidTag(Rule):
    """What it does: reports a frontmatter tag that Obsidian cannot use as a tag.

    Why: tags may hold letters, digits, `_`, `-` and `/`, and need one non-digit; anything
    else makes Obsidian drop or split the tag, so searches for it miss the note.

    Example:
        tags: [social justice, 1984]

    Fix safety: no automatic fix.
    """

    code = "TAG001"
    name = "invalid-tag"
    needs = "tags"

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        for tag in note.tags:
            if tag.in_frontmatter:
                problem = tag_problem(tag.name)
                if problem is not None:
                    yield self.report(note.path, tag.span, f"Invalid tag `{tag.name}`: {problem}")


@register
class TagCaseVariants(Rule):
    """What it does: reports a tag written in a casing other than its most common one.

    Why: Obsidian treats `#Psychology` and `#psychology` as one tag but shows whichever it
    met first, and other tools (publishers, scripts, Dataview) treat them as two.

    Example:
        `#psychology` in 12 notes and `#Psychology` in one.

    Fix safety: unsafe (applied with `--unsafe-fixes`): the tag is rewritten in the dominant
    casing, which may not be the one the author wants.
    """

    code = "TAG002"
    name = "tag-case-variants"
    needs = "tags"
    severity = Severity.WARNING
    fixable = "unsafe"

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return notes if _varied(tag_spellings(ctx), ctx) else []

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        spellings = tag_spellings(ctx)
        if not _varied(spellings, ctx):
            return  # every tag of the vault is written one way
        for tag in note.tags:
            variants = spellings.get(tag_key(tag.name))
            if variants is None or len(variants) < 2 or tag_problem(tag.name) is not None:
                continue
            usual = dominant(variants)
            if tag.name != usual:
                count = variants[usual]
                edit = retag(note, tag, usual)
                fix = Fix((edit,), Applicability.UNSAFE, f"Write `{usual}`") if edit else None
                yield self.report(
                    note.path,
                    tag.span,
                    f"Tag `{tag.name}` is also written `{usual}` ({times(count)}); pick one casing",
                    fix,
                )


def _varied(spellings: dict[str, Counter[str]], ctx: Context) -> bool:
    """Whether some tag of ``spellings`` is written in two ways (worked out once per run)."""
    known: tuple[dict[str, Counter[str]], bool] | None = ctx.memo.get("tag-variants")
    if known is None or known[0] is not spellings:
        known = ctx.memo["tag-variants"] = (
            spellings,
            any(len(variants) > 1 for variants in spellings.values()),
        )
    return known[1]


def _vocabulary(ctx: Context) -> set[str] | None:
    allowed = list(ctx.option("tags", "allowed"))
    file_name = ctx.option("tags", "allowed-file")
    if file_name:
        path = Path(file_name)
        if not path.is_absolute():
            base = ctx.config.path.parent if ctx.config.path else ctx.vault.root
            path = base / path
        try:
            lines = path.read_text("utf-8-sig").splitlines()  # without a byte order mark
        except OSError:
            lines = []
        allowed += [
            line.strip().lstrip("#") for line in lines if line.strip() and not line.startswith("//")
        ]
    return {tag_key(t) for t in allowed} if allowed else None


def _known_vocabulary(ctx: Context) -> set[str] | None:
    """:func:`_vocabulary`, read once per run (it may come from a file)."""
    if "vocabulary" not in ctx.memo:
        ctx.memo["vocabulary"] = _vocabulary(ctx)
    vocabulary: set[str] | None = ctx.memo["vocabulary"]
    return vocabulary


@register
class UnknownTag(Rule):
    """What it does: reports a tag that is not in the vault's tag vocabulary.

    Why: a controlled vocabulary keeps tags from drifting into near-synonyms; a tag outside
    it is usually a typo. Active only when `[tags] allowed` or `allowed-file` is set; a nested
    tag is known when it or one of its parents is listed.

    Example:
        allowed = ["psychology", "framework"]; a note tagged `#psycology`.

    Fix safety: no automatic fix.
    """

    code = "TAG003"
    name = "unknown-tag"
    needs = "tags"
    severity = Severity.WARNING

    def worth_checking(self, notes: list[Note], ctx: Context) -> list[Note]:
        return notes if _known_vocabulary(ctx) is not None else []

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        vocabulary = _known_vocabulary(ctx)
        if vocabulary is None:
            return
        for tag in note.tags:
            if tag_problem(tag.name) is not None:
                continue
            parts = tag_key(tag.name).split("/")
            if any("/".join(parts[: i + 1]) in vocabulary for i in range(len(parts))):
                continue
            message = f"Unknown tag `{tag.name}`: not in the allowed tags"
            import difflib  # here: only a vault with a tag vocabulary needs it (1 ms)

            close = difflib.get_close_matches(tag_key(tag.name), vocabulary, n=1, cutoff=0.7)
            if close:
                message += f"; did you mean `{close[0]}`?"
            yield self.report(note.path, tag.span, message)
