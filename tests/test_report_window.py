"""The source line under each problem: a window of long lines, carets by display width."""

from __future__ import annotations

import json
import random
from pathlib import Path
from unicodedata import combining

import pytest
from rich.cells import cell_len, get_character_cell_size
from typer.testing import CliRunner

from tests.conftest import corpus, write_vault
from vaultcheck.cli.app import app
from vaultcheck.report import one_line
from vaultcheck.report.window import (
    BEFORE,
    ELLIPSIS,
    WIDTH,
    Window,
    _measured_window,
    _narrow_window,
    shown,
    window,
)

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


def test_wide_combining_and_control_text_in_cut_lines() -> None:
    """Cells, not characters, decide the cut: CJK and emoji take two, an emoji joined by
    U+200D counts as one picture, combining marks take none, control characters one."""
    cjk = "漢字" * 100 + "[[Gone]]" + "かな" * 100
    assert window(cjk, 201, 209) == ("…字" + "漢字" * 7 + "[[Gone]]" + "かな" * 15 + "か…", 31, 8)
    coder = "👩\u200d💻 "
    assert window(coder * 60 + "[[Gone]]", 241, None) == ("…" + coder * 6 + "[[Gone]]", 19, 8)
    umlauts = "a\u0308" * 60 + "漢" * 10 + "[[Gone]]"
    assert window(umlauts, 131, 139) == ("…" + "a\u0308" * 10 + "漢" * 10 + "[[Gone]]", 31, 8)
    short = "e\u0301" * 10 + "日本[[Gone]] ok"
    assert window(short, 23, 31) == (short, 14, 8)
    escape = "x" * 150 + "\x1b[31m[[Gone]]" + "y" * 120
    assert window(escape, 151, 164) == ("…" + "x" * 30 + "␛[31m[[Gone]]" + "y" * 57 + "…", 31, 13)
    controls = "\t\t\ta\x00b\x7f" + "x" * 200 + "[[Gone]]"
    assert window(controls, 208, 216) == ("…" + "x" * 30 + "[[Gone]]", 31, 8)
    assert window("\x85\x9f tab\there [[Gone]]", 15, 23) == (
        "\ufffd\ufffd tab here [[Gone]]",
        14,
        6,
    )


def test_ascii_lines_are_measured_as_any_other() -> None:
    """An ASCII line is cut without measuring its characters one by one: the cut, offset
    and width must be those of measuring them, for every kind of ASCII character."""
    rng = random.Random(19)
    for _ in range(3000):
        alphabet = rng.choice(["ab [", "a\t\x1b\x00\x7f\x1f b", "x"])
        line = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 5, 99, 100, 101, 250])))
        start = rng.randint(0, len(line))
        end = rng.randint(start, len(line))
        assert _narrow_window(line, start, end) == _measured_window(line, start, end), line


def _stepped_window(line: str, start: int, end: int) -> Window:
    """The reference: the window found by stepping over the line one character at a time,
    measuring each (the code before the cut points were found by running sums)."""

    def cells(char: str) -> int:
        return get_character_cell_size(shown(char))

    if len(line) <= WIDTH and cell_len(shown(line)) <= WIDTH:
        left, right = 0, len(line)
    else:
        left, room = start, BEFORE
        while left > 0 and cells(line[left - 1]) <= room:
            room -= cells(line[left - 1])
            left -= 1
        while left < start and combining(line[left]):
            left += 1
        right, room = left, WIDTH
        while right < len(line) and cells(line[right]) <= room:
            room -= cells(line[right])
            right += 1
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(line) else ""
    offset = cell_len(prefix + shown(line[left:start]))
    width = cell_len(shown(line[start : min(end, right)]))
    return Window(prefix + shown(line[left:right]) + suffix, offset, max(1, width))


def test_lines_in_other_scripts_are_cut_as_by_stepping() -> None:
    """The cut points come from running sums over a slice of room + 1 characters, longer when
    the slice takes too few cells: the same windows as stepping one character at a time,
    in every script, with wide, zero-width and combining characters, and long runs of
    marks that take no cell (which make the slice grow)."""
    rng = random.Random(19)
    alphabets = [
        "Привет мир ",  # one cell each
        "日本語かな 한국어 ",  # two cells each, and spaces
        "नमस्ते दुनिया ",  # Devanagari: vowel signs and viramas, some taking no cell
        "سلام\u200cدنیا ",  # right to left, a zero-width non-joiner
        "e\u0301\u0301\u0301a",  # combining marks
        "\u0301" * 6 + "x",  # long runs of marks: slices grow again and again
        "ab\t\x1b\x85\u202e🙂👩\u200d💻⚖\ufe0f ",  # controls, an override, emoji, joiners
    ]
    for _ in range(4000):
        alphabet = rng.choice(alphabets) + rng.choice(alphabets)
        length = rng.choice([0, 5, 99, 100, 101, 250, 1200])
        line = "".join(rng.choice(alphabet) for _ in range(length))
        start = rng.randint(0, len(line))
        end = rng.randint(start, len(line))
        assert _measured_window(line, start, end) == _stepped_window(line, start, end), line


@pytest.mark.corpus
def test_tldr_pages_in_39_languages_are_cut_as_by_stepping() -> None:
    """The running sums (and the set of one-cell characters met, which lets text of those
    only be measured by its length) give the windows stepping gives, on real prose of every
    tldr language: each page's lines, and the page as one long line, cut at several places."""
    root = corpus("tldr-pages__tldr")
    rng = random.Random(19)
    checked = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_text("utf-8")
        if text.isascii():
            continue
        lines = [line for line in text.splitlines() if not line.isascii()]
        for line in [*lines[:3], " ".join(lines)]:
            for _ in range(3):
                start = rng.randint(0, len(line))
                end = rng.randint(start, min(start + 40, len(line)))
                assert _measured_window(line, start, end) == _stepped_window(line, start, end)
                checked += 1
    assert checked > 10_000


def test_text_quoted_in_a_message_is_cut_too(tmp_path: Path) -> None:
    """A Markdown link's target has no length limit: `[x](aaa….md)` with 100,000 characters
    made a 100 KB message, in every format."""
    write_vault(tmp_path, {"a.md": "[x](" + "a" * 100_000 + ".md) [[Gone]]\n"})
    args = ["lint", str(tmp_path), "--no-cache", "--select", "LNK001", "--output-format", "json"]
    found = json.loads(runner.invoke(app, args).stdout)
    assert [d["message"] for d in found] == [
        "Broken link: no note named `" + "a" * 100 + "…" + "a" * 16 + ".md`",
        "Broken link: no note named `Gone`",
    ]


def test_every_character_shown_otherwise_is_one_isprintable_refuses() -> None:
    """``shown`` and ``one_line`` pass text ``str.isprintable()`` accepts as it is, without
    searching it: so no character they change may be printable. Each is changed, alone and
    within printable text."""
    hidden = [
        chr(code)
        for code in (
            *range(0x20),
            *range(0x7F, 0xA0),
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    ]
    for char in hidden:
        assert not char.isprintable()
        assert shown(f"a{char}b") != f"a{char}b"
        assert one_line(f"a{char}b") != f"a{char}b"
    assert shown("a\u202eb\tc") == "a\N{REPLACEMENT CHARACTER}b c"
    assert one_line("a\u202eb\tc") == "a\\u202eb\\tc"
    assert shown("plain ü 漢字 text") == "plain ü 漢字 text"
    assert one_line("a\u00a0b") == "a\u00a0b"  # not printable, but shown as it is
