"""Which notes are templates: Markdown notes in the folders of the Templates core plugin or
Templater (read from ``.obsidian/`` once per run); and a template's properties as they read
once its placeholders are applied."""

from __future__ import annotations

from vaultcheck.core.model import Frontmatter, Note
from vaultcheck.parse.frontmatter import parse_frontmatter
from vaultcheck.parse.placeholders import masked, placeholder_spans
from vaultcheck.parse.text import LineIndex
from vaultcheck.rules.base import Context
from vaultcheck.vault.obsidian import templates_folders


def template_folders(ctx: Context) -> tuple[str, ...]:
    """The templates folders, each ending in ``/``."""
    found = ctx.memo.get("template-folders")
    if found is None:
        found = tuple(f"{t.folder}/" for t in templates_folders(ctx.vault.root))
        ctx.memo["template-folders"] = found
    folders: tuple[str, ...] = found
    return folders


def is_template(path: str, ctx: Context) -> bool:
    """Whether the note at ``path`` is a template (a base or canvas kept there is not)."""
    return path.lower().endswith(".md") and path.startswith(template_folders(ctx))


def applied_frontmatter(note: Note, ctx: Context) -> Frontmatter | None:
    """The note's frontmatter as the property rules read it. For a template whose YAML is
    invalid as written and holds placeholders (`created: {{date}}`), the YAML with each
    placeholder read as a plain word of the same length (still invalid, or not): its keys
    and the values without placeholders are the template's own (a finding on a placeholder
    is dropped when settling). Otherwise the frontmatter as parsed."""
    fm = note.frontmatter
    if fm is None or fm.error is None or not is_template(note.path, ctx):
        return fm
    if not placeholder_spans(note.text[: fm.span.end]):
        return fm
    memo: dict[str, tuple[str, Frontmatter | None]] = ctx.memo.setdefault("applied", {})
    cached = memo.get(note.path)
    if cached is None or cached[0] != note.text:
        text = masked(note.text)
        memo.clear()  # notes are checked one after another: keep only the current one
        cached = memo[note.path] = (note.text, parse_frontmatter(text, LineIndex(text)).frontmatter)
    return cached[1] if cached[1] is not None else fm
