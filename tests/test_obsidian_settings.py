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


def test_check_templates_reports_them(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {**FILES, ".vaultcheck.toml": "check-templates = true\n"})
    codes = sorted(
        {(line.split(": ")[0].rsplit(":", 2)[0], line.split()[1]) for line in lint(root)}
    )
    assert codes == [
        (f"{root}/Note.md", "LNK001"),
        (f"{root}/Tpl/Daily.md", "FM001"),
        (f"{root}/Tpl/Daily.md", "LNK001"),
        (f"{root}/Tt/Meeting.md", "LNK001"),
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
