"""``--fix``, ``--unsafe-fixes`` and ``--diff``: exact bytes after fixing, and nothing else."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import Config
from vaultcheck.fixing import writing
from vaultcheck.fixing.fixer import fix_vault
from vaultcheck.fixing.writing import write_fixes
from vaultcheck.rules.selection import select_rules

runner = CliRunner()

# (id, selectors, unsafe, files before, {path: bytes expected after})
CASES: list[tuple[str, list[str], bool, dict[str, str | bytes], dict[str, bytes]]] = [
    (
        "FM008 rename",
        ["FM008"],
        False,
        {"a.md": "---\n# keep me\ntag: x   # and me\ntitle: 'T'\n---\nbody\n"},
        {"a.md": b"---\n# keep me\ntags: x   # and me\ntitle: 'T'\n---\nbody\n"},
    ),
    (
        "FM008 merge into block list",
        ["FM008"],
        False,
        {"a.md": "---\ntags:\n    - a\n    - b\ntag: b c\ntitle: x\n---\n"},
        {"a.md": b"---\ntags:\n    - a\n    - b\n    - c\ntitle: x\n---\n"},
    ),
    (
        # REL004 wrote `C# Notes` into B's list; REL005 then wrote `- [[C# Notes]]` (a link
        # to `C`) under B's heading on every pass, eight times, and `C` into the list.
        "REL004 and REL005 write no name a wikilink cannot hold",
        ["REL004", "REL005"],
        True,
        {
            "C# Notes.md": '---\nrelated: ["[[B]]"]\n---\n# A\n',
            "B.md": "---\nrelated: []\n---\n# B\n\n## Related\n- [[X]]\n",
            "X.md": "x\n",
        },
        {"B.md": b"---\nrelated: [X]\n---\n# B\n\n## Related\n- [[X]]\n"},
    ),
    (
        # The merge removes the old key's lines: a comment there would go with them.
        "FM008 merge is not made where it would drop a comment",
        ["FM008"],
        False,
        {
            "a.md": "---\ntag: [x]   # from the old app\ntags: [y]\n---\n",
            "b.md": "---\ntag:\n  # kept for search\n  - x\ntags: [y]\n---\n",
            "c.md": "---\ntag: ['#x', \"y # z\"]\ntags: [w]\n---\n",
        },
        {"c.md": b'---\ntags: [w, "#x", "y # z"]\n---\n'},
    ),
    (
        "FM008 merge keeps spellings that only casefold() joins",
        ["FM008"],
        False,
        {"a.md": "---\ntags: [Fußball]\ntag: [FUSSBALL, Fussball, fußball]\n---\n"},
        {"a.md": b"---\ntags: [Fu\xc3\x9fball, FUSSBALL, Fussball]\n---\n"},
    ),
    (
        "FM008 merge into flow list",
        ["FM008"],
        False,
        {"a.md": "---\nalias: [Old, New]\naliases: [New]\n---\n"},
        {"a.md": b"---\naliases: [New, Old]\n---\n"},
    ),
    (
        "TAG004 quoted and comment",
        ["TAG004"],
        False,
        {"a.md": '---\ntags:\n  - "#a"\n  - #b\n---\n'},
        {"a.md": b'---\ntags:\n  - "a"\n  - b\n---\n'},
    ),
    (
        "TAG004 in a string of tags",
        ["TAG004"],
        False,
        {
            "a.md": "---\r\ntags: '#a, #b'  # mine\r\n---\r\n",
            "b.md": '---\ntags: "#\\u00e9t\u00e9"\n---\n',
        },
        {
            "a.md": b"---\r\ntags: 'a, b'  # mine\r\n---\r\n",
            "b.md": b'---\ntags: "\xc3\xa9t\xc3\xa9"\n---\n',
        },
    ),
    (
        "FM009 and REL006 quote links",
        ["FM009", "REL006"],
        False,
        {
            "a.md": '---\r\nup:  [[Index]]   # parent\r\nq: [[Say "hi"]]\r\n'
            'related:\r\n  - [[B]]\r\nx: [[it\'s "x"]]\r\n---\r\n',
        },
        {
            "a.md": b'---\r\nup:  "[[Index]]"   # parent\r\nq: \'[[Say "hi"]]\'\r\n'
            b'related:\r\n  - "[[B]]"\r\nx: [[it\'s "x"]]\r\n---\r\n',
        },
    ),
    (
        "TAG008 comment to list",
        ["TAG008"],
        False,
        {
            "a.md": "---\ntags:  #a #b/c  \n---\n",
            "b.md": "---\ntags: #a,b\n---\n",
            "c.md": "---\ntag: x\ntags: #a\n---\n",
        },
        {
            "a.md": b"---\ntags:  [a, b/c]  \n---\n",
            "b.md": b"---\ntags: #a,b\n---\n",
            "c.md": b"---\ntag: x\ntags: #a\n---\n",
        },
    ),
    (
        "TAG006 block and flow",
        ["TAG006"],
        False,
        {"a.md": "---\ntags:\n  - x\n  - X # dup\n---\n", "b.md": "---\ntags: [p, q, P]\n---\n"},
        {"a.md": b"---\ntags:\n  - x\n---\n", "b.md": b"---\ntags: [p, q]\n---\n"},
    ),
    (
        # A flow list over several lines: an element alone on its line takes the line with
        # it (no line of white space left behind); one sharing a line leaves the line.
        "TAG006 flow list over lines",
        ["TAG006"],
        False,
        {"a.md": "---\ntags: [\n  two, # c\n  two,\r\n  x, X, y\n]\n---\n"},
        {"a.md": b"---\ntags: [\n  two, # c\n  x, y\n]\n---\n"},
    ),
    (
        "AL002",
        ["AL002"],
        False,
        {"a.md": "---\naliases:\n  - One\n  - one\n  - Two\n---\n"},
        {"a.md": b"---\naliases:\n  - One\n  - Two\n---\n"},
    ),
    (
        "REL003",
        ["REL003"],
        False,
        {"a.md": '---\nrelated: [b, "[[b]]", c]\n---\n', "b.md": "", "c.md": ""},
        {"a.md": b"---\nrelated: [b, c]\n---\n"},
    ),
    (
        "LNK008",
        ["LNK008"],
        False,
        {
            "Power Dynamics.md": "",
            "a.md": "[[power dynamics#Part|x]] and ![[dir/power DYNAMICS]]\n",
            "dir/Power Dynamics.md": "",
        },
        {"a.md": b"[[Power Dynamics#Part|x]] and ![[dir/Power Dynamics]]\n"},
    ),
    (
        "LNK009",
        ["LNK009"],
        False,
        {
            "Target.md": "---\naliases: [Other]\n---\n",
            "a.md": "[[Other]] [[Other#H]] [[Other|shown]]\n",
        },
        {"a.md": b"[[Target|Other]] [[Target#H|Other]] [[Target|shown]]\n"},
    ),
    (
        "LNK009 in a table cell escapes its pipe",
        ["LNK009"],
        False,
        {
            "Target Note.md": "---\naliases: [TN]\n---\n",
            "a.md": "| a | b |\n|---|---|\n| [[TN]] | x |\n| [[TN#H]] | y |\n\n[[TN]]\n",
        },
        {
            "a.md": b"| a | b |\n|---|---|\n| [[Target Note\\|TN]] | x |\n"
            b"| [[Target Note#H\\|TN]] | y |\n\n[[Target Note|TN]]\n"
        },
    ),
    (
        "AL001 empty aliases, block and flow",
        ["AL001"],
        False,
        {
            "a.md": "---\naliases:\n- \n---\n",
            "b.md": "---\naliases:\n  -\n  - Kept\n  - ''\n---\n",
            "c.md": '---\naliases: [One, ""]\n---\n',
        },
        {
            "a.md": b"---\naliases:\n---\n",
            "b.md": b"---\naliases:\n  - Kept\n---\n",
            "c.md": b"---\naliases: [One]\n---\n",
        },
    ),
    (
        "LNK009 in a setext heading of two lines",
        ["LNK009"],
        False,
        {"Target.md": "---\naliases: [Other]\n---\n", "a.md": "x\nHeading [[Other]]\n===\n"},
        {"a.md": b"x\nHeading [[Target|Other]]\n===\n"},
    ),
    (
        "LNK001 needs --unsafe-fixes",
        ["LNK001"],
        False,
        {"Boundary Models.md": "", "a.md": "[[Boundary Model]]\n"},
        {},
    ),
    (
        "LNK001 unsafe",
        ["LNK001"],
        True,
        {"Boundary Models.md": "", "a.md": "[[Boundary Model|b]]\n"},
        {"a.md": b"[[Boundary Models|b]]\n"},
    ),
    (
        "TAG002 unsafe, body and frontmatter",
        ["TAG002"],
        True,
        {"a.md": "#psych #psych\n", "b.md": "---\ntags: ['Psych']\n---\n#Psych\n"},
        {"b.md": b"---\ntags: ['psych']\n---\n#psych\n"},
    ),
    (
        "REL004 edits the other note",
        ["REL004"],
        True,
        {
            "a.md": "---\nrelated: [b]\n---\n",
            "b.md": "---\ntitle: B\nrelated:\n  - c\n---\n",
            "c.md": "",
        },
        {"b.md": b"---\ntitle: B\nrelated:\n  - c\n  - a\n---\n"},
    ),
    (
        "REL005 both ways",
        ["REL005"],
        True,
        {
            "b.md": "",
            "c.md": "",
            "a.md": "---\nrelated: [b]\n---\n## Related\n\n- [[c]]\n\n## Next\n",
        },
        {"a.md": b"---\nrelated: [b, c]\n---\n## Related\n\n- [[c]]\n- [[b]]\n\n## Next\n"},
    ),
    (
        "TXT001",
        ["TXT001"],
        False,
        {"a.md": "caf\u00c3\u00a9 and\nMart\u221a\u2260n\n"},
        {"a.md": "café and\nMartín\n".encode()},
    ),
    (
        "VC001",
        ["LNK001", "VC001"],
        False,
        {
            "a.md": "x\n<!-- vaultcheck: ignore[LNK001] -->\ny\n",
            "b.md": "\n<!-- vaultcheck: ignore[LNK001] -->\ny\n",
            "c.md": "| a | b |\n|---|---|\n| x | y |\r\n<!-- vaultcheck: ignore[LNK001] -->\r\n"
            "[[b]] and [[b|shown]]\n",
        },
        {
            # Between two lines of text the comment kept them apart: an empty line still does.
            "a.md": b"x\n\ny\n",
            "b.md": b"\ny\n",
            "c.md": b"| a | b |\n|---|---|\n| x | y |\r\n\r\n[[b]] and [[b|shown]]\n",
        },
    ),
    (
        "CRLF and BOM are kept",
        ["TAG006", "TXT001"],
        False,
        {"a.md": "\ufeff---\r\ntags: [a, a]\r\n---\r\ncaf\u00c3\u00a9\r\n"},
        {"a.md": "\ufeff---\r\ntags: [a]\r\n---\r\ncafé\r\n".encode()},
    ),
    (
        "CRLF block insertion",
        ["REL004"],
        True,
        {
            "a.md": "---\r\nrelated: [b]\r\n---\r\n",
            "b.md": "---\r\nrelated:\r\n  - c\r\n---\r\n",
            "c.md": "",
        },
        {"b.md": b"---\r\nrelated:\r\n  - c\r\n  - a\r\n---\r\n"},
    ),
    ("no final newline", ["TXT001"], False, {"a.md": "caf\u00c3\u00a9"}, {"a.md": "café".encode()}),
    (
        "non-UTF-8 notes are never written",
        ["ALL"],
        True,
        {"a.md": b"---\ntag: x\n---\ncaf\xe9 [[x]]\n"},
        {},
    ),
]


@pytest.mark.parametrize(
    ("select", "unsafe", "files", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_fix_changes_exactly_these_bytes(
    tmp_path: Path,
    select: list[str],
    unsafe: bool,
    files: dict[str, str | bytes],
    after: dict[str, bytes],
) -> None:
    write_vault(tmp_path, files)
    before = {p: (tmp_path / p).read_bytes() for p in files}
    args = [
        "lint",
        str(tmp_path),
        "--select",
        ",".join(select),
        "--fix",
        "--output-format",
        "concise",
    ]
    runner.invoke(app, [*args, *(["--unsafe-fixes"] if unsafe else [])])
    for path in files:
        assert (tmp_path / path).read_bytes() == after.get(path, before[path]), path
    # A second run changes nothing.
    runner.invoke(app, [*args, *(["--unsafe-fixes"] if unsafe else [])])
    for path in files:
        assert (tmp_path / path).read_bytes() == after.get(path, before[path]), path


def test_diff_then_patch_equals_fix(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "My Note.md": "---\r\ntags: [a, a, '#b']\r\ntag: c\r\n---\r\ncaf\u00c3\u00a9\r\n",
        "sub/n.md": "---\naliases: [X, x]\n---\nno newline at the end: caf\u00c3\u00a9",
        "Café/Ünïcode ✓.md": "---\ntags: [été, été]\n---\n\t- tab-indented caf\u00c3\u00a9\n",
    }
    one, two = write_vault(tmp_path / "one", files), write_vault(tmp_path / "two", files)
    diff = runner.invoke(app, ["lint", str(one), "--diff"])
    assert diff.exit_code == 1
    assert "--- a/My Note.md\t\n+++ b/My Note.md\t\n" in diff.stdout
    assert all((one / p).read_bytes() == (two / p).read_bytes() for p in files)  # wrote nothing
    # stdout_bytes: CliRunner.stdout folds CRLF into LF, a pipe does not.
    subprocess.run(["patch", "-p1", "-s", "-d", str(one)], input=diff.stdout_bytes, check=True)
    runner.invoke(app, ["lint", str(two), "--fix"])
    for path in files:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path
    assert runner.invoke(app, ["lint", str(two), "--diff"]).exit_code == 0


def test_exit_codes(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n[[missing]]\n", "b.md": "[[a]]\n"})
    result = runner.invoke(app, ["lint", str(tmp_path), "--fix", "--output-format", "concise"])
    assert result.exit_code == 1  # the broken link remains
    assert result.stdout.splitlines()[-1] == "Found 2 problems (1 fixed, 1 remaining)."
    (tmp_path / "a.md").write_text("---\ntags: [a, a]\n---\n[[b]]\n")
    assert runner.invoke(app, ["lint", str(tmp_path), "--fix"]).exit_code == 0
    (tmp_path / "a.md").write_text("---\ntags: [a, a]\n---\n[[b]]\n")
    assert (
        runner.invoke(app, ["lint", str(tmp_path), "--fix", "--exit-non-zero-on-fix"]).exit_code
        == 1
    )


def test_fixable_marker_follows_the_flags(tmp_path: Path) -> None:
    write_vault(
        tmp_path, {"Boundary Models.md": "", "a.md": "[[Boundary Model]] [[Boundary Models]]\n"}
    )
    args = ["lint", str(tmp_path), "--select", "LNK001", "--output-format", "concise"]
    assert " LNK001 Broken" in runner.invoke(app, args).stdout
    assert " LNK001 [*] Broken" in runner.invoke(app, [*args, "--unsafe-fixes"]).stdout


def test_fm008_offers_no_merge_into_a_block_scalar(tmp_path: Path) -> None:
    """`tags: >-` then its lines: the merge wrapped them in brackets (`[>-\\n  bar\\n, foo]`),
    so every run showed `[*]` and then `fix not applied: it would leave the frontmatter
    without its closing ---` on stderr. A plain value over two lines is the same."""
    files: dict[str, str | bytes] = {
        "a.md": "---\ntag: foo\ntags: >-\n  bar\n---\n",
        "b.md": "---\ntag: foo\ntags: one\n  two\n---\n",
    }
    write_vault(tmp_path, files)
    args = ["lint", str(tmp_path), "--select", "FM008", "--fix", "--output-format", "concise"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (1, "")
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()[:2]] == [
        "FM008 `tag` is no longer read by Obsidian; use `tags`"
    ] * 2
    for path, text in files.items():
        assert (tmp_path / path).read_text() == text


def test_read_only_note_is_reported_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n"})
    note = tmp_path / "a.md"
    note.chmod(stat.S_IRUSR | stat.S_IRGRP)
    # Root may write anything, so ask the OS question the fixer asks, as a non-root user would
    # get it answered.
    real_access = writing.os.access
    monkeypatch.setattr(
        writing.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    args = ["lint", str(tmp_path), "--fix", "--select", "TAG006", "--output-format", "concise"]
    result = runner.invoke(app, args)
    note.chmod(0o644)
    assert result.exit_code == 1
    assert "a.md: the file is read-only; not written" in result.stderr
    # Nothing was written, so nothing was fixed: the problem is still reported.
    assert result.stdout == (
        f"{tmp_path.as_posix()}/a.md:2:11: TAG006 [*] Duplicate tag `a` (already on line 2)\n"
        "Found 1 problem (1 warning).\n"
    )
    assert note.read_text() == "---\ntags: [a, a]\n---\n"


def test_note_changed_between_read_and_write_is_not_written(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n"})
    outcome = fix_vault(tmp_path, select_rules(["TAG006"]), Config())
    (tmp_path / "a.md").write_text("---\ntags: [a, a]\n---\nedited meanwhile\n")
    write_fixes(tmp_path, outcome)
    assert outcome.failures == [("a.md", "changed on disk since it was read; not written")]
    assert (tmp_path / "a.md").read_text() == "---\ntags: [a, a]\n---\nedited meanwhile\n"


def test_full_disk_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n"})

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writing.os, "fsync", no_space)
    outcome = fix_vault(tmp_path, select_rules(["TAG006"]), Config())
    write_fixes(tmp_path, outcome)
    assert outcome.failures == [("a.md", "No space left on device; not written")]
    assert (tmp_path / "a.md").read_text() == "---\ntags: [a, a]\n---\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".obsidian", "a.md"]


def test_permissions_are_kept(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n"})
    (tmp_path / "a.md").chmod(0o640)
    runner.invoke(app, ["lint", str(tmp_path), "--fix"])
    assert (tmp_path / "a.md").read_text() == "---\ntags: [a]\n---\n"
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o640


def test_an_empty_alias_is_a_warning_with_a_safe_fix(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "---\naliases:\n  - Name\n  - \n---\n"})
    args = ["lint", str(tmp_path), "--select", "AL001", "--output-format", "json-lines"]
    [row] = [json.loads(line) for line in runner.invoke(app, args).stdout.splitlines()]
    assert (row["severity"], row["message"], row["line"], row["fix"]["applicability"]) == (
        "warning",
        "Empty alias",
        4,
        "safe",
    )


def test_a_note_that_is_not_utf8_offers_no_fix(tmp_path: Path) -> None:
    # It is never written (TXT002), so its findings are not marked `[*]` nor counted as
    # fixable, and `--fix` reports them unfixed; the UTF-8 note beside it is fixed.
    root = write_vault(
        tmp_path,
        {
            ".obsidian/app.json": "{}",
            "Bad.md": b'---\ntags: ["#foo"]\n---\nbad \xff [[Good]]\n',
            "Good.md": '---\ntags: ["#foo"]\n---\n[[Bad]]\n',
        },
    )
    args = ["lint", str(root), "--output-format", "concise", "--no-cache"]
    result = runner.invoke(app, ["lint", str(root), "--output-format", "json", "--no-cache"])
    assert [(d["path"], d["code"], d["fix"] is not None) for d in json.loads(result.stdout)] == [
        ("Bad.md", "TAG004", False),
        ("Bad.md", "TXT002", False),
        ("Good.md", "TAG004", True),
    ]
    result = runner.invoke(app, [*args, "--fix"])
    assert (result.exit_code, result.stdout) == (
        1,
        f"{root.as_posix()}/Bad.md:2:8: TAG004 Frontmatter tag `#foo` should be written "
        "without `#`: `foo`\n"
        f"{root.as_posix()}/Bad.md:4:5: TXT002 Not valid UTF-8: byte 0xFF cannot be decoded; "
        "Obsidian shows replacement characters here\n"
        "Found 3 problems (1 fixed, 2 remaining).\n",
    )
    assert (root / "Good.md").read_bytes() == b'---\ntags: ["foo"]\n---\n[[Bad]]\n'
