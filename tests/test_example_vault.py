"""The bundled example vault: its report is pinned, problem by problem."""

from __future__ import annotations

from tests.conftest import EXAMPLE_VAULT, as_rows
from vaultcheck.engine import lint
from vaultcheck.selection import select_rules

EXPECTED = [
    (
        "LNK009",
        "Active Listening.md",
        15,
        74,
        "Link to alias: `NVC` is an alias of `Nonviolent Communication.md`, and Obsidian resolves links by file name; write `[[Nonviolent Communication|NVC]]`",
    ),
    (
        "LNK002",
        "Active Listening.md",
        16,
        9,
        "Ambiguous link: `Check-in` matches 2 files (`sessions/Check-in.md`, `templates/Check-in.md`); write the path to pick one",
    ),
    ("LNK007", "Active Listening.md", 16, 63, "Empty link: `[[]]` has no target"),
    (
        "LNK003",
        "Boundary Models.md",
        26,
        34,
        "Missing heading: `Conflict Repair.md` has no heading `Rupture and Return`",
    ),
    (
        "FM001",
        "Broken YAML.md",
        2,
        14,
        "Invalid YAML: mapping values are not allowed in this context",
    ),
    (
        "LNK004",
        "Conflict Repair.md",
        18,
        35,
        "Missing block: `Boundary Models.md` has no block `^agreements`",
    ),
    ("LNK005", "Conflict Repair.md", 21, 1, "Missing attachment: no file named `repair-cycle.png`"),
    (
        "TXT002",
        "Legacy Export.md",
        5,
        33,
        "Not valid UTF-8: byte 0xE9 cannot be decoded; Obsidian shows replacement characters here",
    ),
    (
        "LNK001",
        "Nonviolent Communication.md",
        17,
        58,
        "Broken link: no note named `Boundary Model`; did you mean `Boundary Models`?",
    ),
    (
        "FM003",
        "Reading List.md",
        5,
        1,
        "Duplicate property `tags` (first defined on line 3); only one of the values is kept",
    ),
    (
        "FM002",
        "Scratch.md",
        2,
        1,
        "Frontmatter is a YAML list, not a mapping of property names to values",
    ),
]


def test_example_vault_report_is_exactly_the_planted_problems() -> None:
    assert as_rows(lint(EXAMPLE_VAULT, select_rules()).diagnostics) == EXPECTED


def test_example_vault_has_a_problem_for_every_default_rule_that_can_show_one() -> None:
    shown = {row[0] for row in EXPECTED}
    # VC003 needs an unreadable file, which git cannot store.
    default = {cls.code for cls in select_rules()} - {"VC003"}
    assert default <= shown
