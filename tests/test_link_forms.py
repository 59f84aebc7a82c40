"""Every link form of DESIGN's "Obsidian semantics" resolves as Obsidian resolves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import resolved_links, write_vault
from vaultcheck.vault.resolve import Decided, Status

TARGETS = {
    "Note.md": "# Heading\n\n## H1\n\n### H2\n\nA paragraph. ^block\n",
    "My Note.md": "spaces in the name\n",
    "dir/Deep.md": "deep\n",
    "other/Deep.md": "another note with the same name\n",
    "x/Rel.md": "relative target\n",
    "img.png": b"\x89PNG\r\n",
    "diagram.png": b"\x89PNG\r\n",
}

# (markdown written in a/Source.md, expected status, expected target)
CASES = [
    ("[[Note]]", Status.RESOLVED, "Note.md"),
    ("[[Note.md]]", Status.RESOLVED, "Note.md"),
    ("[[note]]", Status.RESOLVED, "Note.md"),
    ("[[NOTE.MD]]", Status.RESOLVED, "Note.md"),
    ("[[dir/Deep]]", Status.RESOLVED, "dir/Deep.md"),
    ("[[other\\Deep]]", Status.RESOLVED, "other/Deep.md"),  # a backslash reads as `/`
    ("[[other\\deep#Heading]]", Status.RESOLVED, "other/Deep.md"),
    ("[[Deep]]", Status.RESOLVED, "dir/Deep.md"),  # the shorter path of two
    ("[[../x/Rel]]", Status.RESOLVED, "x/Rel.md"),
    ("[[./Source]]", Status.RESOLVED, "a/Source.md"),
    ("[[Note|text]]", Status.RESOLVED, "Note.md"),
    ("[[Note#Heading]]", Status.RESOLVED, "Note.md"),
    ("[[Note#H1#H2]]", Status.RESOLVED, "Note.md"),
    ("[[Note#^block]]", Status.RESOLVED, "Note.md"),
    ("[[#Own heading]]", Status.RESOLVED, "a/Source.md"),
    ("![[img.png|100]]", Status.RESOLVED, "img.png"),
    ("![[Note#Heading]]", Status.RESOLVED, "Note.md"),
    ("[t](Note.md)", Status.RESOLVED, "Note.md"),
    ("[t](../Note.md)", Status.RESOLVED, "Note.md"),
    ("[t](My%20Note.md)", Status.RESOLVED, "My Note.md"),
    ("[t](<My Note.md>)", Status.RESOLVED, "My Note.md"),
    ("[t](Note.md#Heading)", Status.RESOLVED, "Note.md"),
    ("![alt](img.png)", Status.RESOLVED, "img.png"),
    ("[[diagram]]", Status.UNRESOLVED, None),  # non-note targets need their extension
    ("[[diagram.png]]", Status.RESOLVED, "diagram.png"),
    ("[[Missing]]", Status.UNRESOLVED, None),
    ("[[../../../etc/passwd]]", Status.UNRESOLVED, None),
    ("[x](/etc/passwd)", Status.UNRESOLVED, None),
    ("[[]]", Status.EMPTY, None),
]


@pytest.mark.parametrize(("written", "status", "target"), CASES, ids=[c[0] for c in CASES])
def test_link_form_resolves_like_obsidian(
    tmp_path: Path, written: str, status: Status, target: str | None
) -> None:
    write_vault(tmp_path, {**TARGETS, "a/Source.md": f"# Own heading\n\nSee {written} here.\n"})
    [(shown, resolution)] = resolved_links(tmp_path, "a/Source.md")
    assert shown == written
    assert resolution.status is status
    assert resolution.target == target


def test_a_guessed_link_lists_the_other_candidates(tmp_path: Path) -> None:
    write_vault(tmp_path, {**TARGETS, "a/Source.md": "[[Deep]]\n"})
    [(_, resolution)] = resolved_links(tmp_path, "a/Source.md")
    assert (resolution.target, resolution.decided, resolution.others) == (
        "dir/Deep.md",
        Decided.SHORTEST,
        ("other/Deep.md",),
    )


def test_escaped_pipe_in_table_separates_the_display_text(tmp_path: Path) -> None:
    table = "| a | b |\n| - | - |\n| [[Note\\|shown text]] | x |\n"
    write_vault(tmp_path, {**TARGETS, "a/Source.md": table})
    [(shown, resolution)] = resolved_links(tmp_path, "a/Source.md")
    assert shown == "[[Note\\|shown text]]"
    assert resolution.target == "Note.md"


@pytest.mark.parametrize(
    "hidden",
    [
        "```\n[[Note]]\n```",
        "~~~md\n[[Note]]\n~~~",
        "    [[Note]] in an indented code block",
        "`[[Note]]` in inline code",
        "$[[Note]]$ in math",
        "$$\n[[Note]]\n$$",
        "%% [[Note]] %% in a comment",
        "%%\n[[Note]]\n\nstill hidden\n%%",
        "<!-- [[Note]] -->",
        "text <!-- [[Note]] --> text",
        "\\[[Note]] escaped",
    ],
)
def test_no_links_in_code_math_or_comments(tmp_path: Path, hidden: str) -> None:
    write_vault(tmp_path, {**TARGETS, "a/Source.md": f"before\n\n{hidden}\n\nafter\n"})
    assert resolved_links(tmp_path, "a/Source.md") == []


def test_comment_opened_in_one_paragraph_closes_in_a_later_one(tmp_path: Path) -> None:
    text = "one %% hidden [[Note]]\n\n[[Missing]] still hidden\n\nend %% [[My Note]]\n"
    write_vault(tmp_path, {**TARGETS, "a/Source.md": text})
    assert [shown for shown, _ in resolved_links(tmp_path, "a/Source.md")] == ["[[My Note]]"]


def test_frontmatter_string_links_are_links(tmp_path: Path) -> None:
    text = '---\nup: "[[Note]]"\ncategories:\n  - "[[My Note]]"\n  - plain\n---\nbody\n'
    write_vault(tmp_path, {**TARGETS, "a/Source.md": text})
    found = resolved_links(tmp_path, "a/Source.md")
    assert [(shown, res.target) for shown, res in found] == [
        ("[[Note]]", "Note.md"),
        ("[[My Note]]", "My Note.md"),
    ]


def test_names_match_across_unicode_normalization(tmp_path: Path) -> None:
    nfd_name = "Cafe\u0301.md"  # "Café" as macOS may store it
    write_vault(tmp_path, {nfd_name: "x\n", "Source.md": "[[Caf\u00e9]]\n"})
    [(_, resolution)] = resolved_links(tmp_path, "Source.md")
    assert resolution.target == nfd_name
