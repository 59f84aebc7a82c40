"""``vaultcheck init``: inferred settings, reasons, and no silent overwrite."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli import app
from vaultcheck.config import load_config

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
        "  - required `tags`: present in 10 of 10 notes (100%)",
        "  - required `title`: present in 10 of 10 notes (100%)",
        "  - required `created`: present in 9 of 10 notes (90%)",
        "  - tag style `kebab`: 20 of 20 multi-word tags (100%)",
        "  - bibliography `refs.bib`: found in the vault",
        f"Wrote {tmp_path / '.vaultcheck.toml'}",
    ]
    config = load_config(tmp_path)
    assert config.option("frontmatter", "required") == ["tags", "title", "created"]
    assert config.option("tags", "style") == "kebab"
    assert config.option("citations", "bibliography") == ["refs.bib"]
    # The written config lints the vault it came from: only the note missing `created` fails.
    lint = runner.invoke(
        app, ["lint", str(tmp_path), "--select", "FM004", "--output-format", "concise"]
    )
    assert lint.stdout.splitlines()[0].endswith(
        "n9.md:1:1: FM004 Missing required property `created`"
    )


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "x\n", ".vaultcheck.toml": "# mine\n"})
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists; pass --force" in result.stderr
    assert (tmp_path / ".vaultcheck.toml").read_text() == "# mine\n"
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / ".vaultcheck.toml").read_text().startswith("# Written by `vaultcheck init`")


def test_init_turns_reference_checks_on_only_where_notes_keep_reference_lists(
    tmp_path: Path,
) -> None:
    plain = tmp_path / "plain"
    write_vault(plain, {"a.md": "### Source mode\n- Toggle it (2024 build)\n", "b.md": "x\n"})
    assert runner.invoke(app, ["init", str(plain)]).exit_code == 0
    assert "CIT003" not in (plain / ".vaultcheck.toml").read_text()
    cited = tmp_path / "cited"
    refs = "## 📚 Citations & Sources\n- Doe, J. (2001). Title.\n- Roe, R. Title.\n"
    write_vault(cited, {"a.md": refs, "b.md": "x\n"})
    result = runner.invoke(app, ["init", str(cited)])
    assert result.exit_code == 0
    assert "  - CIT003, CIT004 on: 1 note keeps a reference list (`## References`, ...)" in (
        result.stdout.splitlines()
    )
    assert load_config(cited).extend_select == ["CIT003", "CIT004"]
    # The config it wrote runs CIT003 on a plain `vaultcheck lint`.
    lint = runner.invoke(app, ["lint", str(cited), "--output-format", "concise"])
    assert "a.md:3:3: CIT003 Malformed reference: no year in parentheses" in lint.stdout
