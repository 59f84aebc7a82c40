"""FM009 and TAG008 where a property is written through a YAML anchor (``&a``) or alias
(``*a``): Obsidian reads the alias as the anchored value, so ``up: *b`` with ``base: &b
[[Index]]`` is a nested list twice, and ``tags: *common`` with ``common: &common #a`` holds
no tags. Each is reported once, where the text is written; no fix is offered, as quoting a
shared value changes every alias of it (the fix verifier refuses that edit)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app

FILES = {
    "Index.md": "x\n",
    "a.md": "---\nbase: &b [[Index]]\nup: *b\n---\n",
    "b.md": "---\ncommon: &common #book #to-read\ntags: *common\n---\n",
    "c.md": "---\ntags: &t #book #to-read\ncopy: *t\n---\n",
    "e.md": "---\nlist: &l\n  - [[Index]]\nup: *l\ntopics:\n  - &one [[Index]]\n  - *one\n---\n",
    "g.md": "---\nup: [[Index]]\ntags: #plain\n---\n",
}


def _lint(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["lint", str(root), "--no-cache", "--select", "FM009,TAG008", *args]
    )
    return result.exit_code, result.stdout


def test_values_written_through_anchors_are_reported_once_where_written(tmp_path: Path) -> None:
    write_vault(tmp_path, FILES)
    code, out = _lint(tmp_path, "--output-format", "concise")
    root = tmp_path.as_posix()
    assert (code, out.splitlines()) == (
        1,
        [
            f"{root}/a.md:2:10: FM009 `base` holds a nested YAML list, not a link: quote it, as in "
            '"[[Index]]" (not fixed automatically: every `*b` reads it too)',
            f"{root}/b.md:2:17: TAG008 `#book #to-read` is a YAML comment, so `tags: *common` has "
            "no tags: write [book, to-read] (not fixed automatically: every `*common` reads it too)",
            f"{root}/c.md:2:10: TAG008 `#book #to-read` is a YAML comment, so the note has no "
            "tags: write [book, to-read] (not fixed automatically: every `*t` reads it too)",
            f"{root}/e.md:3:5: FM009 `list` holds a nested YAML list, not a link: quote it, as in "
            '"[[Index]]" (not fixed automatically: every `*l` reads it too)',
            f"{root}/e.md:6:10: FM009 `topics` holds a nested YAML list, not a link: quote it, as "
            'in "[[Index]]" (not fixed automatically: every `*one` reads it too)',
            f"{root}/g.md:2:5: FM009 [*] `up` holds a nested YAML list, not a link: quote it, as in "
            '"[[Index]]"',
            f"{root}/g.md:3:7: TAG008 [*] `#plain` is a YAML comment, so the note has no tags: "
            "write [plain]",
            "Found 7 problems (4 errors, 3 warnings).",
        ],
    )


def test_fix_edits_only_what_no_alias_shares(tmp_path: Path) -> None:
    write_vault(tmp_path, FILES)
    code, _ = _lint(tmp_path, "--fix")
    assert code == 1
    for name, text in FILES.items():
        if name != "g.md":
            assert (tmp_path / name).read_text() == text
    assert (tmp_path / "g.md").read_text() == '---\nup: "[[Index]]"\ntags: [plain]\n---\n'
