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

from vaultcheck.core.config import CONFIG_NAMES, Config, parse_config
from vaultcheck.core.diagnostics import counted
from vaultcheck.core.errors import UsageError
from vaultcheck.core.model import Note
from vaultcheck.engine.checking import run_note_rules
from vaultcheck.rules import REGISTRY, Context
from vaultcheck.rules.shared import references
from vaultcheck.rules.tags import tag_problem
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.obsidian import templates_folders
from vaultcheck.vault.scan import marked_root

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
    #: Rules off by default that the vault's own conventions call for.
    extend_select: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _templates_folders(root: Path, inferred: Inferred) -> None:
    """The templates folders Obsidian's settings name (``obsidian.templates_folders``)."""
    for found in templates_folders(root):
        inferred.templates.append(found.folder)
        inferred.reasons.append(
            f"templates `{found.folder}/`: the templates folder of {found.owner} "
            f"({found.file}); its notes are still linked to but their problems are not reported"
        )


def _in_templates(path: str, inferred: Inferred) -> bool:
    return any(path.startswith(folder + "/") for folder in inferred.templates)


def _markdown_notes(vault: Vault) -> list[Note]:
    """The notes proper: a canvas or a base has no properties, and counted as a note it
    stopped every key from being "present in every note"."""
    return [note for note in vault if note.path.lower().endswith(".md")]


def _required(vault: Vault, inferred: Inferred) -> None:
    """Require the keys every note already has, so FM004 starts with nothing to report.

    A key most notes have is named, not required: requiring it would add one error per
    note that lacks it to the first report."""
    total = skipped = 0
    counts: Counter[str] = Counter()
    for note in _markdown_notes(vault):
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
            inferred.reasons.append(
                f"required `{key}`: present in every note ({counted(total, 'note')})"
            )
        elif count / total >= NEARLY_EVERY_NOTE:
            inferred.reasons.append(
                f"not required `{key}`: present in {count} of {counted(total, 'note')} "
                f"({count / total:.0%}); require it once the other {total - count} have it"
            )
    if not inferred.required:
        left_out = f"; {skipped} templates or unreadable left out" if skipped else ""
        inferred.reasons.append(
            f"no required keys: none is present in every note ({counted(total, 'note')}{left_out})"
        )


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


def _would_find(vault: Vault, inferred: Inferred, codes: list[str], config: Config) -> int:
    """How many problems the rules ``codes`` would report now (templates left out)."""
    rules = [REGISTRY[code]() for code in codes]
    ctx = Context(vault, LinkIndex(vault, Counter()), config)
    notes = [note for note in vault if not _in_templates(note.path, inferred)]
    return len(run_note_rules(ctx, rules, notes))


def _bibliography(vault: Vault, inferred: Inferred) -> None:
    found = []
    for path in sorted(vault.attachments):
        lower = path.lower()
        if lower.endswith(".bib") or (lower.endswith(".json") and _is_csl_json(vault.root / path)):
            found.append(path)
    if not found:
        return
    # A bibliography turns CIT002 on: only when it finds nothing, so the report never grows.
    config = parse_config({"citations": {"bibliography": found}}, vault.root / ".vaultcheck.toml")
    problems = _would_find(vault, inferred, ["CIT002"], config)
    listed = ", ".join(f"`{p}`" for p in found)
    if problems:
        inferred.reasons.append(
            f"bibliography {listed} not set: CIT002 would report {counted(problems, 'citation')} "
            "it does not list; set `[citations] bibliography` once they are fixed"
        )
        return
    inferred.bibliography = found
    inferred.reasons.append(f"bibliography {listed}: found in the vault")


def _reference_lists(vault: Vault, inferred: Inferred) -> None:
    pattern = str(Config().option("citations", "section"))
    with_lists = sum(1 for note in vault if references.entries(note, pattern))
    if not with_lists:
        return
    keep = "keeps" if with_lists == 1 else "keep"
    lists = f"{counted(with_lists, 'note')} {keep} a reference list (`## References`, ...)"
    # Turned on only when they find nothing now: they then guard new entries, and the
    # first report does not grow.
    problems = _would_find(vault, inferred, ["CIT003", "CIT004"], Config())
    if problems:
        inferred.reasons.append(
            f"CIT003, CIT004 not turned on although {lists}: they would report "
            f"{counted(problems, 'problem')} (`vaultcheck lint --extend-select CIT003,CIT004` "
            "shows them); turn them on once those are fixed"
        )
        return
    inferred.extend_select += ["CIT003", "CIT004"]
    inferred.reasons.append(f"CIT003, CIT004 on: {lists}")


def infer(vault: Vault) -> Inferred:
    """Everything ``init`` would write, with reasons."""
    inferred = Inferred()
    _templates_folders(vault.root, inferred)
    _required(vault, inferred)
    _tag_style(vault, inferred)
    _bibliography(vault, inferred)
    _reference_lists(vault, inferred)
    return inferred


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def render(inferred: Inferred) -> str:
    """The config file text."""
    lines = ["# Written by `vaultcheck init`; see docs/configuration.md for every setting.", ""]
    if inferred.extend_select:
        lines += [f"extend-select = {_toml_list(inferred.extend_select)}", ""]
    if inferred.templates:  # a table: after every top-level key
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
    # The folder named is the vault unless a marked vault holds it: a config written
    # there marks it, so a notes folder of a larger repository stays its own vault.
    root = marked_root(start.resolve()) or start.resolve()
    existing = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
    if existing and not force:
        raise UsageError(f"{existing[0]} already exists; pass --force to overwrite it")
    vault = load_vault(root)
    inferred = infer(vault)
    target = existing[0] if existing else root / ".vaultcheck.toml"
    target.write_text(render(inferred), encoding="utf-8")
    out.write(f"Read {counted(len(_markdown_notes(vault)), 'note')} in {root}\n")
    for reason in inferred.reasons:
        out.write(f"  - {reason}\n")
    out.write(f"Wrote {target}\n")
    return 0
