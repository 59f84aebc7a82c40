"""Table-driven tests for the FM004-8, AL, TAG, REL, CIT, GR, TXT001/3 and VC rules.

Each row: id, selected rule, config (TOML data), files, and exactly what the user sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import as_rows, write_vault
from vaultcheck.core.config import parse_config
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules

Row = tuple[str, str, int, int, str]
FM = "---\ntitle: T\n---\n"

CASES: list[tuple[str, str, dict[str, Any], dict[str, str | bytes], list[Row]]] = [
    # FM009 unquoted-property-link, TAG008 tags-in-comment
    (
        "FM009 fires on values and list elements",
        "FM009",
        {},
        {
            "a.md": '---\nup: [[Index]]\ntopics:\n  - [[Design|d]]\n  - plain\n  - "[[ok]]"\n'
            "grid: [[a], [b]]\naliases: [[A]]\nrelated: [[B]]\n---\n",
        },
        [
            (
                "FM009",
                "a.md",
                2,
                5,
                '`up` holds a nested YAML list, not a link: quote it, as in "[[Index]]"',
            ),
            (
                "FM009",
                "a.md",
                4,
                5,
                '`topics` holds a nested YAML list, not a link: quote it, as in "[[Design|d]]"',
            ),
        ],
    ),
    (
        "TAG008 fires on a comment that starts like a tag",
        "TAG008",
        {},
        {
            "a.md": "---\ntags: #book #to-read\n---\n",
            "b.md": "---\ntags: # to do\n---\n",
            "c.md": "---\ntags:\n  - #x\n---\n",
            "d.md": "---\ntags: #a #b\n  - c\n---\n",
        },
        [
            (
                "TAG008",
                "a.md",
                2,
                7,
                "`#book #to-read` is a YAML comment, so the note has no tags: write [book, to-read]",
            ),
            (
                "TAG008",
                "d.md",
                2,
                7,
                "`#a #b` is a YAML comment, not tags: add them to the list below",
            ),
        ],
    ),
    # FM004 missing-required-key
    (
        "FM004 fires",
        "FM004",
        {"frontmatter": {"required": ["created"]}},
        {"a.md": FM},
        [("FM004", "a.md", 1, 1, "Missing required property `created`")],
    ),
    (
        "FM004 by tag",
        "FM004",
        {"frontmatter": {"schema": [{"tags": ["book"], "required": ["author"]}]}},
        {"a.md": "---\ntags: [book]\n---\n", "b.md": "---\ntags: [film]\n---\n"},
        [("FM004", "a.md", 1, 1, "Missing required property `author`")],
    ),
    (
        "FM004 quiet when present",
        "FM004",
        {"frontmatter": {"required": ["title"]}},
        {"a.md": FM},
        [],
    ),
    # FM005 wrong-value-type
    (
        "FM005 by path, in a note before and after the others",
        "FM005",
        {
            "frontmatter": {
                "types": {"rating": "number"},
                "schema": [{"paths": ["b/*"], "types": {"rating": "string"}}],
            }
        },
        {f"{p}.md": "---\nrating: high\n---\n" for p in ("a", "b/x", "c")},
        [
            ("FM005", "a.md", 2, 9, "`rating` should be a number (per the config), not text"),
            ("FM005", "c.md", 2, 9, "`rating` should be a number (per the config), not text"),
        ],
    ),
    (
        "FM005 fires",
        "FM005",
        {"frontmatter": {"types": {"rating": "number", "up": "link"}}},
        {"a.md": "---\nrating: high\nup: Parent\n---\n"},
        [
            ("FM005", "a.md", 2, 9, "`rating` should be a number (per the config), not text"),
            (
                "FM005",
                "a.md",
                3,
                5,
                '`up` should be a link such as "[[Note]]" (per the config), not text',
            ),
        ],
    ),
    (
        "FM005 types.json",
        "FM005",
        {},
        {
            ".obsidian/types.json": '{"types": {"done": "checkbox"}}',
            "a.md": "---\ndone: yes please\n---\n",
        },
        [
            (
                "FM005",
                "a.md",
                2,
                7,
                "`done` should be a boolean (per `.obsidian/types.json`), not text",
            )
        ],
    ),
    (
        # A type applies to the name as written: Obsidian's help does not say whether
        # `Done` is the property `done` (docs/design.md, "Questions Obsidian's help does
        # not answer"), so it is not judged by that type.
        "FM005 quiet on the name in another case",
        "FM005",
        {},
        {
            ".obsidian/types.json": '{"types": {"done": "checkbox"}}',
            "a.md": "---\nDone: yes please\n---\n",
        },
        [],
    ),
    (
        "FM005 quiet on empty and right types",
        "FM005",
        {"frontmatter": {"types": {"rating": "number", "up": "link"}}},
        {"a.md": '---\nrating:\nup: "[[Parent]]"\n---\n', "b.md": "---\nrating: 7.5\n---\n"},
        [],
    ),
    # FM006 invalid-date
    (
        "FM006 fires",
        "FM006",
        {},
        {"a.md": "---\ncreated: 2025-02-30\nmodified: 10/02/2025\n---\n"},
        [
            (
                "FM006",
                "a.md",
                2,
                10,
                "Invalid date `2025-02-30` in `created`: day is out of range for month",
            ),
            (
                "FM006",
                "a.md",
                3,
                11,
                "Invalid date `10/02/2025` in `modified`: not an ISO 8601 date (YYYY-MM-DD)",
            ),
        ],
    ),
    (
        "FM006 quiet on dates and datetimes",
        "FM006",
        {},
        {"a.md": "---\ncreated: 2025-02-28\nmodified: 2025-03-01T10:30\n---\n"},
        [],
    ),
    # FM007 modified-before-created
    (
        "FM007 fires",
        "FM007",
        {},
        {"a.md": "---\ncreated: 2025-10-05\nmodified: 2025-10-02\n---\n"},
        [("FM007", "a.md", 3, 11, "`modified` (2025-10-02) is before `created` (2025-10-05)")],
    ),
    (
        "FM007 quiet same day",
        "FM007",
        {},
        {"a.md": "---\ncreated: 2025-10-05\nmodified: 2025-10-05 09:00:00\n---\n"},
        [],
    ),
    (
        "FM007 compares instants across time zones",
        "FM007",
        {},
        {
            "a.md": "---\ncreated: 2025-10-05T10:00:00Z\nmodified: 2025-10-05T12:00:00+05:00\n---\n",
            "b.md": "---\ncreated: '2025-10-05T10:00+02:00'\nmodified: '2025-10-05T09:30+03:00'\n---\n",
            "c.md": "---\ncreated: 2025-10-05T10:00:00+02:00\nmodified: 2025-10-05T09:30:00+01:00\n---\n",
        },
        [
            (
                "FM007",
                "a.md",
                3,
                11,
                "`modified` (2025-10-05T12:00:00+05:00) is before `created` (2025-10-05T10:00:00+00:00)",
            ),
            (
                "FM007",
                "b.md",
                3,
                11,
                "`modified` (2025-10-05T09:30:00+03:00) is before `created` (2025-10-05T10:00:00+02:00)",
            ),
        ],
    ),
    (
        "FM007 a time without a zone is before only in every zone",
        "FM007",
        {},
        {
            # 09:00 somewhere may be 10:00 UTC or later (up to 21:00 UTC): not certainly before.
            "a.md": "---\ncreated: 2025-10-05T10:00:00Z\nmodified: 2025-10-05T09:00\n---\n",
            # 09:00 anywhere is at the latest 21:00 UTC, before the next day's 10:00 UTC.
            "b.md": "---\ncreated: 2025-10-06T10:00:00Z\nmodified: 2025-10-05T09:00\n---\n",
            # 12:00 anywhere is at the earliest 22:00 UTC the day before (in UTC+14:00).
            "c.md": "---\ncreated: 2025-10-05T12:00\nmodified: 2025-10-04T21:59:00Z\n---\n",
            "d.md": "---\ncreated: 2025-10-05T12:00\nmodified: 2025-10-04T22:00:00Z\n---\n",
        },
        [
            (
                "FM007",
                "b.md",
                3,
                11,
                "`modified` (2025-10-05T09:00:00) is before `created` (2025-10-06T10:00:00+00:00)",
            ),
            (
                "FM007",
                "c.md",
                3,
                11,
                "`modified` (2025-10-04T21:59:00+00:00) is before `created` (2025-10-05T12:00:00)",
            ),
        ],
    ),
    (
        "FM007 a date is the whole day",
        "FM007",
        {},
        {
            "a.md": "---\ncreated: 2025-10-05T10:00\nmodified: 2025-10-05\n---\n",
            "b.md": "---\ncreated: 2025-10-05T10:00+02:00\nmodified: 2025-10-04\n---\n",
        },
        [
            (
                "FM007",
                "b.md",
                3,
                11,
                "`modified` (2025-10-04) is before `created` (2025-10-05T10:00:00+02:00)",
            )
        ],
    ),
    # FM008 deprecated-key
    (
        "FM008 fires",
        "FM008",
        {},
        {"a.md": "---\ntag: x\nalias: y\ncssclass: z\n---\n"},
        [
            ("FM008", "a.md", 2, 1, "`tag` is no longer read by Obsidian; use `tags`"),
            ("FM008", "a.md", 3, 1, "`alias` is no longer read by Obsidian; use `aliases`"),
            ("FM008", "a.md", 4, 1, "`cssclass` is no longer read by Obsidian; use `cssclasses`"),
        ],
    ),
    (
        "FM008 quiet on plural",
        "FM008",
        {},
        {"a.md": "---\ntags: x\naliases: y\ncssclasses: z\n---\n"},
        [],
    ),
    # AL001-AL004
    (
        "AL001 fires",
        "AL001",
        {},
        {"a.md": "---\naliases:\n  - [[Old]]\n  -\n  - 7\n---\n"},
        [
            ("AL001", "a.md", 3, 5, "Alias is a nested YAML list: write the name without `[[ ]]`"),
            ("AL001", "a.md", 4, 4, "Empty alias"),
            ("AL001", "a.md", 5, 5, "Alias should be text, not a number"),
        ],
    ),
    ("AL001 quiet on one string", "AL001", {}, {"a.md": "---\naliases: Old Name\n---\n"}, []),
    (
        "AL002 fires",
        "AL002",
        {},
        {"a.md": "---\naliases: [NVC, nvc]\n---\n"},
        [("AL002", "a.md", 2, 16, "Duplicate alias `nvc` (already listed on line 2)")],
    ),
    ("AL002 quiet", "AL002", {}, {"a.md": "---\naliases: [NVC, NV C]\n---\n"}, []),
    (
        "AL003 fires",
        "AL003",
        {},
        {
            "a.md": "---\naliases: [B, Shared]\n---\n",
            "B.md": "",
            "c.md": "---\naliases: [shared]\n---\n",
        },
        [
            ("AL003", "a.md", 2, 11, "Alias `B` is the name of another note, `B.md`"),
            ("AL003", "a.md", 2, 14, "Alias `Shared` is also claimed by `c.md`"),
            ("AL003", "c.md", 2, 11, "Alias `shared` is also claimed by `a.md`"),
        ],
    ),
    (
        "AL003 quiet on own name",
        "AL003",
        {},
        {"Power_Dynamics.md": "---\naliases: [Power_Dynamics]\n---\n"},
        [],
    ),
    (
        "AL004 fires",
        "AL004",
        {},
        {"a.md": '---\naliases: ["A | B", "C [x]"]\n---\n'},
        [
            (
                "AL004",
                "a.md",
                2,
                11,
                "Alias `A | B` contains `|`, which breaks `[[Target|Alias]]` links",
            ),
            (
                "AL004",
                "a.md",
                2,
                20,
                "Alias `C [x]` contains `[` `]`, which breaks `[[Target|Alias]]` links",
            ),
        ],
    ),
    ("AL004 quiet on # and :", "AL004", {}, {"a.md": '---\naliases: ["C#: basics"]\n---\n'}, []),
    # TAG001-TAG007
    (
        "TAG001 fires",
        "TAG001",
        {},
        {"a.md": '---\ntags: [social justice, "1984", a.b]\n---\n'},
        [
            ("TAG001", "a.md", 2, 8, "Invalid tag `social justice`: tags cannot contain spaces"),
            (
                "TAG001",
                "a.md",
                2,
                24,
                "Invalid tag `1984`: tags need at least one character that is not a digit",
            ),
            ("TAG001", "a.md", 2, 32, "Invalid tag `a.b`: tags cannot contain `.`"),
        ],
    ),
    ("TAG001 quiet", "TAG001", {}, {"a.md": "---\ntags: [y1984, nested/tag, café, 🧩]\n---\n"}, []),
    # Only ASCII digits make a tag a number (JavaScript's `\d`): a Persian, Arabic or
    # Devanagari year is a tag, and was an error.
    (
        "TAG001 quiet on other scripts' digits",
        "TAG001",
        {},
        {"a.md": "---\ntags: [۱۴۰۲, ٢٠٢٤, १२३]\n---\n"},
        [],
    ),
    (
        "TAG002 fires",
        "TAG002",
        {},
        {"a.md": "#psych #psych\n", "b.md": "---\ntags: [Psych]\n---\n"},
        [
            (
                "TAG002",
                "b.md",
                2,
                8,
                "Tag `Psych` is also written `psych` (2 times); pick one casing",
            )
        ],
    ),
    ("TAG002 quiet", "TAG002", {}, {"a.md": "#psych\n", "b.md": "---\ntags: [psych]\n---\n"}, []),
    (
        # Obsidian compares tags as JavaScript's toLowerCase() does: `Strasse` is another
        # spelling of `Straße`, not another casing (casefold() would call them one).
        "TAG002 quiet on spellings that only casefold() joins",
        "TAG002",
        {},
        {"a.md": "#Straße #ﬁle\n", "b.md": "#STRASSE #file\n"},
        [],
    ),
    (
        "TAG003 fires",
        "TAG003",
        {"tags": {"allowed": ["psychology", "area"]}},
        {"a.md": "#psycology #area/work\n"},
        [
            (
                "TAG003",
                "a.md",
                1,
                1,
                "Unknown tag `psycology`: not in the allowed tags; did you mean `psychology`?",
            )
        ],
    ),
    ("TAG003 quiet without vocabulary", "TAG003", {}, {"a.md": "#anything\n"}, []),
    (
        "TAG004 fires",
        "TAG004",
        {},
        {"a.md": '---\ntags:\n  - #comment\n  - "#quoted"\n---\n'},
        [
            (
                "TAG004",
                "a.md",
                3,
                4,
                "`#comment` is a YAML comment here, so this tag is empty; write `comment`",
            ),
            (
                "TAG004",
                "a.md",
                4,
                5,
                "Frontmatter tag `#quoted` should be written without `#`: `quoted`",
            ),
        ],
    ),
    ("TAG004 quiet", "TAG004", {}, {"a.md": "---\ntags:\n  - plain # a real comment\n---\n"}, []),
    (
        "TAG004 fires on a string of tags",
        "TAG004",
        {},
        {"a.md": "---\ntags: '#one'\n---\n", "b.md": '---\ntags: "x, #two #three"\n---\n'},
        [
            ("TAG004", "a.md", 2, 7, "Frontmatter tag `#one` should be written without `#`: `one`"),
            (
                "TAG004",
                "b.md",
                2,
                7,
                "Frontmatter tags `x, #two #three` should be written without `#`: `x, two three`",
            ),
        ],
    ),
    ("TAG004 quiet on a string", "TAG004", {}, {"a.md": "---\ntags: 'a, b#c'\n---\n"}, []),
    (
        "TAG005 fires",
        "TAG005",
        {"tags": {"style": "kebab"}},
        {"a.md": "#social_justice #fine-tag\n"},
        [("TAG005", "a.md", 1, 1, "Tag `social_justice` is not kebab-case")],
    ),
    (
        "TAG005 infers the style",
        "TAG005",
        {},
        {"a.md": "#a_b #c_d #e-f\n"},
        [("TAG005", "a.md", 1, 11, "Tag `e-f` is not snake-case")],
    ),
    (
        "TAG006 fires",
        "TAG006",
        {},
        {"a.md": "---\ntags: [x, X]\n---\n"},
        [("TAG006", "a.md", 2, 11, "Duplicate tag `X` (already on line 2)")],
    ),
    ("TAG006 quiet on body repeats", "TAG006", {}, {"a.md": "---\ntags: [x]\n---\n#x #x\n"}, []),
    (
        "TAG006 quiet on spellings that only casefold() joins",
        "TAG006",
        {},
        {"a.md": "---\ntags: [Straße, Strasse, Fußball, FUSSBALL]\n---\n"},
        [],
    ),
    (
        "TAG007 fires",
        "TAG007",
        {},
        {"a.md": "#social_justice #social_justice #social-justice #socialjustice\n"},
        [
            (
                "TAG007",
                "a.md",
                1,
                33,
                "Tag `social-justice` looks like `social_justice` (used 2 times)",
            ),
            (
                "TAG007",
                "a.md",
                1,
                49,
                "Tag `socialjustice` looks like `social_justice` (used 2 times)",
            ),
        ],
    ),
    ("TAG007 quiet", "TAG007", {}, {"a.md": "#social #justice\n"}, []),
    # REL001-REL006
    (
        "REL001 fires",
        "REL001",
        {},
        {
            "Boundary Models.md": "",
            "a.md": "---\nrelated:\n  - Boundary Model\n  - Boundary Models\n---\n",
        },
        [
            (
                "REL001",
                "a.md",
                3,
                5,
                "Related note `Boundary Model` (in `related`) does not exist; did you mean `Boundary Models`?",
            )
        ],
    ),
    (
        "REL001 by alias and custom key",
        "REL001",
        {"related": {"key": "see"}},
        {
            "b.md": "---\naliases: [Bee]\n---\n",
            "a.md": '---\nsee: [Bee, b, "[[Gone]]", Nope]\n---\n',
        },
        [("REL001", "a.md", 2, 27, "Related note `Nope` (in `see`) does not exist")],
    ),
    (
        "REL001 aliases off",
        "REL001",
        {"related": {"resolve-aliases": False}},
        {"b.md": "---\naliases: [Bee]\n---\n", "a.md": "---\nrelated: [Bee]\n---\n"},
        [("REL001", "a.md", 2, 11, "Related note `Bee` (in `related`) does not exist")],
    ),
    (
        "REL002 fires",
        "REL002",
        {},
        {"a.md": "---\nrelated: [a, b]\n---\n", "b.md": ""},
        [("REL002", "a.md", 2, 11, "Related entry `a` is this note itself")],
    ),
    ("REL002 quiet", "REL002", {}, {"a.md": "---\nrelated: [b]\n---\n", "b.md": ""}, []),
    (
        "REL003 fires",
        "REL003",
        {},
        {"a.md": '---\nrelated: [b, "[[B]]", c]\n---\n', "b.md": "", "c.md": ""},
        [("REL003", "a.md", 2, 14, "Duplicate related entry `[[B]]` (already listed on line 2)")],
    ),
    (
        "REL003 quiet",
        "REL003",
        {},
        {"a.md": "---\nrelated: [b, c]\n---\n", "b.md": "", "c.md": ""},
        [],
    ),
    (
        "REL004 fires",
        "REL004",
        {},
        {"a.md": "---\nrelated: [b, c]\n---\n", "b.md": "---\nrelated: [a]\n---\n", "c.md": ""},
        [("REL004", "a.md", 2, 14, "`c.md` does not list this note in its `related` in return")],
    ),
    (
        "REL005 fires",
        "REL005",
        {},
        {
            "b.md": "",
            "c.md": "",
            "d.md": "",
            "a.md": "---\nrelated: [b, c]\n---\n## See elsewhere\n[[d]]\n## Related notes\n- [[b]]\n- [[d]]\n",
        },
        [
            (
                "REL005",
                "a.md",
                2,
                14,
                "`c` is in `related` but not linked under the heading `Related notes`",
            ),
            (
                "REL005",
                "a.md",
                8,
                3,
                "`[[d]]` is under the heading `Related notes` but not in `related`",
            ),
        ],
    ),
    (
        "REL005 quiet when they agree",
        "REL005",
        {},
        {"b.md": "", "a.md": "---\nrelated: [b]\n---\n# Related\n- [[B|bee]]\n"},
        [],
    ),
    (
        "REL005 quiet without the heading",
        "REL005",
        {},
        {"b.md": "", "a.md": "---\nrelated: [b]\n---\n# Unrelated\n"},
        [],
    ),
    (
        "REL006 fires",
        "REL006",
        {},
        {"a.md": "---\nrelated:\n  - [[b]]\n  - 3\n---\n", "c.md": "---\nrelated: {x: 1}\n---\n"},
        [
            (
                "REL006",
                "a.md",
                3,
                5,
                '`related` entry is a nested YAML list: quote wikilinks, as in "[[Name]]"',
            ),
            ("REL006", "a.md", 4, 5, "`related` entry should be a note name, not a number"),
            ("REL006", "c.md", 2, 10, "`related` should be a list of note names, not a mapping"),
        ],
    ),
    ("REL006 quiet on one link", "REL006", {}, {"a.md": '---\nrelated: "[[b]]"\n---\n'}, []),
    # CIT001-CIT004
    (
        "CIT001 fires",
        "CIT001",
        {"citations": {"require-for-tags": ["literature"]}},
        {"a.md": "---\ntags: [literature]\nsource: Book\n---\n", "b.md": "#other\n"},
        [
            (
                "CIT001",
                "a.md",
                1,
                1,
                "Missing `citation`: notes tagged `#literature` must cite a source",
            )
        ],
    ),
    (
        "CIT001 by path",
        "CIT001",
        {"citations": {"require-for-paths": ["Sources/*"], "required-keys": ["source"]}},
        {"Sources/a.md": "text\n"},
        [
            (
                "CIT001",
                "Sources/a.md",
                1,
                1,
                "Missing `source`: notes in `Sources/*` must cite a source",
            )
        ],
    ),
    ("CIT001 quiet by default", "CIT001", {}, {"a.md": "no source at all\n"}, []),
    (
        "CIT002 fires",
        "CIT002",
        {"citations": {"bibliography": ["refs.bib", "more.json"]}},
        {
            "refs.bib": '@book{known1,\n title={x}}\n@string{s = "x"}\n',
            "more.json": '[{"id": "known2"}]',
            "a.md": "Cited [@known1; @known2, p. 4] and [@missing]. Also [[@gone]]. Not `[@code]`.\n",
        },
        [
            ("CIT002", "a.md", 1, 37, "Unknown citation key `@missing`"),
            ("CIT002", "a.md", 1, 53, "Unknown citation key `@gone` in a literature-note link"),
        ],
    ),
    (
        "CIT003 fires",
        "CIT003",
        {},
        {
            "a.md": "# Notes\n- not a ref\n## References\n- Doe, J. Title.\n- Doe, J. (2099). Title.\n- (2001). Title.\n- Doe, J. (2001).\n- [A link](https://x.org)\n"
        },
        [
            (
                "CIT003",
                "a.md",
                4,
                3,
                "Malformed reference: no year in parentheses, as in `Author, A. (2003). Title.`",
            ),
            ("CIT003", "a.md", 5, 3, "Malformed reference: the year 2099 is impossible"),
            ("CIT003", "a.md", 6, 3, "Malformed reference: no author before the year"),
            ("CIT003", "a.md", 7, 3, "Malformed reference: no title after the year"),
        ],
    ),
    (
        "CIT003 quiet on APA and multi-line",
        "CIT003",
        {},
        {
            "a.md": "## 📚 Citations & Sources\n- French, J. R. P., & Raven, B. (1959). _The bases of social power._ (Classic\n  sources).\n- Doe, J. (n.d.). Title.\n- Doe, J. (2020, March 3). Title.\n"
        },
        [],
    ),
    (
        "CIT003 quiet on sections that are not reference lists",
        "CIT003",
        {},
        {
            # Each heading below once read as a reference list (issue 15): a settings
            # section, an API reference, a list of paintings, a project link, a reading list.
            "settings.md": "### Source mode\n- Toggle with Ctrl+E.\n- Shows the raw text.\n",
            "api.md": "## Reference\n- `get(key)`: the value.\n- `set(key, value)`: store.\n",
            "painter.md": "# Works\n- The Night Watch (1642), oil on canvas\n- Later works\n",
            "tool.md": "# 4Source\n- GitHub: https://github.com/x/y\n- Wiki (2019)\n",
            "reading.md": "## Sources\n- [[Doe 2003]]\n- [Site](https://x.org) (2020)\n"
            "- https://example.org/paper\n- GitHub: <https://github.com/x/y>\n",
            "power.md": "## Forms and Sources of Power\n- Expert power (1959 model)\n- Else\n",
        },
        [],
    ),
    (
        "CIT003 reads a reference heading with qualifiers and a mostly-reference list",
        "CIT003",
        {},
        {
            "a.md": "## Works Cited\n- Doe, J. (2001). Title.\n- Roe, R. Another Title.\n"
            "- [[Some note]]\n",
            "b.md": "## References and Further Reading\n- Doe, J. (1999). Title.\n"
            "- Roe, R. (3001). Title.\n",
            "c.md": "## Reference\n- `get(key)`: the value\n- `set(key)`: store\n"
            "- Doe, J. (2001). Title.\n",
        },
        [
            (
                "CIT003",
                "a.md",
                3,
                3,
                "Malformed reference: no year in parentheses, as in `Author, A. (2003). Title.`",
            ),
            ("CIT003", "b.md", 3, 3, "Malformed reference: the year 3001 is impossible"),
        ],
    ),
    (
        "CIT003 takes other author-date styles and reports placeholders",
        "CIT003",
        {},
        {
            "a.md": "## Bibliography (appendix)\n"
            "- Doe, J. 2003. Title in Chicago style.\n"
            "- Statistics Agency (SA), 2024. Yearly figures.\n"
            "- Roe, R. (1890/1950). A reprint.\n"
            "- Poe, E. (no date). Undated page.\n"
            "- Moe, M. (YYYY). A year never filled in.\n"
            "- Zoe, Z. A Title. (A remark with 2 numbers and more words.)\n"
        },
        [
            ("CIT003", "a.md", 6, 3, "Malformed reference: `(YYYY)` is not a year"),
            (
                "CIT003",
                "a.md",
                7,
                3,
                "Malformed reference: no year in parentheses, as in `Author, A. (2003). Title.`",
            ),
        ],
    ),
    (
        "CIT004 fires",
        "CIT004",
        {},
        {"a.md": "## Sources\n- Doe, J. (2001). A Title.\n- Doe, J (2001) a title\n"},
        [("CIT004", "a.md", 3, 3, "Duplicate reference (same as line 2)")],
    ),
    (
        "CIT004 quiet",
        "CIT004",
        {},
        {"a.md": "## Sources\n- Doe, J. (2001). A Title.\n- Doe, J. (2002). A Title.\n"},
        [],
    ),
    # GR001-GR004
    (
        "GR001 fires",
        "GR001",
        {},
        {"a.md": "[[missing]]\n", "b.md": "[[c]]\n", "c.md": ""},
        [("GR001", "a.md", 1, 1, "Orphan note: no links to or from other notes")],
    ),
    (
        "GR002 fires",
        "GR002",
        {},
        {"a.md": "[[b]]\n", "b.md": ""},
        [("GR002", "a.md", 1, 1, "No backlinks: no other note links here")],
    ),
    (
        "GR003 fires",
        "GR003",
        {"graph": {"index": ["Home"]}},
        {"Home.md": "[[a]]\n", "a.md": "", "b.md": "[[a]]\n"},
        [("GR003", "b.md", 1, 1, "Unreachable: no chain of links from `Home.md`")],
    ),
    ("GR003 quiet without index", "GR003", {}, {"a.md": ""}, []),
    (
        "GR004 fires",
        "GR004",
        {},
        {"a.md": "[[b]]\n", "b.md": "no links\n"},
        [("GR004", "b.md", 1, 1, "Dead end: links to no other note")],
    ),
    # TXT001, TXT003
    (
        "TXT001 fires",
        "TXT001",
        {},
        {"a.md": "title: ‚öñÔ∏è Power\nMart√≠n-Bar√≥ and\ncafÃ© Ã…pne\n"},
        [
            (
                "TXT001",
                "a.md",
                1,
                8,
                "Mojibake: `‚öñÔ∏è` should read `⚖️` (UTF-8 decoded as Mac Roman)",
            ),
            (
                "TXT001",
                "a.md",
                2,
                5,
                "Mojibake: `√≠n-Bar√≥` should read `ín-Baró` (UTF-8 decoded as Mac Roman)",
            ),
            (
                "TXT001",
                "a.md",
                3,
                4,
                "Mojibake: `Ã© Ã…` should read `é Å` (UTF-8 decoded as Windows-1252)",
            ),
        ],
    ),
    (
        "TXT001 quiet on real accents, and on a short garbling beside them",
        "TXT001",
        {},
        {
            "a.md": "café naïve Ñandú “quotes” – dash 日本語 🧩\n"
            "Satt til «Åpne meny». —áreas «πίσω «Çalışma\ncafÃ© «Åpne»\n"
        },
        [],
    ),
    (
        "TXT003 fires",
        "TXT003",
        {},
        {"a.md": "text\n\n<!-- never closed\n"},
        [
            (
                "TXT003",
                "a.md",
                3,
                1,
                "Unclosed comment: `<!--` is never closed, so the rest of the note is hidden",
            )
        ],
    ),
    ("TXT003 quiet", "TXT003", {}, {"a.md": "a %% b %% c <!-- d -->\n%%\nblock\n%%\n"}, []),
]


@pytest.mark.parametrize(
    ("rule", "config", "files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule(
    tmp_path: Path,
    rule: str,
    config: dict[str, Any],
    files: dict[str, str | bytes],
    expected: list[Row],
) -> None:
    write_vault(tmp_path, files)
    result = lint(tmp_path, select_rules([rule]), config=parse_config(config))
    assert as_rows(result.diagnostics) == expected
