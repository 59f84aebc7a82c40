"""The source line under each problem: a window of long lines, carets by display width."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import write_vault
from vaultcheck.cli.app import app
from vaultcheck.report.window import WIDTH, window

runner = CliRunner()


def _full(root: Path, *args: str) -> list[str]:
    result = runner.invoke(
        app, ["lint", str(root), "--no-cache", "--no-color", "--select", "LNK001", *args]
    )
    return result.stdout.splitlines()


def test_carets_sit_under_the_link_after_wide_characters(tmp_path: Path) -> None:
    write_vault(tmp_path, {"cjk.md": "日本語 [[Gone]]\n", "emoji.md": "🙂🙂 x [[Gone]]\n"})
    lines = _full(tmp_path)
    assert lines[2:4] == [
        "    1 | 日本語 [[Gone]]",
        "      |        ^^^^^^^^",
    ]
    assert lines[7:9] == [
        "    1 | 🙂🙂 x [[Gone]]",
        "      |        ^^^^^^^^",
    ]
    # Each caret starts in the terminal cell where `[[` starts: CJK and emoji take two cells.
    for source, carets in (lines[2:4], lines[7:9]):
        assert cell_len(source[: source.index("[[")]) == carets.index("^")


def test_a_long_line_is_cut_around_the_problem(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "a" * 500 + " [[Gone]] " + "b" * 500 + "\n"})
    lines = _full(tmp_path)
    source, carets = lines[2], lines[3]
    assert source == "    1 | …" + "a" * 29 + " [[Gone]] " + "b" * 61 + "…"
    assert carets == "      | " + " " * 31 + "^" * 8


def test_report_size_grows_with_problems_not_line_length(tmp_path: Path) -> None:
    links = " ".join(f"[[Gone{i}]]" for i in range(3000))
    write_vault(tmp_path / "short", {"a.md": links + "\n"})
    write_vault(tmp_path / "long", {"a.md": links + " " + "漢字" * 50_000 + "\n"})
    short = "\n".join(_full(tmp_path / "short"))
    long = "\n".join(_full(tmp_path / "long"))
    assert short.count("LNK001") == long.count("LNK001") == 3000
    # Each problem: its header, at most WIDTH cells of source (plus gutter and ellipses), carets.
    per_problem = 100 + (WIDTH + 20) * 3 + (WIDTH + 20)
    assert len(short.encode()) < 3000 * per_problem
    assert len(long.encode()) < 3000 * per_problem
    assert abs(len(long) - len(short)) < 3000 * 4  # the text past the links barely shows


def test_control_characters_are_shown_as_pictures() -> None:
    assert window("a\x1b[31mb\tc", 1, 2) == ("a␛[31mb c", 0, 1)
    assert window("x" * 10, 4, None) == ("x" * 10, 3, 7)
    shown = window("é" * 300, 150, 151)
    assert shown.text == "…" + "é" * WIDTH + "…"
    assert shown.caret_offset == 31


def test_a_cut_line_never_starts_with_a_combining_mark(tmp_path: Path) -> None:
    """`é` written as `e` + U+0301: before, the window could begin between the two, so the
    accent sat on the ellipsis (`…́e…`)."""
    write_vault(tmp_path, {"nfd.md": "e\u0301" * 80 + "[[Gone]]\n"})
    source, carets = _full(tmp_path)[2:4]
    assert source == "    1 | …" + "e\u0301" * 30 + "[[Gone]]"
    assert carets == "      | " + " " * 31 + "^" * 8
