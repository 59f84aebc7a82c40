"""``vaultcheck init``: inferred settings, reasons, and no silent overwrite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import CORPORA, corpus, write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import load_config

runner = CliRunner()


def test_init_infers_required_keys_tag_style_and_bibliography(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"n{i}.md": f"---\ntitle: N{i}\ntags: [deep-work, time-blocking]\n"
        + ("created: 2025-01-01\n" if i < 9 else "")
        + "---\n"
        for i in range(10)
    }
    files["refs.bib"] = "@book{a, title={x}}\n"
    files["data.json"] = '{"not": "csl"}'
    write_vault(tmp_path, files)
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Read 10 notes in {tmp_path}",
        "  - required `tags`: present in every note (10 notes)",
        "  - required `title`: present in every note (10 notes)",
        "  - not required `created`: present in 9 of 10 notes (90%);"
        " require it once the other 1 have it",
        "  - tag style `kebab`: 20 of 20 multi-word tags (100%)",
        "  - bibliography `refs.bib`: found in the vault",
        f"Wrote {tmp_path / '.vaultcheck.toml'}",
    ]
    config = load_config(tmp_path)
    assert config.option("frontmatter", "required") == ["tags", "title"]
    assert config.option("tags", "style") == "kebab"
    assert config.option("citations", "bibliography") == ["refs.bib"]
    # The written config lints the vault it came from without a new problem.
    lint = runner.invoke(app, ["lint", str(tmp_path), "--select", "FM004"])
    assert (lint.exit_code, lint.stdout) == (0, "All checks passed!\n")


def test_a_canvas_or_a_base_does_not_stop_a_key_being_required(tmp_path: Path) -> None:
    """Counted as notes without properties, one canvas made `title` "present in no note but
    3 of 4": `init` wrote `required = []` and said it read 5 notes."""
    notes = {f"{n}.md": f"---\ntitle: {n}\n---\n[[A]]\n" for n in "ABC"}
    files: dict[str, str | bytes] = {**notes, "b.canvas": '{"nodes":[]}', "v.base": "views: []\n"}
    write_vault(tmp_path, files)
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        f"Read 3 notes in {tmp_path}",
        "  - required `title`: present in every note (3 notes)",
    ]
    assert load_config(tmp_path).option("frontmatter", "required") == ["title"]


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "x\n", ".vaultcheck.toml": "# mine\n"})
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists; pass --force" in result.stderr
    assert (tmp_path / ".vaultcheck.toml").read_text() == "# mine\n"
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / ".vaultcheck.toml").read_text().startswith("# Written by `vaultcheck init`")


def test_init_in_a_notes_folder_of_a_repository_writes_its_config_there(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("x\n")
    (tmp_path / "README.md").write_text("not a note of the vault\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = runner.invoke(app, ["init", str(tmp_path / "notes")])
    assert result.exit_code == 0, result.stdout
    assert (tmp_path / "notes" / ".vaultcheck.toml").is_file()
    assert not (tmp_path / ".vaultcheck.toml").exists()
    assert result.stdout.startswith(f"Read 1 note in {tmp_path / 'notes'}")


def _findings(root: Path) -> list[str]:
    """Each finding of a cold default lint of ``root``, as ``path:line:col: CODE``."""
    result = runner.invoke(
        app, ["lint", str(root), "--no-cache", "--exit-zero", "--output-format", "json"]
    )
    assert result.exit_code == 0, result.output
    return [
        f"{d['path']}:{d['line']}:{d['column']}: {d['code']}" for d in json.loads(result.stdout)
    ]


@pytest.mark.parametrize("templates_file", ["core", "templater"])
def test_init_leaves_the_templates_folder_out_of_the_report_but_in_the_vault(
    tmp_path: Path, templates_file: str
) -> None:
    settings = (
        {".obsidian/templates.json": '{"folder": "Meta/Templates/"}'}
        if templates_file == "core"
        else {
            ".obsidian/plugins/templater-obsidian/data.json": (
                '{"templates_folder": "Meta/Templates", "trigger_on_file_creation": true}'
            )
        }
    )
    write_vault(
        tmp_path,
        {
            **settings,
            "Meta/Templates/Book.md": "---\ncreated: {{date}}\n---\n# {{title}}\n[[{{author}}]]\n",
            "Meta/Templates/books.base": "views: []\n",
            "Books.md": "---\ncreated: 2025-01-01\n---\nNew ones from [[Book]].\n![[books.base]]\n",
        },
    )
    # lint leaves the templates out by itself (check-templates is off by default) ...
    assert _findings(tmp_path) == []
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    owner = (
        "the Templates core plugin (.obsidian/templates.json)"
        if templates_file == "core"
        else "the Templater plugin (.obsidian/plugins/templater-obsidian/data.json)"
    )
    assert (
        f"  - templates `Meta/Templates/`: the templates folder of {owner}; "
        "its notes are still linked to but their problems are not reported"
    ) in result.stdout.splitlines()
    # ... and init writes the choice into the config, where it can be seen.
    assert '"Meta/Templates/**" = ["ALL"]' in (tmp_path / ".vaultcheck.toml").read_text()
    # The link to the template and the embed of the file beside it still resolve.
    assert _findings(tmp_path) == []


CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_init_never_makes_a_corpus_report_larger(tmp_path: Path, name: str) -> None:
    vault = tmp_path / name
    shutil.copytree(corpus(name), vault, ignore=shutil.ignore_patterns(".vaultcheck_cache"))
    before = _findings(vault)
    assert runner.invoke(app, ["init", str(vault)]).exit_code == 0
    after = _findings(vault)
    assert len(after) <= len(before)
    assert set(after) <= set(before), "init made a problem appear"


def test_init_turns_reference_checks_on_only_where_notes_keep_clean_reference_lists(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain"
    write_vault(plain, {"a.md": "### Source mode\n- Toggle it (2024 build)\n", "b.md": "x\n"})
    assert runner.invoke(app, ["init", str(plain)]).exit_code == 0
    assert "CIT003" not in (plain / ".vaultcheck.toml").read_text()
    cited = tmp_path / "cited"
    refs = "## 📚 Citations & Sources\n- Doe, J. (2001). Title.\n- Roe, R. (1999). Title.\n"
    write_vault(cited, {"a.md": refs, "b.md": "x\n"})
    result = runner.invoke(app, ["init", str(cited)])
    assert result.exit_code == 0
    assert "  - CIT003, CIT004 on: 1 note keeps a reference list (`## References`, ...)" in (
        result.stdout.splitlines()
    )
    assert load_config(cited).extend_select == ["CIT003", "CIT004"]
    # The config it wrote guards the list: a slip added later is reported by a plain lint.
    (cited / "a.md").write_text(refs + "- Poe, E. Title.\n")
    lint = runner.invoke(app, ["lint", str(cited), "--output-format", "concise"])
    assert "a.md:4:3: CIT003 Malformed reference: no year in parentheses" in lint.stdout


def test_init_leaves_reference_checks_off_when_they_would_grow_the_report(tmp_path: Path) -> None:
    refs = "## 📚 Citations & Sources\n- Doe, J. (2001). Title.\n- Roe, R. Title.\n"
    write_vault(tmp_path, {"a.md": refs, "b.md": "x\n", "refs.bib": "@book{doe, title={x}}\n"})
    (tmp_path / "c.md").write_text("As [@nobody2020] shows.\n")
    before = _findings(tmp_path)
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3:-1] == [
        "  - bibliography `refs.bib` not set: CIT002 would report 1 citation it does not list;"
        " set `[citations] bibliography` once they are fixed",
        "  - CIT003, CIT004 not turned on although 1 note keeps a reference list"
        " (`## References`, ...): they would report 1 problem"
        " (`vaultcheck lint --extend-select CIT003,CIT004` shows them);"
        " turn them on once those are fixed",
    ]
    assert _findings(tmp_path) == before
