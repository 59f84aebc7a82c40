"""``vaultcheck init``: write a config fitted to the vault, and say why each setting was chosen."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vaultcheck import references
from vaultcheck.config import Config
from vaultcheck.diagnostics import counted
from vaultcheck.errors import UsageError
from vaultcheck.rules.tags import tag_problem
from vaultcheck.scan import CONFIG_NAMES, find_vault_root
from vaultcheck.vault import Vault, load_vault

#: A key present in at least this share of notes becomes required.
REQUIRED_SHARE = 0.9
#: Fewer multi-word tags than this say nothing about a naming style.
MIN_STYLE_EVIDENCE = 5


@dataclass
class Inferred:
    """Settings read off a vault, each with the reason it was chosen."""

    required: list[str] = field(default_factory=list)
    tag_style: str = "any"
    bibliography: list[str] = field(default_factory=list)
    #: Rules off by default that the vault's own conventions call for.
    extend_select: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _required(vault: Vault, inferred: Inferred) -> None:
    total = len(vault.notes)
    counts: Counter[str] = Counter()
    for note in vault:
        fm = note.frontmatter
        if fm is not None and fm.error is None and fm.is_mapping:
            counts.update({entry.key for entry in fm.entries})
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if total and count / total >= REQUIRED_SHARE:
            inferred.required.append(key)
            inferred.reasons.append(
                f"required `{key}`: present in {count} of {counted(total, 'note')} "
                f"({count / total:.0%})"
            )
    if not inferred.required:
        inferred.reasons.append(
            f"no required keys: none is present in {REQUIRED_SHARE:.0%} of {counted(total, 'note')}"
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


def _bibliography(vault: Vault, inferred: Inferred) -> None:
    for path in sorted(vault.attachments):
        lower = path.lower()
        if lower.endswith(".bib") or (lower.endswith(".json") and _is_csl_json(vault.root / path)):
            inferred.bibliography.append(path)
            inferred.reasons.append(f"bibliography `{path}`: found in the vault")


def _reference_lists(vault: Vault, inferred: Inferred) -> None:
    pattern = str(Config().option("citations", "section"))
    with_lists = sum(1 for note in vault if references.entries(note, pattern))
    if with_lists:
        inferred.extend_select += ["CIT003", "CIT004"]
        keep = "keeps" if with_lists == 1 else "keep"
        inferred.reasons.append(
            f"CIT003, CIT004 on: {counted(with_lists, 'note')} {keep} a reference list"
            " (`## References`, ...)"
        )


def infer(vault: Vault) -> Inferred:
    """Everything ``init`` would write, with reasons."""
    inferred = Inferred()
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
    out.write(f"Read {counted(len(vault.notes), 'note')} in {root}\n")
    for reason in inferred.reasons:
        out.write(f"  - {reason}\n")
    out.write(f"Wrote {target}\n")
    return 0
