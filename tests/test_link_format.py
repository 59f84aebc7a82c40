"""LNK010 link-format: links in the form `.obsidian/app.json` asks for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import as_rows, write_vault
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.fixing.fixer import fix_vault
from vaultcheck.rules.selection import select_rules

FILES: dict[str, str | bytes] = {
    "Projects/Alpha/Plan.md": "# Plan\n",
    "Projects/Notes.md": "[[Projects/Alpha/Plan]] [[Plan]] [[Alpha/Plan|p]] [x](Alpha/Plan.md)\n",
}


def rows(root: Path, settings: dict[str, object]) -> list[tuple[str, str, int, int, str]]:
    (root / ".obsidian" / "app.json").write_text(json.dumps(settings))
    return as_rows(lint(root, select_rules(["LNK010"]), config=Config()).diagnostics)


def test_link_format_follows_the_settings(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    note = "Projects/Notes.md"
    assert rows(root, {}) == []  # neither setting: nothing to enforce
    assert rows(root, {"newLinkFormat": "shortest"}) == [
        (
            "LNK010",
            note,
            1,
            1,
            "Link written as `Projects/Alpha/Plan`; the vault's link format (shortest, "
            "newLinkFormat) is `Plan`",
        ),
        (
            "LNK010",
            note,
            1,
            34,
            "Link written as `Alpha/Plan`; the vault's link format (shortest, newLinkFormat) "
            "is `Plan`",
        ),
        (
            "LNK010",
            note,
            1,
            51,
            "Markdown link in a vault that writes wikilinks (useMarkdownLinks is off)",
        ),
    ]
    absolute = rows(root, {"newLinkFormat": "absolute"})
    assert [(r[3], r[4].split(";")[0]) for r in absolute] == [
        (25, "Link written as `Plan`"),
        (34, "Link written as `Alpha/Plan`"),
        (51, "Markdown link in a vault that writes wikilinks (useMarkdownLinks is off)"),
    ]
    relative = rows(root, {"newLinkFormat": "relative"})
    assert [(r[3], r[4]) for r in relative][:2] == [
        (
            1,
            "Link written as `Projects/Alpha/Plan`; the vault's link format (relative, "
            "newLinkFormat) is `Alpha/Plan`",
        ),
        (
            25,
            "Link written as `Plan`; the vault's link format (relative, newLinkFormat) is "
            "`Alpha/Plan`",
        ),
    ]
    markdown = rows(root, {"useMarkdownLinks": True})
    assert [r[3] for r in markdown] == [1, 25, 34, 51]  # the last: its path, not its syntax
    assert {r[4] for r in markdown[:3]} == {
        "Wikilink in a vault that writes Markdown links (useMarkdownLinks)"
    }


def test_link_format_fix_keeps_the_target(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    (root / ".obsidian" / "app.json").write_text('{"newLinkFormat": "shortest"}')
    outcome = fix_vault(root, select_rules(["LNK010"]), Config())
    assert outcome.changed == {
        "Projects/Notes.md": "[[Plan]] [[Plan]] [[Plan|p]] [x](Alpha/Plan.md)\n"
    }
