"""What Obsidian's own settings (``.obsidian/``) say about the vault: the templates folders and
where new attachments go. Missing or malformed settings mean "not set", never an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

#: (settings file, key, who owns it) for each place a templates folder is configured.
TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder", "the Templates core plugin"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder", "the Templater plugin"),
)


class TemplatesFolder(NamedTuple):
    """A folder of template notes, and the setting that names it."""

    folder: str
    file: str
    owner: str


def _read(root: Path, file: str) -> dict[str, Any]:
    try:
        data = json.loads((root / file).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def templates_folders(root: Path) -> list[TemplatesFolder]:
    """The folders of the Templates core plugin and of Templater that exist in the vault.

    Templates hold placeholders (`{{date}}`, `<% tp.file.title %>`) that are not valid YAML
    or links until applied, so they are not notes to lint. They stay in the vault: notes
    link to them and embed files kept beside them, which must still resolve."""
    found: list[TemplatesFolder] = []
    for file, key, owner in TEMPLATE_SETTINGS:
        folder = _read(root, file).get(key)
        if not isinstance(folder, str):
            continue
        folder = folder.strip().strip("/")
        known = any(f.folder == folder for f in found)
        if folder and not known and (root / folder).is_dir():
            found.append(TemplatesFolder(folder, file, owner))
    return found


def attachment_folder(root: Path) -> str | None:
    """``attachmentFolderPath`` of ``.obsidian/app.json``: ``""`` for the vault's root,
    ``./`` or ``./sub`` for beside the note, a folder otherwise; ``None`` when unset."""
    value = _read(root, ".obsidian/app.json").get("attachmentFolderPath")
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value in ("", "/"):
        return ""
    return value if value.startswith("./") or value == "." else value.strip("/")


def link_settings(root: Path) -> tuple[bool, str] | None:
    """(``useMarkdownLinks``, ``newLinkFormat``) of ``.obsidian/app.json``: how Obsidian
    writes new links (defaults: wikilinks, ``shortest``); ``None`` when neither is set."""
    data = _read(root, ".obsidian/app.json")
    if "useMarkdownLinks" not in data and "newLinkFormat" not in data:
        return None
    markdown = data.get("useMarkdownLinks") is True
    form = data.get("newLinkFormat")
    return markdown, form if form in ("shortest", "relative", "absolute") else "shortest"
