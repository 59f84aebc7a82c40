"""Which notes are templates: Markdown notes in the folders of the Templates core plugin or
Templater (read from ``.obsidian/`` once per run)."""

from __future__ import annotations

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
