"""One table row per case: a small vault, a rule, and exactly what the user sees.

Each rule has at least one case that fires and a close case that must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, diagnostics, write_vault

NOTE = "---\ntitle: T\n---\n# Heading\n\nText. ^blk\n"

# (id, rule, files, expected rows: (code, path, line, column, message))
CASES: list[tuple[str, str, dict[str, str | bytes], list[tuple[str, str, int, int, str]]]] = [
    (
        "FM001 fires",
        "FM001",
        {"a.md": "---\ntitle: a: b\n---\n"},
        [("FM001", "a.md", 2, 9, "Invalid YAML: mapping values are not allowed in this context")],
    ),
    (
        "FM001 template placeholder",
        "FM001",
        {"a.md": "---\ncreated: {{date}}\n---\n"},
        [
            (
                "FM001",
                "a.md",
                2,
                11,
                "Invalid YAML: found unhashable key (while constructing a mapping); "
                "template placeholders such as `{{date}}` must be quoted",
            )
        ],
    ),
    (
        "FM001 unclosed",
        "FM001",
        {"a.md": "---\ntitle: x\n"},
        [
            (
                "FM001",
                "a.md",
                1,
                1,
                "Frontmatter is never closed: no `---` line ends the block opened on line 1, "
                "so Obsidian reads no properties",
            )
        ],
    ),
    ("FM001 quiet on quoted colon", "FM001", {"a.md": '---\ntitle: "a: b"\n---\n'}, []),
    # A note that is only `---`, without a line break, opens no block: the opening `---` is a
    # line that ends (the reading of Obsidian's getFrontMatterInfo that tool authors publish);
    # to Markdown it is a thematic break. docs/design.md, "Frontmatter is split by hand".
    ("FM001 quiet on a lone --- without a line break", "FM001", {"a.md": "---"}, []),
    (
        "FM001 quiet on a closing --- at the end of the file",
        "FM001",
        {"a.md": "---\nx: 1\n---"},
        [],
    ),
    (
        "FM002 fires",
        "FM002",
        {"a.md": "---\n- x\n---\n"},
        [
            (
                "FM002",
                "a.md",
                2,
                1,
                "Frontmatter is a list, not a mapping of property names to values",
            )
        ],
    ),
    ("FM002 quiet on empty", "FM002", {"a.md": "---\n---\n"}, []),
    (
        "FM003 fires",
        "FM003",
        {"a.md": "---\ntags: [a]\nx: 1\ntags: [b]\n---\n"},
        [
            (
                "FM003",
                "a.md",
                4,
                1,
                "Duplicate property `tags` (first defined on line 2); only one of the values is kept",
            )
        ],
    ),
    ("FM003 quiet on nested same key", "FM003", {"a.md": "---\na:\n  x: 1\nb:\n  x: 2\n---\n"}, []),
    (
        "LNK001 fires with suggestion",
        "LNK001",
        {"Boundary Models.md": NOTE, "a.md": "see [[Boundary Model]]\n"},
        [
            (
                "LNK001",
                "a.md",
                1,
                5,
                "Broken link: no note named `Boundary Model`; did you mean `Boundary Models`?",
            )
        ],
    ),
    (
        "LNK001 fires in frontmatter",
        "LNK001",
        {"a.md": '---\nup: "[[Nowhere]]"\n---\n'},
        [("LNK001", "a.md", 2, 6, "Broken link: no note named `Nowhere`")],
    ),
    (
        "LNK001 outside the vault",
        "LNK001",
        {"sub/a.md": "[x](../../README.md)\n"},
        [("LNK001", "sub/a.md", 1, 1, "Broken link: `../../README.md` points outside the vault")],
    ),
    ("LNK001 quiet on case difference", "LNK001", {"Note.md": NOTE, "a.md": "[[note]]\n"}, []),
    (
        "LNK001 quiet on external",
        "LNK001",
        {"a.md": "[x](https://e.org/a.md) [m](mailto:x@y)\n"},
        [],
    ),
    (
        "LNK002 fires",
        "LNK002",
        {"x/N.md": NOTE, "y/N.md": NOTE, "a.md": "[[N]]\n"},
        [
            (
                "LNK002",
                "a.md",
                1,
                1,
                "Ambiguous link: `N` matches 2 files; Obsidian opens `x/N.md` (the shortest path), not `y/N.md`; write `x/N` to say so",
            )
        ],
    ),
    ("LNK002 quiet with path", "LNK002", {"x/N.md": NOTE, "y/N.md": NOTE, "a.md": "[[x/N]]\n"}, []),
    (
        # Persian digits matched `\d`, so the message was Python's "Invalid isoformat string".
        "FM006 digits of another script are no ISO date",
        "FM006",
        {"a.md": "---\ncreated: ۱۴۰۲-۰۱-۰۱\nmodified: 2024-13-01\n---\n"},
        [
            (
                "FM006",
                "a.md",
                2,
                10,
                "Invalid date `۱۴۰۲-۰۱-۰۱` in `created`: not an ISO 8601 date (YYYY-MM-DD)",
            ),
            (
                "FM006",
                "a.md",
                3,
                11,
                "Invalid date `2024-13-01` in `modified`: month must be in 1..12",
            ),
        ],
    ),
    (
        "LNK003 fires",
        "LNK003",
        {"N.md": NOTE, "a.md": "[[N#Nope]] [[#Gone]]\n"},
        [
            ("LNK003", "a.md", 1, 1, "Missing heading: `N.md` has no heading `Nope`"),
            ("LNK003", "a.md", 1, 12, "Missing heading: this note has no heading `Gone`"),
        ],
    ),
    (
        # Headings are not normalized (NFC) before they are compared: Obsidian's help does
        # not say, and the observed rule is punctuation, white space and case only
        # (docs/design.md, "Questions Obsidian's help does not answer").
        "LNK003 on a heading written decomposed, linked composed",
        "LNK003",
        {"N.md": "# Cafe\u0301\n", "a.md": "[[N#Caf\u00e9]]\n"},
        [("LNK003", "a.md", 1, 1, "Missing heading: `N.md` has no heading `Caf\u00e9`")],
    ),
    (
        # The hint dropped the Devanagari vowel signs from the slug, so it never matched.
        "LNK003 names the heading a GitHub-style anchor meant, in any script",
        "LNK003",
        {
            "N.md": "## उदाहरण देखें\n\n## Ґанок і Їжак\n",
            "a.md": "[x](N.md#उदाहरण-देखें) [y](N.md#ґанок-і-їжак)\n",
        },
        [
            (
                "LNK003",
                "a.md",
                1,
                1,
                "Missing heading: `N.md` has no heading `उदाहरण-देखें` (a GitHub-style anchor, "
                "which Obsidian does not read; write `#उदाहरण देखें`)",
            ),
            (
                "LNK003",
                "a.md",
                1,
                24,
                "Missing heading: `N.md` has no heading `ґанок-і-їжак` (a GitHub-style anchor, "
                "which Obsidian does not read; write `#Ґанок і Їжак`)",
            ),
        ],
    ),
    (
        "LNK003 quiet on case and punctuation",
        "LNK003",
        {"N.md": "## Q&A: Part 1\n", "a.md": "[[N#q&a part 1]] [t](N.md#Q%26A%3A%20Part%201)\n"},
        [],
    ),
    (
        "LNK004 fires",
        "LNK004",
        {"N.md": NOTE, "a.md": "[[N#^nope]]\n"},
        [("LNK004", "a.md", 1, 1, "Missing block: `N.md` has no block `^nope`")],
    ),
    ("LNK004 quiet", "LNK004", {"N.md": NOTE, "a.md": "[[N#^blk]]\n"}, []),
    (
        "LNK005 fires",
        "LNK005",
        {"a.md": "![[gone.png]]\n"},
        [("LNK005", "a.md", 1, 1, "Missing attachment: no file named `gone.png`")],
    ),
    ("LNK005 quiet", "LNK005", {"img/here.png": b"png", "a.md": "![[here.png]]\n"}, []),
    (
        "LNK006 fires",
        "LNK006",
        {"a.md": "# H\n[[a]]\n"},
        [("LNK006", "a.md", 2, 1, "Self-link: `[[a]]` points to this note")],
    ),
    ("LNK006 quiet on own heading", "LNK006", {"a.md": "# H\n[[#H]]\n"}, []),
    (
        "LNK007 fires",
        "LNK007",
        {"a.md": "[[]] [[|text]] [x]()\n"},
        [
            ("LNK007", "a.md", 1, 1, "Empty link: `[[]]` has no target"),
            ("LNK007", "a.md", 1, 6, "Empty link: `[[|text]]` has no target"),
            ("LNK007", "a.md", 1, 16, "Empty link: `[x]()` has no target"),
        ],
    ),
    ("LNK007 quiet", "LNK007", {"a.md": "[[#H]]\n# H\n"}, []),
    (
        "LNK008 fires",
        "LNK008",
        {"Power Dynamics.md": NOTE, "a.md": "[[power dynamics]]\n"},
        [
            (
                "LNK008",
                "a.md",
                1,
                3,
                "Link case mismatch: `power dynamics` is spelt `Power Dynamics` on disk",
            )
        ],
    ),
    ("LNK008 quiet", "LNK008", {"Power Dynamics.md": NOTE, "a.md": "[[Power Dynamics.md]]\n"}, []),
    (
        "LNK009 fires",
        "LNK009",
        {"Target.md": "---\naliases: [Other Name]\n---\n", "a.md": "[[Other Name]]\n"},
        [
            (
                "LNK009",
                "a.md",
                1,
                1,
                "Link to alias: `Other Name` is an alias of `Target.md`, and Obsidian resolves "
                "links by file name; write `[[Target|Other Name]]`",
            )
        ],
    ),
    (
        "LNK009 quiet on alias display text",
        "LNK009",
        {"Target.md": "---\naliases: [Other Name]\n---\n", "a.md": "[[Target|Other Name]]\n"},
        [],
    ),
    (
        "TXT002 fires",
        "TXT002",
        {"a.md": b"ok\ncaf\xe9\n"},
        [
            (
                "TXT002",
                "a.md",
                2,
                4,
                "Not valid UTF-8: byte 0xE9 cannot be decoded; Obsidian shows replacement "
                "characters here",
            )
        ],
    ),
    (
        "TXT002 binary",
        "TXT002",
        {"a.md": b"\x00\x01\x02"},
        [("TXT002", "a.md", 1, 1, "File is binary (it contains NUL bytes), not a Markdown note")],
    ),
    (
        "TXT002 UTF-16",
        "TXT002",
        {
            "le.md": "\ufeff# Café\n[[x]]\n".encode("utf-16-le"),  # as Windows Notepad wrote
            "be.md": "\ufeff# Café\n".encode("utf-16-be"),
        },
        [
            (
                "TXT002",
                path,
                1,
                1,
                f"Not UTF-8 but UTF-16 text (it starts with the byte-order mark {bom}): Obsidian "
                "cannot read it; save it as UTF-8",
            )
            for path, bom in [("be.md", "0xFE 0xFF"), ("le.md", "0xFF 0xFE")]
        ],
    ),
    (
        "TXT002 in a canvas and a base",
        "TXT002",
        {
            "b.canvas": b'{"nodes":[{"id":"1","type":"text","text":"caf\xe9"}]}',
            "c.base": b"filters:\n  - caf\xe9\n",
        },
        [
            (
                "TXT002",
                path,
                line,
                column,
                "Not valid UTF-8: byte 0xE9 cannot be decoded; Obsidian shows replacement "
                "characters here",
            )
            for path, line, column in [("b.canvas", 1, 46), ("c.base", 2, 8)]
        ],
    ),
    ("TXT002 quiet on UTF-8 with BOM", "TXT002", {"a.md": "\ufeffcafé\n"}, []),
]


@pytest.mark.parametrize(
    ("rule", "files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule(
    tmp_path: Path,
    rule: str,
    files: dict[str, str | bytes],
    expected: list[tuple[str, str, int, int, str]],
) -> None:
    write_vault(tmp_path, files)
    assert as_rows(diagnostics(tmp_path, [rule])) == expected


def test_every_rule_has_documentation() -> None:
    from vaultcheck.rules import REGISTRY

    for code, cls in REGISTRY.items():
        doc = cls.__doc__ or ""
        assert "What it does" in doc and "Why" in doc and "Example" in doc, code
        assert "Fix safety" in doc, code
