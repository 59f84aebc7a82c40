"""Unlinked mentions: ``graph mentions`` (text, JSON, --diff, --fix) and rule GR005."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import as_rows, corpus, diagnostics, write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.mentions import find_mentions

runner = CliRunner()

COMBAT = (
    "---\ntitle: goblin wars\n---\n"
    "# Goblin raids\n"
    "A goblin attacks; goblins do not count, nor does hobgoblin.\n"
    "The `goblin` code, %%goblin%% and <!-- goblin --> and #goblin and https://x.org/goblin.\n"
    "\n```\ngoblin\n```\n\n"
    "| who | what |\n|---|---|\n| GOBLIN | a gob |\n"
    "\nThe green folk came. [[Wizard]] stays.\n"
)
FILES: dict[str, str | bytes] = {
    "Goblin.md": "---\naliases: [gob, Green Folk]\n---\nThe goblin is small.\n",
    "Combat.md": COMBAT,
    "Linked.md": "See [[Goblin]]; the goblin again.\n",
    "Wizard.md": "",
    "Windows.md": b"caf\xc3\xa9\r\nA goblin\r\nend",
}


def mentions(vault: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", "mentions", "Goblin", *args, "-C", str(vault)])
    return result.exit_code, result.stdout, result.stderr


def test_mentions_in_prose_only_whole_words_any_case(tmp_path: Path) -> None:
    vault = write_vault(tmp_path, FILES)
    code, out, err = mentions(vault)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Combat.md:4:3: Goblin: # Goblin raids",
        "Combat.md:5:3: goblin: A goblin attacks; goblins do not count, nor does hobgoblin.",
        "Combat.md:14:3: GOBLIN: | GOBLIN | a gob |",
        "Combat.md:14:14: gob: | GOBLIN | a gob |",
        "Combat.md:16:5: green folk: The green folk came. [[Wizard]] stays.",
        "Windows.md:2:3: goblin: A goblin",
    ]
    rows = json.loads(mentions(vault, "--json")[1])
    assert rows[3] == {
        "path": "Combat.md",
        "line": 14,
        "column": 14,
        "text": "gob",
        "target": "Goblin.md",
        "context": "| GOBLIN | a gob |",
    }


def test_diff_then_fix_links_them_and_keeps_every_other_byte(tmp_path: Path) -> None:
    vault = write_vault(tmp_path, FILES)
    before = {p.name: p.read_bytes() for p in vault.glob("*.md")}
    code, out, err = mentions(vault, "--diff")
    assert (code, err) == (0, "Would link 6 mentions in 2 notes (nothing written)\n")
    assert "+| [[Goblin\\|GOBLIN]] | a [[Goblin\\|gob]] |\n" in out
    assert {p.name: p.read_bytes() for p in vault.glob("*.md")} == before
    code, out, err = mentions(vault, "--fix")
    assert (code, out, err) == (0, "", "Linked 6 mentions in 2 notes\n")
    assert (vault / "Combat.md").read_text() == (
        COMBAT.replace("# Goblin raids", "# [[Goblin]] raids")
        .replace("A goblin attacks", "A [[Goblin|goblin]] attacks")
        .replace("| GOBLIN | a gob |", "| [[Goblin\\|GOBLIN]] | a [[Goblin\\|gob]] |")
        .replace("The green folk", "The [[Goblin|green folk]]")
    )
    assert (vault / "Windows.md").read_bytes() == b"caf\xc3\xa9\r\nA [[Goblin|goblin]]\r\nend"
    for name in ("Goblin.md", "Linked.md", "Wizard.md"):
        assert (vault / name).read_bytes() == before[name]
    assert mentions(vault) == (1, "", "vaultcheck: no unlinked mentions of Goblin.md\n")


def test_rule_gr005_is_opt_in_and_fixes_unsafely(tmp_path: Path) -> None:
    vault = write_vault(tmp_path, FILES)
    default = runner.invoke(app, ["lint", str(vault), "--no-cache", "--output-format", "json"])
    assert "GR005" not in default.stdout and "GR001" in default.stdout
    found = diagnostics(vault, ["GR005"])
    assert as_rows(found)[:2] == [
        (
            "GR005",
            "Combat.md",
            4,
            3,
            "Unlinked mention of `Goblin.md`: `Goblin` names it without a link",
        ),
        (
            "GR005",
            "Combat.md",
            5,
            3,
            "Unlinked mention of `Goblin.md`: `goblin` names it without a link",
        ),
    ]
    assert len(found) == 6
    fixed = runner.invoke(
        app, ["lint", str(vault), "--select", "GR005", "--fix", "--unsafe-fixes", "--no-cache"]
    )
    assert fixed.exit_code == 0, fixed.stdout
    assert b"[[Goblin|goblin]]" in (vault / "Windows.md").read_bytes()


def test_a_name_shared_by_two_notes_is_not_looked_for_vault_wide(tmp_path: Path) -> None:
    vault = write_vault(
        tmp_path, {"a/Plan.md": "", "b/Plan.md": "", "Day.md": "The plan.\n", "x.md": "A day.\n"}
    )
    loaded = load_vault(vault)
    found = find_mentions(loaded, LinkIndex(loaded))
    assert [(m.source, m.target, m.text) for m in found] == [("x.md", "Day.md", "day")]
    # Asked about one of them, it is found, and the fix writes the path.
    result = runner.invoke(app, ["graph", "mentions", "a/Plan", "--diff", "-C", str(vault)])
    code, out = result.exit_code, result.stdout
    assert code == 0 and "+The [[a/Plan|plan]].\n" in out


def test_dnd_combat_names_goblin_wizard_and_griffon() -> None:
    dnd = corpus("OldManUmby__DND.SRD.Wiki")
    vault = load_vault(dnd)
    index = LinkIndex(vault)
    named = {m.target for m in find_mentions(vault, index) if m.source == "Gameplay/Combat.md"}
    assert {"Monsters/Goblin.md", "Classes/Wizard.md", "Monsters/Griffon.md"} <= named


def test_gr005_fix_on_a_corpus_is_idempotent_and_touches_only_mentions(tmp_path: Path) -> None:
    import shutil

    from vaultcheck.core.config import Config
    from vaultcheck.fixing.fixer import fix_vault
    from vaultcheck.fixing.writing import write_fixes
    from vaultcheck.rules.selection import select_rules

    copy = tmp_path / "foam"
    shutil.copytree(
        corpus("foambubble__foam_docs"), copy, ignore=shutil.ignore_patterns(".vaultcheck_cache")
    )
    rules = select_rules(["GR005"])
    before = {p: p.read_bytes() for p in copy.rglob("*.md")}
    outcome = fix_vault(copy, rules, Config(), unsafe=True)
    write_fixes(copy, outcome)
    assert outcome.failures == [] and outcome.fixed > 500
    # Every edit wraps the name as written in a link; nothing else changed on disk.
    for applied in outcome.passes:
        for text, edits in applied.values():
            for edit in edits:
                written = text[edit.start : edit.end]
                assert edit.replacement in (f"[[{written}]]",) or (
                    edit.replacement.startswith("[[")
                    and edit.replacement.endswith(("|" + written + "]]", "\\|" + written + "]]"))
                ), (written, edit.replacement)
    for path, data in before.items():
        rel = path.relative_to(copy).as_posix()
        expected = outcome.fixed_texts.get(rel, data.decode("utf-8")).encode("utf-8")
        assert path.read_bytes() == expected
    assert fix_vault(copy, rules, Config(), unsafe=True).changed == {}


def test_a_mention_in_a_heading_keeps_the_links_to_that_heading(tmp_path: Path) -> None:
    """`## docker exec usage` became `## docker [[Exec|exec]] usage`, whose heading Obsidian
    reads as `docker Exec exec usage`: `[[Docker#docker exec usage]]` in another note broke
    (LNK003 after a fix). In a heading the mention is linked as written (`[[exec]]`, which
    opens `Exec.md` and reads back as the same heading), or not at all (an alias)."""
    vault = write_vault(
        tmp_path,
        {
            "Exec.md": "---\naliases: [run it]\n---\n# Exec\n",
            "Docker.md": "# Docker\n\n## docker exec usage\n\n## How to run it\n\nexec here\n",
            "Ref.md": "See [[Docker#docker exec usage]] and [[Docker#How to run it]].\n",
        },
    )
    result = runner.invoke(app, ["graph", "mentions", "Exec", "--fix", "-C", str(vault)])
    assert (result.exit_code, result.stderr) == (0, "Linked 2 mentions in 1 note\n")
    assert (vault / "Docker.md").read_text() == (
        "# Docker\n\n## docker [[exec]] usage\n\n## How to run it\n\n[[Exec|exec]] here\n"
    )
    assert as_rows(diagnostics(vault, ["LNK"])) == [
        ("LNK008", "Docker.md", 3, 13, "Link case mismatch: `exec` is spelt `Exec` on disk")
    ]


def test_a_name_no_wikilink_can_hold_is_listed_not_linked(tmp_path: Path) -> None:
    """`C# Notes.md`: `[[C# Notes|C# notes]]` is a link to `C` (heading ` Notes`), so the
    fix broke the text it linked; the mention is still listed."""
    vault = write_vault(tmp_path, {"C# Notes.md": "x\n", "B.md": "I keep C# notes here.\n"})
    listed = runner.invoke(app, ["graph", "mentions", "C# Notes.md", "-C", str(vault)])
    assert listed.stdout == "B.md:1:8: C# notes: I keep C# notes here.\n"
    fixed = runner.invoke(app, ["graph", "mentions", "C# Notes.md", "--fix", "-C", str(vault)])
    assert (fixed.exit_code, fixed.stderr) == (0, "Linked 0 mentions in 0 notes\n")
    assert (vault / "B.md").read_text() == "I keep C# notes here.\n"


def test_a_canvas_and_a_base_are_not_searched_nor_rewritten(tmp_path: Path) -> None:
    """A note named `Text`: the unsafe fix turned the canvas key `"text"` into
    `"[[Text|text]]"` (no longer JSON Canvas) and the base's `name: text` into a nested
    YAML list. Their words are keys and filters, not prose."""
    canvas = b'{"nodes":[{"id":"a","type":"text","text":"hi","x":0,"y":0,"width":9,"height":9}]}'
    base = b'filters: file.hasTag("text")\nviews:\n  - type: table\n    name: text\n'
    vault = write_vault(
        tmp_path,
        {"Text.md": "x\n", "B.md": "Some text.\n", "b.canvas": canvas, "v.base": base},
    )
    args = ["lint", str(vault), "--select", "GR005", "--no-cache", "--output-format", "concise"]
    result = runner.invoke(app, args)
    assert result.stdout.splitlines()[0] == (
        f"{vault}/B.md:1:6: GR005 Unlinked mention of `Text.md`: `text` names it without a link"
    )
    assert "Found 1 problem " in result.stdout
    fixed = runner.invoke(app, [*args, "--fix", "--unsafe-fixes"])
    assert fixed.exit_code == 0, fixed.stdout
    assert (vault / "B.md").read_text() == "Some [[Text|text]].\n"
    assert (vault / "b.canvas").read_bytes() == canvas
    assert (vault / "v.base").read_bytes() == base


def test_a_name_inside_a_longer_word_is_no_mention_in_any_script(tmp_path: Path) -> None:
    """`\\w` stops at combining marks and zero-width joiners, which are inside words: the
    Hindi `किताबें` (books) held `किताब` (book), a decomposed `café` held `cafe`, the Persian
    `می‌خواهم` held `خواهم`; the fix wrote `[[किताब]]ें`, cutting the word. A name that
    ends with a mark (Tamil `தமிழ்`) was never looked for."""
    text = "मेरी किताबें और किताब।\nA cafe\u0301 and a cafe.\nمی\u200cخواهم و خواهم\nதமிழ் மொழி, தமிழ\n"
    names = ["किताब", "Cafe", "خواهم", "தமிழ்"]
    vault = write_vault(tmp_path, {**{f"{n}.md": "x\n" for n in names}, "other.md": text})
    found = diagnostics(vault, ["GR005"])
    assert [(d.span.line, d.span.column, d.message) for d in found] == [
        (1, 17, "Unlinked mention of `किताब.md`: `किताब` names it without a link"),
        (2, 15, "Unlinked mention of `Cafe.md`: `cafe` names it without a link"),
        (3, 12, "Unlinked mention of `خواهم.md`: `خواهم` names it without a link"),
        (4, 1, "Unlinked mention of `தமிழ்.md`: `தமிழ்` names it without a link"),
    ]
    args = ["lint", str(vault), "--select", "GR005", "--no-cache", "--fix", "--unsafe-fixes"]
    assert runner.invoke(app, args).exit_code == 0
    assert (vault / "other.md").read_text() == (
        "मेरी किताबें और [[किताब]]।\nA cafe\u0301 and a [[Cafe|cafe]].\n"
        "می\u200cخواهم و [[خواهم]]\n[[தமிழ்]] மொழி, தமிழ\n"
    )


def test_cached_mentions_follow_a_file_that_takes_a_link(tmp_path: Path) -> None:
    """`graph suggest` keeps each note's mentions in the cache: a file added at a link's
    exact path and excluded (no new note name) takes `[[Foo]]` from `sub/Foo.md`, and the
    mention it covered is unlinked again, as without the cache."""
    write_vault(tmp_path, {"sub/Foo.md": "# Foo\n", "A.md": "Foo is great. See [[Foo]].\n"})
    cache = Cache(tmp_path / ".vaultcheck_cache")

    def mentions(exclude: tuple[str, ...], stored: Cache | None) -> list[tuple[str, str, str]]:
        vault = load_vault(tmp_path, exclude, True, cache=stored)
        found = find_mentions(vault, LinkIndex(vault, Counter()), cache=stored)
        return [(m.source, m.target, m.text) for m in found]

    assert mentions((), cache) == []  # A links to sub/Foo.md
    (tmp_path / "Foo.md").write_text("# Root Foo\n")
    assert mentions(("Foo.md",), cache) == mentions(("Foo.md",), None)
    assert mentions(("Foo.md",), None) == [("A.md", "sub/Foo.md", "Foo")]
