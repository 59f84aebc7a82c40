"""``vaultcheck init``: write a config fitted to the vault, and say why each setting was chosen."""

from __future__ import annotations

import glob
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vaultcheck.errors import UsageError
from vaultcheck.rules.tags import tag_problem
from vaultcheck.scan import CONFIG_NAMES, find_vault_root
from vaultcheck.vault import Vault, load_vault

#: A key missing from at most this share of notes is named as one to require later.
NEARLY_EVERY_NOTE = 0.9
#: Fewer multi-word tags than this say nothing about a naming style.
MIN_STYLE_EVIDENCE = 5


@dataclass
class Inferred:
    """Settings read off a vault, each with the reason it was chosen."""

    templates: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)
    tag_style: str = "any"
    bibliography: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _templates_folders(root: Path, inferred: Inferred) -> None:
    """The folders of Obsidian's Templates core plugin and of Templater, when they exist.

    Templates hold placeholders (`{{date}}`, `<% tp.file.title %>`) that are not valid YAML
    or links until applied, so their problems are noise. They are not excluded from the
    vault: notes link to them and embed files kept beside them, which must still resolve."""
    settings = (
        (".obsidian/templates.json", "folder", "the Templates core plugin"),
        (
            ".obsidian/plugins/templater-obsidian/data.json",
            "templates_folder",
            "the Templater plugin",
        ),
    )
    for file, key, owner in settings:
        try:
            data = json.loads((root / file).read_text("utf-8"))
        except (OSError, ValueError):
            continue
        folder = data.get(key) if isinstance(data, dict) else None
        if not isinstance(folder, str):
            continue
        folder = folder.strip().strip("/")
        if folder and folder not in inferred.templates and (root / folder).is_dir():
            inferred.templates.append(folder)
            inferred.reasons.append(
                f"templates `{folder}/`: the templates folder of {owner} ({file}); "
                "its notes are still linked to but their problems are not reported"
            )


def _in_templates(path: str, inferred: Inferred) -> bool:
    return any(path.startswith(folder + "/") for folder in inferred.templates)


def _required(vault: Vault, inferred: Inferred) -> None:
    """Require the keys every note already has, so FM004 starts with nothing to report.

    A key most notes have is named, not required: requiring it would add one error per
    note that lacks it to the first report."""
    total = skipped = 0
    counts: Counter[str] = Counter()
    for note in vault:
        fm = note.frontmatter
        unreadable = fm is not None and (fm.error is not None or not fm.is_mapping or fm.unclosed)
        if unreadable or _in_templates(note.path, inferred):
            skipped += 1  # templates are not reported; FM004 skips unreadable properties
            continue
        total += 1
        if fm is not None:
            counts.update({entry.key for entry in fm.entries})
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count == total:
            inferred.required.append(key)
            inferred.reasons.append(f"required `{key}`: present in all {total} notes")
        elif count / total >= NEARLY_EVERY_NOTE:
            inferred.reasons.append(
                f"not required `{key}`: present in {count} of {total} notes "
                f"({count / total:.0%}); require it once the other {total - count} have it"
            )
    if not inferred.required:
        left_out = f" ({skipped} templates or unreadable left out)" if skipped else ""
        inferred.reasons.append(f"no required keys: none is present in all {total} notes{left_out}")


def _tag_style(vault: Vault, inferred: Inferred) -> None:
    styles: Counter[str] = Counter()
    for note in vault:
        for tag in note.tags:
            name = tag.name
            if tag_problem(name) is not None:
                continue
            if "-" in name and "_" not in name and name == name.lower():
                styles["kebab"] += 1
            elif "_" in name and "-" not in name and name == name.lower():
                styles["snake"] += 1
            elif re.search(r"[a-z][A-Z]", name):
                styles["camel"] += 1
    if sum(styles.values()) < MIN_STYLE_EVIDENCE:
        inferred.reasons.append(
            f"tag style `any`: {sum(styles.values())} multi-word tags are too few to learn from"
        )
        return
    style, count = styles.most_common(1)[0]
    share = count / sum(styles.values())
    if share >= 0.8:
        inferred.tag_style = style
        inferred.reasons.append(
            f"tag style `{style}`: {count} of {sum(styles.values())} multi-word tags ({share:.0%})"
        )
    else:
        inferred.reasons.append("tag style `any`: no style is used by 80% of multi-word tags")


def _is_csl_json(path: Path) -> bool:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(item, dict) and "id" in item and "type" in item for item in data[:20])
    )


def _bibliography(vault: Vault, inferred: Inferred) -> None:
    for path in sorted(vault.attachments):
        lower = path.lower()
        if lower.endswith(".bib") or (lower.endswith(".json") and _is_csl_json(vault.root / path)):
            inferred.bibliography.append(path)
            inferred.reasons.append(f"bibliography `{path}`: found in the vault")


def infer(vault: Vault) -> Inferred:
    """Everything ``init`` would write, with reasons."""
    inferred = Inferred()
    _templates_folders(vault.root, inferred)
    _required(vault, inferred)
    _tag_style(vault, inferred)
    _bibliography(vault, inferred)
    return inferred


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def render(inferred: Inferred) -> str:
    """The config file text."""
    lines = ["# Written by `vaultcheck init`; see docs/configuration.md for every setting.", ""]
    if inferred.templates:
        lines += ["[per-file-ignores]  # templates: placeholders are not problems"]
        for folder in inferred.templates:
            lines.append(f'{json.dumps(glob.escape(folder) + "/**")} = ["ALL"]')
        lines.append("")
    lines += ["[frontmatter]", f"required = {_toml_list(inferred.required)}", ""]
    lines += ["[tags]", f'style = "{inferred.tag_style}"', ""]
    if inferred.bibliography:
        lines += ["[citations]", f"bibliography = {_toml_list(inferred.bibliography)}", ""]
    return "\n".join(lines)


def run_init(path: Path | None, force: bool, out: TextIO | None = None) -> int:
    """Write ``.vaultcheck.toml`` in the vault root; refuse to overwrite without ``force``."""
    out = out or sys.stdout
    start = path or Path.cwd()
    if not start.is_dir():
        raise UsageError(f"not a folder: {start}")
    root = find_vault_root(start)
    existing = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
    if existing and not force:
        raise UsageError(f"{existing[0]} already exists; pass --force to overwrite it")
    vault = load_vault(root)
    inferred = infer(vault)
    target = existing[0] if existing else root / ".vaultcheck.toml"
    target.write_text(render(inferred), encoding="utf-8")
    out.write(f"Read {len(vault.notes)} notes in {root}\n")
    for reason in inferred.reasons:
        out.write(f"  - {reason}\n")
    out.write(f"Wrote {target}\n")
    return 0
