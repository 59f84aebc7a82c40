"""`[frontmatter] inline-fields = true`: Dataview inline fields are checked against the
property types (FM005, FM006) and give required keys (FM004), typed as Dataview types them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import as_rows, corpus, write_vault
from vaultcheck.core.config import parse_config
from vaultcheck.engine.run import lint
from vaultcheck.parse.fieldtypes import FieldValue, dataview_value
from vaultcheck.rules.selection import select_rules

CONFIG = {
    "frontmatter": {
        "required": ["status"],
        "inline-fields": True,
        "date-keys": ["created"],
        "types": {
            "rating": "number",
            "done": "boolean",
            "up": "link",
            "authors": "links",
            "title": "string",
            "due": "date",
        },
    }
}

NOTE = """\
---
title: A
---
status:: draft
Rating:: seven
I'd rate it [rating:: 9] and (done:: yes).
- [ ] Finish [due:: 2025-02-30]
- [ ] task due:: not read on a task
up:: Index
authors:: [[Ann]], [[Bob]]
authors:: [[Ann]], Bob
created:: 2025-01-02 10:30
title:: true
`rating:: 1 in code`
> **Rating**:: 1,000
```
rating:: in a code block
```
Book [rating:: 4] of [done:: true], and [due:: 2025-03]
"""


def run(root: Path, config: dict[str, object]) -> list[tuple[str, str, int, int, str]]:
    result = lint(root, select_rules(["FM"]), config=parse_config(config))
    return as_rows(result.diagnostics)


def test_inline_fields_are_checked_against_the_types(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"a.md": NOTE, "b.md": "No status here.\n"})
    assert run(root, CONFIG) == [
        (
            "FM005",
            "a.md",
            5,
            10,
            "Inline field `Rating` should be a number (per the config), not text",
        ),
        (
            "FM005",
            "a.md",
            6,
            38,
            "Inline field `done` should be a boolean (per the config), not text",
        ),
        (
            "FM006",
            "a.md",
            7,
            21,
            "Invalid date `2025-02-30` in inline field `due`: day is out of range for month",
        ),
        (
            "FM005",
            "a.md",
            9,
            6,
            'Inline field `up` should be a link such as "[[Note]]" (per the config), not text',
        ),
        (
            "FM005",
            "a.md",
            11,
            11,
            "Inline field `authors` should be a list of links (per the config), not text",
        ),
        (
            "FM006",
            "a.md",
            12,
            11,
            "Invalid date `2025-01-02 10:30` in inline field `created`: Dataview reads it as "
            "text (it reads YYYY-MM-DD and YYYY-MM-DDTHH:mm:ss)",
        ),
        (
            "FM005",
            "a.md",
            13,
            9,
            "Inline field `title` should be text (per the config), not a boolean",
        ),
        (
            "FM005",
            "a.md",
            15,
            16,
            "Inline field `Rating` should be a number (per the config), not a list",
        ),
        ("FM004", "b.md", 1, 1, "Missing required property `status`"),
    ]
    # `status:: draft` gives a.md its required key.


def test_without_the_switch_inline_fields_are_not_properties(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"a.md": NOTE})
    config = {"frontmatter": {**CONFIG["frontmatter"], "inline-fields": False}}
    assert run(root, config) == [("FM004", "a.md", 1, 1, "Missing required property `status`")]


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        ("", FieldValue("null")),
        ("null", FieldValue("null")),
        ("Some text", FieldValue("text")),
        ("6", FieldValue("number")),
        ("-80", FieldValue("number")),
        ("2.4", FieldValue("number")),
        ("1e5", FieldValue("text")),
        ("true", FieldValue("boolean")),
        ("False", FieldValue("boolean")),
        ("TRUE", FieldValue("text")),
        ("yes", FieldValue("text")),
        ("2021-04-18", FieldValue("date")),
        ("2021-04", FieldValue("date")),
        ("2021-04-18T04:19:35.000+06:30", FieldValue("datetime")),
        ("2021-04-18T04", FieldValue("datetime")),
        # Each part of a date only after the one before: a zone needs the seconds.
        ("2021-04-18T04:19Z", FieldValue("text")),
        ("2021-04-18 10:30", FieldValue("text")),
        ("2021-13-01", FieldValue("text")),
        ("7 hours", FieldValue("duration")),
        ("4min", FieldValue("duration")),
        ("9 years, 8 months, 4 days", FieldValue("duration")),
        ("9 yrs 8 min", FieldValue("duration")),
        ("2 days ago", FieldValue("text")),
        ('"quoted"', FieldValue("string")),
        ("#tag/sub", FieldValue("tag")),
        ("[[A Page|shown]]", FieldValue("link")),
        ("![[image.png]]", FieldValue("link")),
        ("[[A]], [[B]]", FieldValue("list", ("link", "link"))),
        ("1, 2, 3", FieldValue("list", ("number", "number", "number"))),
        ('"yes", "or", "no"', FieldValue("list", ("string", "string", "string"))),
        ("1,000", FieldValue("list", ("number", "number"))),
        ("5,", FieldValue("list", ("number",))),
        ("5, 6,", FieldValue("text")),
        ("a, b", FieldValue("text")),
        ("[[A]] and [[B]]", FieldValue("text")),
    ],
)
def test_values_are_typed_as_dataview_types_them(value: str, typed: FieldValue) -> None:
    assert dataview_value(value) == typed


@pytest.mark.parametrize(
    "name",
    [
        "kepano__kepano-obsidian",
        "OldManUmby__DND.SRD.Wiki",
        "foambubble__foam_docs",
        "tldr-pages__tldr",
    ],
)
def test_the_switch_changes_nothing_on_the_corpora(name: str) -> None:
    # No corpus writes Dataview fields (`::` there is C++, Rust and shell code).
    root = corpus(name)
    off = run(root, {})
    assert run(root, {"frontmatter": {"inline-fields": True}}) == off


def test_which_fields_count_follows_dataview() -> None:
    from vaultcheck.parse.fieldvalues import inline_values
    from vaultcheck.parse.note import parse_note

    text = (
        "---\nrating:: in the frontmatter\n---\n"
        "> [!info] Callout\n> rating:: 1\n"
        "whole:: line [inner:: 2] here\n"
        "- [ ] task:: no\n"
        "- [x] done [when:: 2025-01-01] (who:: me)\n"
        "<!-- hidden:: 3 -->\n"
        "`code:: 4` and [shown:: `5`]\n\n"
        "$$\nmath:: 6\n$$\n\n"
        "    indented:: 7\n"
    )
    note = parse_note(text.encode(), "a.md")
    assert [(f.key, f.value, text[f.start : f.end]) for f in inline_values(note)] == [
        ("rating", "1", "1"),
        ("inner", "2", "2"),
        ("when", "2025-01-01", "2025-01-01"),
        ("who", "me", "me"),
    ]
    # Not fields: the frontmatter's line, `whole` (the line holds a bracketed field), a task's
    # line field, a comment, inline code (also a value in code), a math block, indented code.
