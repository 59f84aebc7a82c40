"""The bundled example vault: its report is pinned, problem by problem."""

from __future__ import annotations

from tests.conftest import EXAMPLE_VAULT, as_rows
from vaultcheck.core.config import load_config
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import Selection, resolve_layers, select_rules

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
        "Ambiguous link: `Check-in` matches 2 files; Obsidian opens `sessions/Check-in.md` (the shortest path), not `templates/Check-in.md`; write `sessions/Check-in` to say so",
    ),
    ("LNK007", "Active Listening.md", 16, 63, "Empty link: `[[]]` has no target"),
    (
        "REL005",
        "Active Listening.md",
        32,
        3,
        "`[[sessions/Check-in]]` is under the heading `🔗 Related Frameworks` but not in `related`",
    ),
    (
        "AL002",
        "Attachment Styles.md",
        5,
        5,
        "Duplicate alias `attachment` (already listed on line 4)",
    ),
    (
        "AL004",
        "Attachment Styles.md",
        6,
        5,
        "Alias `Styles | Patterns` contains `|`, which breaks `[[Target|Alias]]` links",
    ),
    (
        "AL003",
        "Attachment Styles.md",
        7,
        5,
        "Alias `Repair` is also claimed by `Conflict Repair.md`",
    ),
    (
        "TAG002",
        "Attachment Styles.md",
        10,
        5,
        "Tag `Psychology` is also written `psychology` (2 times); pick one casing",
    ),
    (
        "TAG004",
        "Attachment Styles.md",
        11,
        5,
        "Frontmatter tag `#practice` should be written without `#`: `practice`",
    ),
    (
        "TAG001",
        "Attachment Styles.md",
        12,
        5,
        "Invalid tag `social justice`: tags cannot contain spaces",
    ),
    (
        "TAG003",
        "Attachment Styles.md",
        13,
        5,
        "Unknown tag `attachmnet`: not in the allowed tags; did you mean `attachment`?",
    ),
    ("TAG006", "Attachment Styles.md", 14, 5, "Duplicate tag `attachment` (already on line 9)"),
    ("CIT002", "Attachment Styles.md", 26, 54, "Unknown citation key `@ainsworth1978`"),
    (
        "LNK003",
        "Boundary Models.md",
        27,
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
        "AL003",
        "Conflict Repair.md",
        3,
        11,
        "Alias `Repair` is also claimed by `Attachment Styles.md`",
    ),
    (
        "LNK004",
        "Conflict Repair.md",
        18,
        35,
        "Missing block: `Boundary Models.md` has no block `^agreements`",
    ),
    ("LNK005", "Conflict Repair.md", 21, 1, "Missing attachment: no file named `repair-cycle.png`"),
    ("FM004", "Inbox.md", 1, 1, "Missing required property `title`"),
    ("GR001", "Inbox.md", 1, 1, "Orphan note: no links to or from other notes"),
    ("AL001", "Inbox.md", 2, 10, "`aliases` should be a list of text, not a number"),
    ("FM008", "Inbox.md", 3, 1, "`tag` is no longer read by Obsidian; use `tags`"),
    ("FM007", "Inbox.md", 5, 11, "`modified` (2025-10-11) is before `created` (2025-10-12)"),
    ("VC001", "Inbox.md", 13, 1, "Unused suppression: no LNK001 problem to silence here"),
    ("VC002", "Inbox.md", 16, 1, "Unknown rule code `LNK01` in suppression"),
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
        18,
        58,
        "Broken link: no note named `Boundary Model`; did you mean `Boundary Models`?",
    ),
    (
        "FM005",
        "Reading List.md",
        5,
        9,
        "`rating` should be a number (per `.obsidian/types.json`), not text",
    ),
    (
        "FM006",
        "Reading List.md",
        6,
        10,
        "Invalid date `2025-02-30` in `created`: day is out of range for month",
    ),
    (
        "FM003",
        "Reading List.md",
        7,
        1,
        "Duplicate property `tags` (first defined on line 3); only one of the values is kept",
    ),
    (
        "CIT001",
        "Reading Notes.md",
        1,
        1,
        "Missing `citation`: notes tagged `#framework` must cite a source",
    ),
    ("CIT003", "Reading Notes.md", 14, 3, "Malformed reference: the year 2078 is impossible"),
    (
        "CIT003",
        "Reading Notes.md",
        15,
        3,
        "Malformed reference: no year in parentheses, as in `Author, A. (2003). Title.`",
    ),
    ("CIT004", "Reading Notes.md", 16, 3, "Duplicate reference (same as line 13)"),
    (
        "TXT001",
        "Reading Notes.md",
        17,
        7,
        "Mojibake: `√≠n-Bar√≥` should read `ín-Baró` (UTF-8 decoded as Mac Roman)",
    ),
    (
        "TXT003",
        "Reading Notes.md",
        19,
        1,
        "Unclosed comment: `%%` is never closed, so the rest of the note is hidden",
    ),
    (
        "FM002",
        "Scratch.md",
        2,
        1,
        "Frontmatter is a list, not a mapping of property names to values",
    ),
    ("REL002", "Secure Base.md", 5, 5, "Related entry `Secure Base` is this note itself"),
    (
        "REL003",
        "Secure Base.md",
        7,
        5,
        "Duplicate related entry `Attachment` (already listed on line 6)",
    ),
    (
        "REL001",
        "Secure Base.md",
        8,
        5,
        "Related note `Earned Security` (in `related`) does not exist",
    ),
    (
        "REL005",
        "Secure Base.md",
        8,
        5,
        "`Earned Security` is in `related` but not linked under the heading `Related`",
    ),
    (
        "REL006",
        "Secure Base.md",
        9,
        5,
        '`related` entry is a nested YAML list: quote wikilinks, as in "[[Name]]"',
    ),
    (
        "REL005",
        "Secure Base.md",
        21,
        3,
        "`[[Active Listening]]` is under the heading `Related` but not in `related`",
    ),
    ("GR001", "templates/Check-in.md", 1, 1, "Orphan note: no links to or from other notes"),
]


def test_example_vault_report_is_exactly_the_planted_problems() -> None:
    config = load_config(EXAMPLE_VAULT)
    assert config.path == EXAMPLE_VAULT / ".vaultcheck.toml"
    # The vault's config opts in to CIT003 and CIT004, as `vaultcheck lint` reads it.
    rules = resolve_layers([Selection(config.select, config.extend_select, config.ignore)])
    result = lint(EXAMPLE_VAULT, rules, config=config)
    assert as_rows(result.diagnostics) == EXPECTED


def test_example_vault_has_a_problem_for_every_default_rule_that_can_show_one() -> None:
    shown = {row[0] for row in EXPECTED}
    # VC003 needs an unreadable file, which git cannot store; VC004 a parser bug; VC005 a
    # note over 10 MB; VC006 a baseline file. Each has its own tests (test_faults,
    # test_hostile, test_baseline).
    default = {cls.code for cls in select_rules()} - {"VC003", "VC004", "VC005", "VC006"}
    assert sorted(default - shown) == []
