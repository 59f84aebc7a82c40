"""TAG004 as a user sees it: no fix that writes a tag TAG001 would report, and messages that
show a block scalar's tags as the note shows them, on one line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

runner = CliRunner()
DIGITS = "tags need at least one character that is not a digit"


def _lint(root: Path, *extra: str) -> tuple[int, list[str]]:
    args = ["lint", str(root), "--no-cache", "--select", "TAG004,TAG001"]
    result = runner.invoke(app, [*args, "--output-format", "concise", *extra])
    return result.exit_code, result.output.splitlines()


def test_no_fix_writes_a_tag_of_digits_only(tmp_path: Path) -> None:
    files = {
        "a.md": '---\ntags:\n  - "#1984"\n  - #2001\n  - "#ok"\n---\nbody\n',
        "b.md": "---\ntags: '#1984, #b'\n---\nbody\n",
    }
    root = write_vault(tmp_path / "v", files)
    code, lines = _lint(root)
    assert code == 1
    assert lines[:-1] == [
        f"{root / 'a.md'}:3:5: TAG001 Invalid tag `1984`: {DIGITS}",
        f"{root / 'a.md'}:3:5: TAG004 Frontmatter tag `#1984` should be written without `#`, "
        f"but `1984` would not be a valid tag: {DIGITS}",
        f"{root / 'a.md'}:4:4: TAG004 `#2001` is a YAML comment here, so this tag is empty, "
        f"and `2001` would not be a valid tag: {DIGITS}",
        f"{root / 'a.md'}:5:5: TAG004 [*] Frontmatter tag `#ok` should be written without `#`: "
        "`ok`",
        f"{root / 'b.md'}:2:7: TAG001 Invalid tag `1984`: {DIGITS}",
        f"{root / 'b.md'}:2:7: TAG004 Frontmatter tags `#1984, #b` should be written without "
        f"`#`, but `1984` would not be a valid tag: {DIGITS}",
    ]
    code, _ = _lint(root, "--fix")
    assert code == 1  # what is left is still reported
    assert (
        root / "a.md"
    ).read_bytes() == b'---\ntags:\n  - "#1984"\n  - #2001\n  - "ok"\n---\nbody\n'
    assert (root / "b.md").read_bytes() == files["b.md"].encode()


def test_a_block_scalar_of_tags_is_quoted_on_one_line_without_escapes(tmp_path: Path) -> None:
    files = {
        "folded.md": "---\ntags: >\n  #a\n  #b\n---\nbody\n",
        "literal.md": "---\ntags: |\n  #a, #b/c\n  #d\n---\nbody\n",
    }
    root = write_vault(tmp_path / "v", files)
    code, lines = _lint(root)
    assert code == 1
    assert lines[:-1] == [
        f"{root / 'folded.md'}:2:7: TAG004 Frontmatter tags `#a #b` should be written without "
        "`#`: `a b`",
        f"{root / 'literal.md'}:2:7: TAG004 Frontmatter tags `#a, #b/c #d` should be written "
        "without `#`: `a, b/c d`",
    ]


def test_no_fix_leaves_an_empty_tag_where_a_lone_hash_was(tmp_path: Path) -> None:
    # `tags: "#"` was fixed to `tags: ""`: the placeholder vanished with no finding left. A
    # lone `#` is now treated as a list's `"#"` is: reported, not fixed; TAG001 reports the
    # empty tag Obsidian reads there.
    files = {
        "a.md": '---\ntags: "#"\n---\nbody\n',
        "b.md": "---\ntags: '#a #'\n---\nbody\n",
        "c.md": '---\ntags: ["#"]\n---\nbody\n',
    }
    root = write_vault(tmp_path / "v", files)
    code, lines = _lint(root)
    empty = "`` would not be a valid tag: it is empty"
    assert code == 1
    assert lines == [
        f"{root / 'a.md'}:2:7: TAG001 Invalid tag ``: it is empty",
        f"{root / 'a.md'}:2:7: TAG004 Frontmatter tag `#` should be written without `#`, "
        f"but {empty}",
        f"{root / 'b.md'}:2:7: TAG001 Invalid tag ``: it is empty",
        f"{root / 'b.md'}:2:7: TAG004 Frontmatter tags `#a #` should be written without `#`, "
        f"but {empty}",
        f"{root / 'c.md'}:2:8: TAG001 Invalid tag ``: it is empty",
        f"{root / 'c.md'}:2:8: TAG004 Frontmatter tag `#` should be written without `#`, "
        f"but {empty}",
        "Found 6 problems (3 errors, 3 warnings).",
    ]
    code, _ = _lint(root, "--fix")
    assert code == 1
    for name, text in files.items():
        assert (root / name).read_bytes() == text.encode()
