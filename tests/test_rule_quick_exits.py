"""Shortcuts some rules take before walking a note: each must give what the walk gives."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import as_rows, write_vault
from vaultcheck.core.model import Span, Tag
from vaultcheck.engine.run import lint
from vaultcheck.parse.note import parse_note
from vaultcheck.rules.selection import select_rules
from vaultcheck.rules.tags import count_spellings, tag_key, tag_names, tag_problem
from vaultcheck.vault import spelling


def test_a_hash_escaped_in_a_quoted_tag_is_still_reported(tmp_path: Path) -> None:
    # TAG004 skips a frontmatter without `#` only when it has no backslash either: YAML's
    # double quotes can write `#` as `\x23`.
    root = write_vault(tmp_path / "v", {"a.md": '---\ntags: ["\\x23topic", b]\n---\nx\n'})
    assert as_rows(lint(root, select_rules(["TAG004"])).diagnostics) == [
        (
            "TAG004",
            "a.md",
            2,
            8,
            "Frontmatter tag `#topic` should be written without `#`: `topic`",
        )
    ]


def test_did_you_mean_through_the_index_or_not_gives_the_same_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Did you mean" measures the few names of the wanted one's first letter and length, or
    # those its trigram index brings when there are more: the same suggestions either way.
    files = {f"Topic {word} {i}.md": "x\n" for i in range(30) for word in ("alpha", "beta")}
    files["index.md"] = " ".join(f"[[Topic alpa {i}]] [[Topic bet {i}]]" for i in range(30))
    root = write_vault(tmp_path / "v", files)
    found = as_rows(lint(root, select_rules(["LNK001"])).diagnostics)
    assert len(found) == 60 and sum("did you mean" in row[4] for row in found) == 60
    for few in (0, 10**6):  # always through the index; never
        monkeypatch.setattr(spelling, "FEW", few)
        assert as_rows(lint(root, select_rules(["LNK001"])).diagnostics) == found


def test_tag_spellings_counted_at_once_equal_those_counted_one_by_one() -> None:
    # `count_spellings` counts every spelling in C, then groups them by folded form: the
    # same counts as one at a time, keys and spellings in the order first met (`dominant`
    # and the report read them in that order); `tag_names` keeps the valid tags only.
    rand = random.Random(3)
    words = ["Topic", "topic", "TOPIC", "a/b", "A/b", "Straße", "STRASSE", "x y", "", "123"]
    notes = [tuple(rand.choice(words) for _ in range(rand.randrange(6))) for _ in range(300)]
    expected: dict[str, Counter[str]] = {}
    for names in notes:
        for name in names:
            expected.setdefault(tag_key(name), Counter())[name] += 1
    found = count_spellings(notes)
    assert list(found) == list(expected)
    assert [list(c.items()) for c in found.values()] == [list(c.items()) for c in expected.values()]
    span = Span(0, 1, 1, 1, 1, 2)
    for names in notes:
        note = parse_note(b"x\n", "n.md")._replace(tags=tuple(Tag(n, span) for n in names))
        assert tag_names(note) == tuple(n for n in names if tag_problem(n) is None)
