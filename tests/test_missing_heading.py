"""``missing_heading``: a link's heading path against a note's headings, section by section."""

from __future__ import annotations

import pytest

from vaultcheck.core.model import Heading, Span
from vaultcheck.rules.link_anchors import missing_heading

_AT = Span(0, 0, 1, 1, 1, 1)
#: # A / ## B / ### C / ## D / # E / ## B (a second `B`, under `E`) / # Set-up / # Hello World!
HEADINGS = tuple(
    Heading(level, text, _AT)
    for level, text in [
        (1, "A"),
        (2, "B"),
        (3, "C"),
        (2, "D"),
        (1, "E"),
        (2, "B"),
        (1, "Set-up"),
        (1, "Hello World!"),
    ]
)


@pytest.mark.parametrize(
    ("wanted", "problem"),
    [
        (("A",), None),
        (("a",), None),  # without case
        (("A", "B", "C"), None),
        (("E", "B"), None),  # the second `B`, under `E`
        (("A", "D"), None),
        (("B", "D"), "has a heading `D`, but not under `B`"),  # `B`'s section ends at `D`
        (("D", "C"), "has a heading `C`, but not under `D`"),  # `C` comes before `D`
        (("A", "E"), "has a heading `E`, but not under `A`"),  # `A`'s section ends at `E`
        (("Nowhere",), "has no heading `Nowhere`"),
        (("set-up",), None),
        (("Set up",), "has no heading `Set up`"),  # `-` is not read as a space
        (
            ("hello-world",),
            "has no heading `hello-world` (a GitHub-style anchor, which Obsidian does not "
            "read; write `#Hello World!`)",
        ),
    ],
)
def test_a_heading_path_is_found_section_by_section(
    wanted: tuple[str, ...], problem: str | None
) -> None:
    assert missing_heading(HEADINGS, wanted) == problem
