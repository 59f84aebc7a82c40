"""Inline suppressions in HTML and %% comments, and VC001/VC002 about them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, diagnostics, write_vault

CASES = [
    ("same line", "a [[x]] <!-- vaultcheck: ignore[LNK001] -->\n", []),
    ("next line", "<!-- vaultcheck: ignore[LNK001] -->\na [[x]]\n", []),
    (
        "only the next line",
        "<!-- vaultcheck: ignore[LNK001] -->\na [[x]]\nb [[y]]\n",
        [("LNK001", "a.md", 3, 3, "Broken link: no note named `y`")],
    ),
    ("family prefix", "a [[x]] %% vaultcheck: ignore[LNK] %%\n", []),
    ("all rules", "a [[x]] <!-- vaultcheck: ignore -->\n", []),
    (
        "other code does not suppress",
        "a [[x]] <!-- vaultcheck: ignore[LNK002] -->\n",
        [
            ("LNK001", "a.md", 1, 3, "Broken link: no note named `x`"),
            ("VC001", "a.md", 1, 9, "Unused suppression: no LNK002 problem to silence here"),
        ],
    ),
    (
        "disable/enable range",
        "<!-- vaultcheck: disable[LNK001] -->\n[[x]]\n\n[[y]]\n<!-- vaultcheck: enable[LNK001] -->\n[[z]]\n",
        [("LNK001", "a.md", 6, 1, "Broken link: no note named `z`")],
    ),
    (
        "disable to the end",
        "[[w]]\n\n%% vaultcheck: disable %%\n[[x]]\n\n[[y]]\n",
        [("LNK001", "a.md", 1, 1, "Broken link: no note named `w`")],
    ),
    ("file-ignore", "[[x]]\n\n<!-- vaultcheck: file-ignore[LNK001] -->\n", []),
    (
        "unused",
        "fine\n<!-- vaultcheck: ignore[LNK001] -->\nno links here\n",
        [("VC001", "a.md", 2, 1, "Unused suppression: no LNK001 problem to silence here")],
    ),
    (
        "unknown code",
        "[[x]] <!-- vaultcheck: ignore[LNK001,LNK01X] -->\n",
        [("VC002", "a.md", 1, 7, "Unknown rule code `LNK01X` in suppression")],
    ),
    (
        "not a directive",
        "<!-- vaultcheck is great -->\n[[x]]\n",
        [("LNK001", "a.md", 2, 1, "Broken link: no note named `x`")],
    ),
    (
        "inside code is not a directive",
        "```\n<!-- vaultcheck: ignore -->\n```\n[[x]]\n",
        [("LNK001", "a.md", 4, 1, "Broken link: no note named `x`")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_suppression(
    tmp_path: Path, text: str, expected: list[tuple[str, str, int, int, str]]
) -> None:
    write_vault(tmp_path, {"a.md": text})
    assert as_rows(diagnostics(tmp_path, ["LNK001", "LNK002", "VC"])) == expected


def test_unused_suppression_fix_removes_its_line(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "one\n<!-- vaultcheck: ignore[LNK001] -->\ntwo\n"})
    [found] = diagnostics(tmp_path, ["LNK001", "VC001"])
    assert found.fix is not None
    [edit] = found.fix.edits
    # Between two lines of text an empty line stays, so `one` and `two` stay two paragraphs.
    assert (edit.start, edit.end, edit.replacement) == (4, 40, "\n")
    text = (tmp_path / "a.md").read_text()
    assert text[: edit.start] + edit.replacement + text[edit.end :] == "one\n\ntwo\n"


def test_unused_is_not_judged_for_rules_that_did_not_run(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "<!-- vaultcheck: ignore[LNK001] -->\nno links\n"})
    assert diagnostics(tmp_path, ["VC001"]) == []
