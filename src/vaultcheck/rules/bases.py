"""BASE001-BASE002: a `.base` file that is not valid, and property names no note has.

A base's `link("Name")` calls are links, checked by the LNK rules like `[[Name]]`.
"""

from __future__ import annotations

from collections.abc import Iterable

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.core.model import Note, Span
from vaultcheck.parse.bases import FILE_FIELDS, BaseDocument, PropertyUse, is_base
from vaultcheck.rules.base import Context, Rule, register
from vaultcheck.vault.build import LazyNotes, fold
from vaultcheck.vault.spelling import NameMatcher


@register
class InvalidBase(Rule):
    """What it does: reports a `.base` file that is not valid YAML, or not a mapping.

    Why: Obsidian cannot show the base at all: every view it embeds is empty. Common causes:
    an expression with `:` or `#` left unquoted, quotes that do not match, a hand edit that
    broke the indentation.

    Example:
        filters:
          and:
            - status == "done": yes     # a mapping, where an expression was meant

    Fix safety: no automatic fix.
    """

    code = "BASE001"
    name = "invalid-base"
    data_files_only = True

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not is_base(note.path) or note.encoding_problem is not None:
            return
        if base_document(note, ctx) is not None:
            return  # a valid base: no need to compose it again for the error
        import yaml

        from vaultcheck.parse.basedoc import compose

        try:
            root = compose(note.text)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            at = min(mark.index, len(note.text)) if mark is not None else 0
            line = (mark.line + 1) if mark is not None else 1
            column = (mark.column + 1) if mark is not None else 1
            problem = err.problem or err.context or "invalid YAML"
            yield self.report(
                note.path, Span(at, at, line, column, line, column), f"Invalid YAML: {problem}"
            )
            return
        except (yaml.YAMLError, RecursionError) as err:
            yield self.report(note.path, Span(0, 0, 1, 1, 1, 1), f"Invalid YAML: {err}")
            return
        if root is not None and not isinstance(root, yaml.MappingNode):
            yield self.report(
                note.path,
                Span(0, 0, 1, 1, 1, 1),
                "Not a base: the file must hold a mapping (filters, formulas, properties, views)",
            )


@register
class UnknownBaseProperty(Rule):
    """What it does: reports a property a base names that does not exist, when the name is
    close to one that does: a note property no note has (`note.x` or plain `x`), a built-in
    `file.x` field that Obsidian does not have, or a `formula.x` the base does not define.

    Why: the column, sort or group shows nothing and Obsidian does not say why; the usual
    cause is a typo or a property renamed in the notes. Checked: `properties`, each view's
    `order`, `sort` and `groupBy`, `formula.x` in expressions, and the bare names of filter
    and formula expressions (`rating > 3` reads the note property `rating`; functions,
    `this`, `file`, `note`, `formula`, names after `.`, quoted text and the list functions'
    `value`, `index` and `acc` are not properties). A note property no note has is reported
    only with a close existing name ("did you mean"): a base made for notes not written yet
    (a template's) names properties no note has on purpose.

    Example:
        filters: 'ratnig > 3'   # the notes have `rating`
        order:
          - file.name
          - auther        # the notes have `author`

    A base's check reads every note's property names, so an edit that adds, removes,
    renames or reorders a note's properties checks the vault's bases again; other edits
    do not.

    Fix safety: no automatic fix.
    """

    code = "BASE002"
    name = "unknown-base-property"
    severity = Severity.WARNING
    data_files_only = True

    def check_note(self, note: Note, ctx: Context) -> Iterable[Diagnostic]:
        if not is_base(note.path):
            return
        document = base_document(note, ctx)
        if document is None:
            return  # BASE001
        names, properties = _vault_properties(ctx)
        # Every note's property names were read: an edit that changes a note's can change
        # this finding (an incremental run compares them, :data:`PROPERTY_NAMES`).
        ctx.reads.setdefault(note.path, set()).add(PROPERTY_NAMES)
        file_fields = NameMatcher({name: name for name in FILE_FIELDS})
        formulas = NameMatcher({fold(name): name for name in document.formulas})
        for use in document.uses:
            message = _problem(use, names, properties, file_fields, formulas, document.formulas)
            if message is not None:
                yield self.report(note.path, use.span, message)


def base_document(base: Note, ctx: Context) -> BaseDocument | None:
    """:func:`read_base` of ``base``, read once per run: BASE001, BASE002 and LNK003 (a
    link's view) all need it, and composing YAML in Python is most of a run on a vault of
    bases (95 composes of kepano's 30 bases took 0.2 s of a 0.5 s run)."""
    documents: dict[tuple[str, str], BaseDocument | None] = ctx.memo.setdefault("bases", {})
    key = (base.path, base.text)
    if key not in documents:
        from vaultcheck.parse.basedoc import read_base  # PyYAML: for a vault with bases

        documents[key] = read_base(base.text)
    return documents[key]


def names_by_path(ctx: Context) -> list[str]:
    """The notes whose properties count (Markdown notes; canvases and bases have none)."""
    return [path for path in ctx.vault.notes if path.lower().endswith(".md")]


#: What a check reads when it reads the property names of every note, in place of a note's
#: path in ``Context.reads`` (not a path: it starts with a NUL). An incremental run checks
#: such a note again only when an edit changes a note's property names, not on every edit.
PROPERTY_NAMES = "\0property names"


def property_keys_of(note: Note) -> tuple[str, ...]:
    """The keys of a note's frontmatter, in order (what BASE002 reads of each note)."""
    fm = note.frontmatter
    return tuple(entry.key for entry in fm.entries) if fm is not None else ()


def vault_property_keys(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Each Markdown note's frontmatter keys (those with some), as an incremental run
    keeps them, or read from the notes (without recording a read of each: a check using
    them records :data:`PROPERTY_NAMES`)."""
    if ctx.property_keys is None:
        notes = ctx.vault.notes
        load = notes.load if isinstance(notes, LazyNotes) else notes.__getitem__
        found = {path: property_keys_of(load(path)) for path in names_by_path(ctx)}
        ctx.property_keys = {path: keys for path, keys in found.items() if keys}
    return ctx.property_keys


def _vault_properties(ctx: Context) -> tuple[dict[str, str], NameMatcher]:
    """Every property name of the vault's notes (folded -> as written), read once per run."""
    memo = ctx.memo.get("base-properties")
    if memo is None:
        names: dict[str, str] = {}
        keys = vault_property_keys(ctx)
        for path in names_by_path(ctx):
            for key in keys.get(path, ()):
                names.setdefault(fold(key), key)
        memo = ctx.memo["base-properties"] = (names, NameMatcher(names))
    found: tuple[dict[str, str], NameMatcher] = memo
    return found


def _problem(
    use: PropertyUse,
    names: dict[str, str],
    properties: NameMatcher,
    file_fields: NameMatcher,
    formulas: NameMatcher,
    defined: frozenset[str],
) -> str | None:
    name = use.name
    if name.startswith("file."):
        field = name[len("file.") :]
        if field in FILE_FIELDS or "." in field or "(" in field:
            return None
        close = file_fields.closest(fold(field))
        hint = f"; did you mean `file.{close}`?" if close else ""
        return f"`{name}`: files have no field `{field}`{hint}"
    if name.startswith("formula."):
        formula = name[len("formula.") :]
        if formula in defined:
            return None
        close = formulas.closest(fold(formula))
        hint = f"; did you mean `formula.{close}`?" if close else ""
        return f"`{name}`: this base defines no formula `{formula}`{hint}"
    if "(" in name or " " in name.strip():
        return None  # an expression, not a name
    key = name[len("note.") :] if name.startswith("note.") else name
    if "." in key or fold(key) in names:
        return None
    close = properties.closest(fold(key))
    if close is None:
        return None  # maybe a property of notes not written yet
    return f"No note has the property `{key}`; did you mean `{close}`?"
