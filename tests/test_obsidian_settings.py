"""Obsidian's settings: template notes (Templates core plugin, Templater) are not reported on
unless `check-templates = true`; links to them still resolve."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault.obsidian import TemplatesFolder, attachment_folder, templates_folders

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    ".obsidian/templates.json": '{"folder": "Tpl"}',
    ".obsidian/plugins/templater-obsidian/data.json": '{"templates_folder": "/Tt/"}',
    "Tpl/Daily.md": "---\ncreated: {{date}}\n---\nYesterday: [[{{yesterday}}]]\n",
    "Tt/Meeting.md": "---\ndate: <% tp.date.now() %>\n---\nSee [[<% tp.file.title %>]]\n",
    "Note.md": "Made from [[Daily]] and [[Meeting]]; see [[Missing]].\n",
}


def lint(root: Path) -> list[str]:
    result = runner.invoke(app, ["lint", str(root), "--output-format", "concise", "--no-cache"])
    return result.output.splitlines()[:-1]


def test_template_folders_are_read_from_both_settings(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    assert templates_folders(root) == [
        TemplatesFolder("Tpl", ".obsidian/templates.json", "the Templates core plugin"),
        TemplatesFolder(
            "Tt", ".obsidian/plugins/templater-obsidian/data.json", "the Templater plugin"
        ),
    ]


def test_templates_are_not_reported_but_still_resolve(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    assert lint(root) == [f"{root}/Note.md:1:42: LNK001 Broken link: no note named `Missing`"]


DAILY = """\
---
created: {{date}}
title: "{{title}}"
tags: [daily, {{date:YYYY}}]
up: "[[{{date:YYYY-MM}}]]"
---
# {{title}}
Yesterday: [[{{yesterday}}]], and [[Missing note]].
See [[Note#{{title}}]] and [[Note#No such heading]]; ![[{{title}}.png]]
"""

MEETING = """\
---
date: <% tp.date.now("YYYY-MM-DD") %>
modified: "<% tp.file.last_modified_date() %>"
rating: '<% tp.system.prompt("Rating") %>'
tag: meeting
up: [[Index]]
---
<%* const who = await tp.system.prompt("Who")
-%>
## With <% who %>
See [[<% tp.file.title %>]] and [[Nowhere]].
"""

CHECKED: dict[str, str | bytes] = {
    **FILES,
    ".vaultcheck.toml": 'check-templates = true\n[frontmatter]\ntypes = { rating = "number" }\n',
    "Tpl/Daily.md": DAILY,
    "Tpl/Broken.md": "---\ncreated: {{date}}\ntags: [a, b\n---\n",
    "Tt/Meeting.md": MEETING,
    "Index.md": "Links to [[Note]].\n",
}


def test_check_templates_reports_them_but_not_their_placeholders(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", CHECKED)
    assert [line.replace(f"{root}/", "") for line in lint(root)] == [
        "Note.md:1:42: LNK001 Broken link: no note named `Missing`",
        "Tpl/Broken.md:1:1: GR001 Orphan note: no links to or from other notes",
        # The unclosed list, not the unquoted `{{date}}` above it.
        "Tpl/Broken.md:4:1: FM001 Invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        "Tpl/Daily.md:8:35: LNK001 Broken link: no note named `Missing note`",
        "Tpl/Daily.md:9:28: LNK003 Missing heading: `Note.md` has no heading `No such heading`",
        "Tt/Meeting.md:5:1: FM008 [*] `tag` is no longer read by Obsidian; use `tags`",
        "Tt/Meeting.md:6:5: FM009 [*] `up` holds a nested YAML list, not a link: quote it, "
        'as in "[[Index]]"',
        "Tt/Meeting.md:11:33: LNK001 Broken link: no note named `Nowhere`",
    ]
    # Not reported, as each is a placeholder: Daily's YAML (`created: {{date}}` is a flow
    # mapping until applied), `[[{{yesterday}}]]` (LNK001), `#{{title}}` (LNK003),
    # `![[{{title}}.png]]` (LNK005); Meeting's `modified` (FM006), `rating` (FM005, typed
    # number) and `[[<% tp.file.title %>]]` (LNK001).


def test_placeholders_in_a_note_that_is_no_template_are_errors(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {**CHECKED, "Daily copy.md": DAILY}
    root = write_vault(tmp_path / "v", files)
    mine = [line for line in lint(root) if "Daily copy.md" in line]
    assert [line.split(": ", 1)[1] for line in mine] == [
        "FM001 Invalid YAML: found unhashable key (while constructing a mapping); "
        "template placeholders such as `{{date}}` must be quoted",
        "LNK001 Broken link: no note named `{{yesterday}}`",
        "LNK001 Broken link: no note named `Missing note`",
        "LNK003 Missing heading: `Note.md` has no heading `{{title}}`",
        "LNK003 Missing heading: `Note.md` has no heading `No such heading`",
        "LNK005 Missing attachment: no file named `{{title}}.png`",
    ]


def test_settings_that_are_missing_or_malformed_mean_unset(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            ".obsidian/templates.json": '{"folder": ["Tpl"]}',
            ".obsidian/plugins/templater-obsidian/data.json": "{not json",
            ".obsidian/app.json": '{"attachmentFolderPath": 3}',
            "Tpl/Daily.md": "---\ncreated: {{date}}\n---\n",
        },
    )
    assert templates_folders(root) == []
    assert attachment_folder(root) is None
    write_vault(root, {".obsidian/templates.json": '{"folder": "Gone"}'})
    assert templates_folders(root) == []  # a folder that does not exist


def test_attachment_folder_setting(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    for written, meant in [
        ("Attachments/", "Attachments"),
        ("/", ""),
        ("./", "./"),
        ("./img", "./img"),
    ]:
        (root / ".obsidian" / "app.json").write_text(f'{{"attachmentFolderPath": "{written}"}}')
        assert attachment_folder(root) == meant


def test_missing_attachment_says_where_new_attachments_go(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"Notes/Trip.md": "![[map.png]] ![[img/x.png]]\n"})
    expected = {
        None: "",
        "Attachments": "; new attachments go to `Attachments/` (attachmentFolderPath)",
        "/": "; new attachments go to the vault's root (attachmentFolderPath)",
        "./": "; new attachments go beside the note (attachmentFolderPath)",
        "./assets/": "; new attachments go to `Notes/assets/`, beside the note "
        "(attachmentFolderPath)",
    }
    for setting, where in expected.items():
        app_json = {} if setting is None else {"attachmentFolderPath": setting}
        (root / ".obsidian" / "app.json").write_text(json.dumps(app_json))
        assert [line for line in lint(root) if "LNK005" in line] == [
            f"{root}/Notes/Trip.md:1:1: LNK005 Missing attachment: no file named `map.png`{where}",
            # A path names its folder already.
            f"{root}/Notes/Trip.md:1:14: LNK005 Missing attachment: no file named `img/x.png`",
        ], setting


def test_a_templates_properties_are_read_as_once_applied(tmp_path: Path) -> None:
    config = (
        'check-templates = true\n[frontmatter]\nrequired = ["created"]\n'
        'types = { rating = "number", score = "number" }\n'
    )
    files: dict[str, str | bytes] = {
        **FILES,
        ".vaultcheck.toml": config,
        # Invalid YAML as written (a flow mapping), valid once `{{date}}` is a date.
        "Tpl/Book.md": "---\ncreated: {{date}}\nrating: high\nscore: {{score}}\n---\n[[Note]]\n",
        "Tpl/Idea.md": "---\ntitle: {{title}}\n---\n[[Note]]\n",
        "Note.md": "---\ncreated: 2025-01-01\n---\n[[Book]] [[Idea]] [[Meeting]] [[Daily]]\n",
    }
    root = write_vault(tmp_path / "v", files)
    assert [line.replace(f"{root}/", "") for line in lint(root)] == [
        "Tpl/Book.md:3:9: FM005 `rating` should be a number (per the config), not text",
        "Tpl/Idea.md:1:1: FM004 Missing required property `created`",
        "Tt/Meeting.md:1:1: FM004 Missing required property `created`",
    ]
    # Book's and Daily's `created: {{date}}` give the key; FM006 on it (a placeholder) and
    # FM005 on Book's `score: {{score}}` are not reported.
