"""``lint --baseline`` / ``--write-baseline``: known problems, through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app

runner = CliRunner()

NOTES: dict[str, str | bytes] = {
    "a.md": "---\ntags: [x, x]\n---\nSee [[Missing]] and [[Boundary Model]].\n[[b]]\n",
    "b.md": "[[a]] and [[Gone]]\n",
    "Boundary Models.md": "[[a]]\n",
}


def lint(root: Path, *args: str) -> tuple[int, list[str], str]:
    """Exit code, concise report lines, stderr."""
    result = runner.invoke(app, ["lint", str(root), "--output-format", "concise", *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_write_then_lint_reports_nothing_known(tmp_path: Path) -> None:
    write_vault(tmp_path, NOTES)
    known = tmp_path / "known.json"
    result = runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"vaultcheck: wrote 4 problems in 2 notes to {known}\n"
    assert json.loads(known.read_text("utf-8")) == {
        "version": 1,
        "problems": {
            "a.md": {
                "LNK001": {
                    "Broken link: no note named `Boundary Model`": 1,
                    "Broken link: no note named `Missing`": 1,
                },
                "TAG006": {"Duplicate tag `x` (already on line N)": 1},
            },
            "b.md": {"LNK001": {"Broken link: no note named `Gone`": 1}},
        },
    }
    # Sorted and indented, so that a change to it reads well in a review.
    assert known.read_text("utf-8").startswith(
        '{\n  "version": 1,\n  "problems": {\n    "a.md": {\n'
    )
    assert lint(tmp_path, "--baseline", str(known)) == (
        0,
        ["All checks passed!"],
        f"vaultcheck: 4 known problems in the baseline {known} not shown\n",
    )


def test_known_problems_stay_known_when_lines_move_and_suggestions_change(tmp_path: Path) -> None:
    write_vault(tmp_path, NOTES)
    known = tmp_path / "known.json"
    runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    # Lines added above every problem (the duplicate tag's message names a line), and a new
    # note that changes the spelling suggestion for `Boundary Model`.
    text = (tmp_path / "a.md").read_text()
    (tmp_path / "a.md").write_text(text.replace("tags: [x, x]", "title: A\nup: 1\ntags: [x, x]"))
    (tmp_path / "b.md").write_text("# B\n\nIntro.\n\n[[a]] and [[Gone]]\n")
    (tmp_path / "Boundary Modes.md").write_text("[[a]]\n")
    assert lint(tmp_path, "--baseline", str(known))[:2] == (0, ["All checks passed!"])


def test_new_problems_are_reported_and_a_repeated_one_shows_every_occurrence(
    tmp_path: Path,
) -> None:
    write_vault(tmp_path, NOTES)
    known = tmp_path / "known.json"
    runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    with (tmp_path / "b.md").open("a") as note:
        note.write("[[Elsewhere]]\n")
    with (tmp_path / "a.md").open("a") as note:
        note.write("Again [[Missing]]\n")
    code, lines, stderr = lint(tmp_path, "--baseline", str(known))
    assert code == 1
    # a.md now has `Missing` twice and the baseline lists it once: which one is new cannot be
    # told, so both are shown. b.md's `Gone` is still known.
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        "LNK001 Broken link: no note named `Missing`",
        "LNK001 Broken link: no note named `Missing`",
        "LNK001 Broken link: no note named `Elsewhere`",
    ]
    assert [line.split(":")[:2] for line in lines[:-1]] == [
        [str(tmp_path / "a.md"), "4"],
        [str(tmp_path / "a.md"), "6"],
        [str(tmp_path / "b.md"), "2"],
    ]
    assert stderr == f"vaultcheck: 3 known problems in the baseline {known} not shown\n"


def test_a_fixed_problem_is_a_stale_entry_until_the_baseline_is_rewritten(tmp_path: Path) -> None:
    write_vault(tmp_path, {**NOTES, "c.md": "[[a]] [[Nope]]\n"})
    known = tmp_path / "known.json"
    runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    (tmp_path / "a.md").write_text("---\ntags: [x]\n---\nSee [[Boundary Models]].\n[[b]]\n")
    (tmp_path / "b.md").write_text("[[a]]\n")
    (tmp_path / "c.md").unlink()  # a deleted note's entries are stale too
    code, lines, _ = lint(tmp_path, "--baseline", str(known))
    assert code == 1
    stale = "VC006 Stale baseline entry: {} no longer occurs; rewrite the baseline with --write-baseline"
    assert lines == [
        f"{tmp_path / 'a.md'}:1:1: "
        + stale.format('LNK001 "Broken link: no note named `Boundary Model`"'),
        f"{tmp_path / 'a.md'}:1:1: "
        + stale.format('LNK001 "Broken link: no note named `Missing`"'),
        f"{tmp_path / 'a.md'}:1:1: "
        + stale.format('TAG006 "Duplicate tag `x` (already on line N)"'),
        f"{tmp_path / 'b.md'}:1:1: " + stale.format('LNK001 "Broken link: no note named `Gone`"'),
        f"{tmp_path / 'c.md'}:1:1: " + stale.format('LNK001 "Broken link: no note named `Nope`"'),
        "Found 5 problems (5 warnings).",
    ]
    # Rewriting drops what was fixed: the baseline only shrinks.
    assert (
        runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)]).exit_code == 0
    )
    assert json.loads(known.read_text("utf-8")) == {"version": 1, "problems": {}}
    assert lint(tmp_path, "--baseline", str(known)) == (0, ["All checks passed!"], "")


def test_fewer_occurrences_than_listed_is_stale_by_the_difference(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[M]] [[M]] [[M]]\n", "b.md": "[[a]]\n"})
    known = tmp_path / "known.json"
    runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    (tmp_path / "a.md").write_text("[[M]] [[b]]\n")
    assert lint(tmp_path, "--baseline", str(known))[1] == [
        f"{tmp_path / 'a.md'}:1:1: VC006 Stale baseline entry: LNK001 "
        '"Broken link: no note named `M`" no longer occurs (2 of 3); '
        "rewrite the baseline with --write-baseline",
        "Found 1 problem (1 warning).",
    ]


def test_a_narrower_run_judges_and_rewrites_only_what_it_checked(tmp_path: Path) -> None:
    write_vault(tmp_path, NOTES)
    known = tmp_path / "known.json"
    runner.invoke(app, ["lint", str(tmp_path), "--write-baseline", str(known)])
    before = known.read_bytes()
    (tmp_path / "b.md").write_text("[[a]]\n")  # b's problem fixed
    # Rules that did not run, and notes not reported on, leave their entries alone.
    assert lint(tmp_path, "--baseline", str(known), "--select", "TAG")[:2] == (
        0,
        ["All checks passed!"],
    )
    assert lint(tmp_path / "a.md", "--baseline", str(known))[:2] == (0, ["All checks passed!"])
    runner.invoke(app, ["lint", str(tmp_path), "--select", "TAG", "--write-baseline", str(known)])
    runner.invoke(app, ["lint", str(tmp_path / "a.md"), "--write-baseline", str(known)])
    assert known.read_bytes() == before
    # Ignoring VC006 hides stale entries; the full rewrite drops b's.
    assert lint(tmp_path, "--baseline", str(known), "--ignore", "VC006")[:2] == (
        0,
        ["All checks passed!"],
    )
    runner.invoke(app, ["lint", str(tmp_path / "b.md"), "--write-baseline", str(known)])
    assert "b.md" not in json.loads(known.read_text("utf-8"))["problems"]


def test_the_config_names_the_baseline_relative_to_itself(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", NOTES)
    (tmp_path / "vaultcheck.toml").write_text('baseline = "ci/known.json"\n')
    known = tmp_path / "ci" / "known.json"
    runner.invoke(app, ["lint", str(vault), "--write-baseline", str(known)])
    assert lint(vault)[:2] == (0, ["All checks passed!"])
    code, lines, stderr = lint(vault, "--no-baseline")
    assert (code, lines[-1], stderr) == (1, "Found 4 problems (3 errors, 1 warning).", "")


def test_the_python_api_applies_the_config_baseline_as_the_cli_does(tmp_path: Path) -> None:
    import vaultcheck

    vault = write_vault(tmp_path, NOTES)
    (tmp_path / ".vaultcheck.toml").write_text('baseline = "known.json"\n')
    runner.invoke(app, ["lint", str(vault), "--write-baseline", str(tmp_path / "known.json")])
    (tmp_path / "b.md").write_text("[[a]] [[Gone]] [[New]]\n")
    found = vaultcheck.lint(vault, cache=False)
    assert [(d.path, d.code, d.message) for d in found] == [
        ("b.md", "LNK001", "Broken link: no note named `New`")
    ]
    assert len(vaultcheck.lint(vault, cache=False, baseline=False)) == 5


def test_a_missing_or_broken_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    write_vault(tmp_path, NOTES)
    known = tmp_path / "known.json"
    code, lines, stderr = lint(tmp_path, "--baseline", str(known))
    assert (code, lines) == (2, [])
    assert (
        stderr
        == f"vaultcheck: error: no baseline at {known}; write one with --write-baseline {known}\n"
    )
    known.write_text('{"version": 1, "problems": {"a.md": {"LNK001": {"x": "2"}}}}')
    assert lint(tmp_path, "--baseline", str(known))[2] == (
        f"vaultcheck: error: baseline {known}: count of `a.md` LNK001 is not a number\n"
    )
    known.write_text("{")
    assert lint(tmp_path, "--baseline", str(known))[2].startswith(
        f"vaultcheck: error: baseline {known} is not valid JSON: "
    )
    known.write_text("[]")
    assert lint(tmp_path, "--baseline", str(known))[2] == (
        f"vaultcheck: error: baseline {known} is not a vaultcheck baseline (version 1)\n"
    )


# tldr-pages is left out: its 5,664 problems are all one orphan-note per page (not a vault),
# and copying and linting it twice would cost this file half a minute.
CORPUS_NAMES = [
    "OldManUmby__DND.SRD.Wiki",
    "foambubble__foam_docs",
    "kepano__kepano-obsidian",
]
FRONTMATTER = re.compile(rb"---\r?\n.*?\r?\n---\r?\n", re.S)


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_a_corpus_stays_known_after_a_line_is_added_above_everything(
    tmp_path: Path, name: str
) -> None:
    vault = tmp_path / name
    shutil.copytree(corpus(name), vault, ignore=shutil.ignore_patterns(".vaultcheck_cache"))
    known = tmp_path / "known.json"
    written = runner.invoke(app, ["lint", str(vault), "--no-cache", "--write-baseline", str(known)])
    assert written.exit_code == 0
    total = sum(
        count
        for codes in json.loads(known.read_text("utf-8"))["problems"].values()
        for texts in codes.values()
        for count in texts.values()
    )
    assert written.stderr.startswith(f"vaultcheck: wrote {total} problems")
    for note in vault.rglob("*.md"):
        data = note.read_bytes()
        found = FRONTMATTER.match(data)
        at = found.end() if found else 0  # below the frontmatter, which must stay first
        note.write_bytes(data[:at] + b"A new first line.\n\n" + data[at:])
    assert lint(vault, "--no-cache", "--baseline", str(known)) == (
        0,
        ["All checks passed!"],
        f"vaultcheck: {total} known problems in the baseline {known} not shown\n",
    )
