"""``vaultcheck graph ...`` on the example vault: exact output, and exports read back."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, write_vault
from vaultcheck.cli.app import app

runner = CliRunner()


def graph(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", *args, "--vault", str(EXAMPLE_VAULT)])
    return result.exit_code, result.stdout, result.stderr


def test_orphans() -> None:
    assert graph("orphans") == (0, "Inbox.md\ntemplates/Check-in.md\n", "")
    code, out, _ = graph("orphans", "--json")
    assert (code, json.loads(out)) == (0, [{"path": "Inbox.md"}, {"path": "templates/Check-in.md"}])


def test_backlinks_with_line_column_property_and_context() -> None:
    code, out, err = graph("backlinks", "[[Conflict Repair]]")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        'Boundary Models.md:13:6: frontmatter property `up`: up: "[[Conflict Repair]]"',
        "Boundary Models.md:25:46: wikilink: - Rigid, porous and flexible boundaries "
        "(see [[Conflict Repair#Steps]]).",
        "Boundary Models.md:27:34: wikilink: - The repair cycle is covered in "
        "[[Conflict Repair#Rupture and Return]].",
        "Boundary Models.md:33:3: wikilink: - [[Conflict Repair]]",
        "Broken YAML.md:6:65: wikilink: The colon in the title makes this frontmatter invalid "
        "YAML. See [[Conflict Repair]].",
    ]


def test_backlinks_json_objects() -> None:
    code, out, _ = graph("backlinks", "Conflict Repair", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert rows[0] == {
        "path": "Boundary Models.md",
        "line": 13,
        "column": 6,
        "kind": "frontmatter",
        "target": "Conflict Repair.md",
        "target_kind": "note",
        "property": "up",
        "guessed": False,
        "context": 'up: "[[Conflict Repair]]"',
    }
    assert rows[3]["property"] is None and rows[3]["column"] == 3


def test_links_mark_missing_targets() -> None:
    code, out, _ = graph("links", "Conflict Repair")
    assert code == 0
    assert out.splitlines() == [
        "Conflict Repair.md:17:14: wikilink -> Boundary Models.md",
        "Conflict Repair.md:18:35: wikilink -> Boundary Models.md",
        "Conflict Repair.md:20:1: embed -> attachments/diagram.svg",
        "Conflict Repair.md:21:1: embed -> repair-cycle.png (missing)",
        "Conflict Repair.md:25:3: wikilink -> Boundary Models.md",
    ]
    rows = json.loads(graph("links", "Conflict Repair", "--json")[1])
    assert [(r["target"], r["target_kind"], r["line"], r["column"]) for r in rows][2:4] == [
        ("attachments/diagram.svg", "attachment", 20, 1),
        ("repair-cycle.png", "unresolved", 21, 1),
    ]


def test_note_names_as_links_paths_and_aliases() -> None:
    assert graph("links", "NVC")[1] == graph("links", "Nonviolent Communication.md")[1]
    assert graph("backlinks", "sessions/Check-in")[1] == (
        "Active Listening.md:16:9: wikilink (guessed): Use the [[Check-in]] prompts before "
        "each session, and fill in [[]] later.\n"
        "Active Listening.md:32:3: wikilink: - [[sessions/Check-in]]\n"
    )


def test_a_note_named_by_its_absolute_path(tmp_path: Path) -> None:
    # As a shell completes it from any folder: the file itself, never a name lookup
    # (`Check-in` alone is two notes), and a clear error outside the vault.
    full = EXAMPLE_VAULT.resolve() / "sessions" / "Check-in.md"
    assert graph("backlinks", str(full))[1] == graph("backlinks", "sessions/Check-in")[1]
    assert graph("links", str(full.parent / ".." / "Inbox.md")) == graph("links", "Inbox")
    outside = tmp_path / "Elsewhere.md"
    root = EXAMPLE_VAULT.resolve()
    assert graph("links", str(outside)) == (
        2,
        "",
        f"vaultcheck: error: `{outside}` is outside the vault {root}\n",
    )
    assert graph("links", str(root / "Missing.md")) == (
        2,
        "",
        f"vaultcheck: error: `{root / 'Missing.md'}` is not a note of the vault {root}\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backlinks", "Scratch"], "no links into Scratch.md"),
        (["links", "templates/Check-in"], "no links out of templates/Check-in.md"),
        (["neighbors", "Inbox"], "no notes within 1 link of Inbox.md"),
        (
            ["orphans", "--exclude", "templates/*", "--exclude", "Inbox.md"],
            "no orphans: every note links or is linked",
        ),
        (
            ["path", "Scratch", "Secure Base"],
            "no path from Scratch.md to Secure Base.md (try --undirected to follow links both ways)",
        ),
    ],
)
def test_an_empty_answer_says_so_and_exits_1(args: list[str], message: str) -> None:
    assert graph(*args) == (1, "", f"vaultcheck: {message}\n")
    assert graph(*args, "--json") == (1, "[]\n", f"vaultcheck: {message}\n")


def test_filters_that_keep_nothing_exit_1() -> None:
    assert graph("stats", "--tag", "nope", "--include", "x/*") == (
        1,
        "",
        "vaultcheck: no note matches the filters (--include x/*, --tag nope)\n",
    )
    assert graph("backlinks", "Scratch", "--include", "Active*") == (
        2,
        "",
        "vaultcheck: error: `Scratch.md` is left out by --include, --exclude or --tag\n",
    )


def test_include_and_exclude_match_either_unicode_form(tmp_path: Path) -> None:
    """`--include "보관함/*"` typed composed kept nothing of a folder stored decomposed."""
    folder = unicodedata.normalize("NFD", "보관함")
    files: dict[str, str | bytes] = {f"{folder}/a.md": "x\n", "b.md": "y\n", "Café/c.md": "z\n"}
    vault = write_vault(tmp_path / "v", files)
    nfd_cafe = unicodedata.normalize("NFD", "Café/*")
    for filters, kept in (
        (["--include", "보관함/*"], [f"{folder}/a.md"]),
        (["--exclude", "보관함/*", "--exclude", nfd_cafe], ["b.md"]),
    ):
        args = ["graph", "orphans", *filters, "-C", str(vault), "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        assert [row["path"] for row in json.loads(result.stdout)] == kept


def test_queries_write_no_cache_unless_asked(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "v", {"a.md": "[[b]]\n", "b.md": "x\n"})
    assert runner.invoke(app, ["graph", "backlinks", "b", "-C", str(vault)]).exit_code == 0
    assert sorted(p.name for p in vault.iterdir()) == [".obsidian", "a.md", "b.md"]
    elsewhere = tmp_path / "cache"
    result = runner.invoke(
        app, ["graph", "orphans", "--vault", str(vault), "--cache-dir", str(elsewhere)]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "vaultcheck: no orphans: every note links or is linked\n",
    )
    assert any(elsewhere.glob("notes-*.pickle"))
    # Once lint made the vault's cache, queries read it (and keep it current).
    assert runner.invoke(app, ["lint", "-C", str(vault)]).exit_code == 0
    cache = vault / ".vaultcheck_cache"
    [notes] = cache.glob("notes-*.pickle")
    before = notes.stat().st_mtime_ns
    assert (
        runner.invoke(app, ["graph", "links", "a", "-C", str(vault), "--no-cache"]).exit_code == 0
    )
    assert runner.invoke(app, ["graph", "links", "a", "-C", str(vault)]).exit_code == 0
    assert notes.stat().st_mtime_ns == before


def test_lint_takes_the_vault_as_graph_does(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "v", {"a.md": "[[nowhere]]\n", "sub/b.md": "[[a]]\n"})
    by_argument = runner.invoke(app, ["lint", str(vault), "--no-cache", "--output-format", "json"])
    by_option = runner.invoke(
        app, ["lint", "-C", str(vault), "--no-cache", "--output-format", "json"]
    )
    assert by_argument.exit_code == by_option.exit_code == 1
    assert by_argument.stdout == by_option.stdout
    inside = runner.invoke(
        app, ["lint", "--vault", str(vault), "sub", "--no-cache", "--output-format", "concise"]
    )
    assert (inside.exit_code, inside.stdout) == (0, "All checks passed!\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Check-in",
            "`Check-in` matches several notes: sessions/Check-in.md, templates/Check-in.md; write the path to pick one",
        ),
        ("Boundary Model", "no note named `Boundary Model`; did you mean `Boundary Models`?"),
    ],
)
def test_unknown_or_ambiguous_note_is_exit_2_with_candidates(name: str, message: str) -> None:
    code, out, err = graph("backlinks", name)
    assert (code, out, err) == (2, "", f"vaultcheck: error: {message}\n")


def test_path() -> None:
    assert graph("path", "Scratch", "Secure Base", "--undirected")[1] == (
        "Scratch.md -> Active Listening.md -> Secure Base.md\n"
    )
    code, out, _ = graph("path", "Scratch", "Secure Base", "--undirected", "--json")
    assert (code, json.loads(out)) == (
        0,
        [
            {"path": "Scratch.md", "step": 0},
            {"path": "Active Listening.md", "step": 1},
            {"path": "Secure Base.md", "step": 2},
        ],
    )


def test_neighbors() -> None:
    assert (
        graph("neighbors", "NVC")[1]
        == "1  Active Listening.md\n1  Boundary Models.md\n1  Reading List.md\n"
    )
    assert len(graph("neighbors", "NVC", "--depth", "2")[1].splitlines()) == 9
    assert json.loads(graph("neighbors", "NVC", "--json")[1])[0] == {
        "path": "Active Listening.md",
        "distance": 1,
    }


def test_suggest_for_a_note_states_the_evidence_for_each_pair() -> None:
    assert graph("suggest", "Active Listening", "--limit", "3")[1].splitlines() == [
        "1.690  Active Listening.md -> Boundary Models.md: linked from 3 of the 7 notes sharing "
        "its tags or properties ([[Conflict Repair]], [[Nonviolent Communication]], "
        "[[Reading Notes]]); both linked from [[Nonviolent Communication]]; both link to "
        "[[Nonviolent Communication]]",
        "1.351  Active Listening.md -> Attachment Styles.md: linked from 2 of the 7 notes "
        "sharing its tags or properties ([[Reading Notes]], [[Secure Base]]); both linked from "
        "[[Secure Base]]; both tagged #practice",
        "0.333  Active Listening.md -> Reading List.md: both link to [[Nonviolent Communication]]",
    ]
    code, out, _ = graph("suggest", "Active Listening", "--limit", "1", "--json")
    assert (code, json.loads(out)) == (
        0,
        [
            {
                "source": "Active Listening.md",
                "target": "Boundary Models.md",
                "score": 1.6905,
                "evidence": [
                    {
                        "kind": "peers",
                        "weight": 0.8571,
                        "items": [
                            "Conflict Repair.md",
                            "Nonviolent Communication.md",
                            "Reading Notes.md",
                        ],
                        "count": 3,
                        "total": 7,
                    },
                    {"kind": "co_cited", "weight": 0.5, "items": ["Nonviolent Communication.md"]},
                    {
                        "kind": "co_linking",
                        "weight": 0.3333,
                        "items": ["Nonviolent Communication.md"],
                    },
                ],
            }
        ],
    )


def suggest(vault: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", "suggest", *args, "-C", str(vault), "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


def test_suggest_says_which_way_the_links_go(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            "List.md": "[[Ash]] [[Birch]]\n",
            "Ash.md": "[[Tree]]\n",
            "Birch.md": "[[Tree]]\n",
            "Tree.md": "",
            "Other.md": "[[Tree]]\n",
        },
    )
    code, out, _ = suggest(tmp_path, "Ash", "--limit", "2")
    assert (code, out.splitlines()) == (
        0,
        [
            "0.833  Ash.md -> Birch.md: both linked from [[List]]; both link to [[Tree]]",
            "0.333  Ash.md -> Other.md: both link to [[Tree]]",
        ],
    )


def test_suggest_names_unlinked_mentions_both_ways(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {"Combat.md": "A goblin attacks, then another goblin.\n", "Goblin.md": "Small.\n"},
    )
    code, out, _ = suggest(tmp_path, "Combat")
    assert (code, out) == (
        0,
        # 1 + log(2)/4 for two mentions, times 2/log2(4 + 1) for a name one note uses
        "1.011  Combat.md -> Goblin.md: names [[Goblin]] 2 times without a link\n",
    )
    code, out, _ = suggest(tmp_path, "Goblin")
    # The other way counts half.
    assert (code, out) == (0, "0.505  Goblin.md -> Combat.md: [[Combat]] names it 2 times\n")


def test_nothing_to_suggest_says_so(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "Apples.\n", "b.md": "Pears.\n"})
    assert suggest(tmp_path, "a") == (
        1,
        "",
        "vaultcheck: nothing to suggest for a.md: no unlinked note shares links, mentions, "
        "tags, properties, words or a folder with it\n",
    )
    assert suggest(tmp_path, "--json") == (
        1,
        "[]\n",
        "vaultcheck: nothing to suggest: no two unlinked notes share anything\n",
    )


def test_ties_go_to_more_evidence_not_to_the_name() -> None:
    from vaultcheck.graph.suggest import Evidence, Suggestion, rank

    one = Suggestion("u.md", "a.md", 1.0, (Evidence("text", 1.0, ("x", "y")),))
    two = Suggestion(
        "u.md", "z.md", 1.0, (Evidence("tags", 0.6, ("t",)), Evidence("co_cited", 0.4))
    )
    assert sorted([one, two], key=rank) == [two, one]


def test_literal_file_names_that_are_not_linkable() -> None:
    from tests.conftest import corpus

    dnd = corpus("OldManUmby__DND.SRD.Wiki")
    result = runner.invoke(app, ["graph", "links", "Spells/# Spellcasting.md", "--vault", str(dnd)])
    # Found (an unknown name would be exit 2), and it links nowhere.
    assert (result.exit_code, result.stderr) == (
        1,
        "vaultcheck: no links out of Spells/# Spellcasting.md\n",
    )


def test_stats_json() -> None:
    code, out, _ = graph("stats", "--json", "--top", "3")
    data = json.loads(out)
    assert code == 0
    assert {
        k: data[k]
        for k in (
            "notes",
            "attachments",
            "unresolved_targets",
            "ambiguous_links",
            "orphans",
            "components",
            "largest_component",
        )
    } == {
        "notes": 14,
        "attachments": 2,
        "unresolved_targets": 4,
        "ambiguous_links": 1,
        "orphans": 2,
        "components": 3,
        "largest_component": 12,
    }
    assert data["links"] == {"embed": 2, "frontmatter": 1, "markdown": 1, "wikilink": 28}
    assert data["hubs_by_backlinks"] == [
        {"note": "Boundary Models.md", "backlinks": 5},
        {"note": "Active Listening.md", "backlinks": 4},
        {"note": "Nonviolent Communication.md", "backlinks": 3},
    ]
    assert [h["note"] for h in data["hubs_by_pagerank"]] == [
        "Boundary Models.md",
        "Active Listening.md",
        "Nonviolent Communication.md",
    ]
    assert data["tags"] == [
        {"tag": "framework", "notes": 4},
        {"tag": "practice", "notes": 4},
        {"tag": "attachment", "notes": 2},
    ]


def test_stats_tables() -> None:
    out = graph("stats", "--top", "2")[1]
    assert "│ notes              │ 14       │" in out
    assert "│ Boundary Models.md  │         5 │ ████████████████████ │" in out
    assert "│ wikilink    │    28 │ ████████████████████ │" in out


def test_stats_says_none_for_an_empty_table(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[a]]\n"})
    result = runner.invoke(app, ["graph", "stats", "-C", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0
    assert "Hubs by backlinks: none\n" in result.stdout
    assert "Tags by use: none\n" in result.stdout
    assert "│ a.md │      1.0 │ ████████████████████ │" in result.stdout


def test_filters() -> None:
    assert graph("orphans", "--tag", "template")[1] == "templates/Check-in.md\n"
    out = graph("stats", "--json", "--include", "sessions/*", "--include", "Active*")[1]
    assert json.loads(out)["notes"] == 2


def test_nested_tag_filter(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "#area/work\n", "b.md": "#area\n", "c.md": "#areas\n"})
    result = runner.invoke(app, ["graph", "orphans", "--vault", str(tmp_path), "--tag", "area"])
    assert result.stdout == "a.md\nb.md\n"


def test_stats_counts_only_valid_tags(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [ok, 123, two words]\n---\n#ok\n", "b.md": "#ok\n"})
    result = runner.invoke(app, ["graph", "stats", "--json", "-C", str(tmp_path), "--no-cache"])
    assert json.loads(result.stdout)["tags"] == [{"tag": "ok", "notes": 2}]


def test_a_path_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    """As in `lint`'s one-line formats (git's core.quotePath): before, `graph orphans` and
    `graph backlinks` wrote `new\\nline.md` over two lines, which a script reads as two."""
    root = write_vault(
        tmp_path / "v",
        {"new\nline.md": "[[B]] [[Gone]]\n", "B.md": "b\n", "Lone.md": "alone\n"},
    )

    def run(*args: str) -> tuple[int, str]:
        done = runner.invoke(app, ["graph", *args, "--vault", str(root)])
        return done.exit_code, done.stdout

    assert run("orphans") == (0, "Lone.md\n")
    assert run("backlinks", "B") == (0, '"new\\nline.md":1:1: wikilink: [[B]] [[Gone]]\n')
    assert run("links", "B") == (1, "")
    assert run("neighbors", "B") == (0, '1  "new\\nline.md"\n')
    assert run("path", "new\nline", "B") == (0, '"new\\nline.md" -> B.md\n')


TEMPLATED = {
    ".obsidian/templates.json": '{"folder": "Templates"}',
    "Templates/Daily.md": "# {{date}}\n",
    "Lonely.md": "nothing links here\n",
    "a.md": "[[b]]\n",
    "b.md": "",
}


@pytest.mark.parametrize(
    ("config", "expected"), [("", ["Lonely.md"]), ("check-templates = true\n", None)]
)
def test_orphans_agree_with_gr001_on_template_notes(
    tmp_path: Path, config: str, expected: list[str] | None
) -> None:
    """A template note is not reported by `lint` (unless the config checks templates), so it
    is not an orphan to `graph orphans` or `graph stats` either."""
    write_vault(tmp_path, {**TEMPLATED, ".vaultcheck.toml": config})
    wanted = expected or ["Lonely.md", "Templates/Daily.md"]
    args = ["--select", "GR001", "--no-cache", "--output-format", "json"]
    lint = runner.invoke(app, ["lint", str(tmp_path), *args])
    assert [d["path"] for d in json.loads(lint.stdout)] == wanted
    orphans = runner.invoke(app, ["graph", "orphans", "--vault", str(tmp_path), "--no-cache"])
    assert (orphans.exit_code, orphans.stdout) == (0, "".join(f"{p}\n" for p in wanted))
    stats = runner.invoke(app, ["graph", "stats", "--json", "--vault", str(tmp_path), "--no-cache"])
    assert json.loads(stats.stdout)["orphans"] == len(wanted)


def test_tag_filter_compares_tags_as_the_rules_do(tmp_path: Path) -> None:
    """`--tag` folds case as TAG002 does (JavaScript's toLowerCase, Python's lower()): the
    capital `ẞ` is `ß` in lower case, but `ss` is another spelling (casefold() made it one)."""
    write_vault(
        tmp_path,
        {"lower.md": "#straße\n", "upper.md": "#STRAẞE\n", "ss.md": "#strasse\n", "x.md": "#x\n"},
    )
    orphans = ["graph", "orphans", "--vault", str(tmp_path), "--no-cache", "--tag"]
    found = runner.invoke(app, [*orphans, "#Straße"])
    assert (found.exit_code, found.stdout) == (0, "lower.md\nupper.md\n")
    found = runner.invoke(app, [*orphans, "STRASSE"])
    assert (found.exit_code, found.stdout) == (0, "ss.md\n")
    args = ["--select", "TAG002", "--no-cache", "--output-format", "json"]
    lint = runner.invoke(app, ["lint", str(tmp_path), *args])
    assert [(d["path"], d["message"]) for d in json.loads(lint.stdout)] == [
        ("upper.md", "Tag `STRAẞE` is also written `straße` (1 time); pick one casing")
    ]


def test_a_vault_without_notes_says_so(tmp_path: Path) -> None:
    # "every note links or is linked" would be wrong: there is no note (a new vault, a
    # folder of attachments). Still an empty answer: exit 1, `[]` with --json.
    root = write_vault(tmp_path / "v", {".obsidian/app.json": "{}", "pic.png": "x"})
    for args, said in [
        (["orphans"], "no orphans"),
        (["suggest"], "nothing to suggest"),
    ]:
        result = runner.invoke(app, ["graph", *args, "--json", "-C", str(root), "--no-cache"])
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "[]\n",
            f"vaultcheck: {said}: no notes in {root.resolve()} (notes are `.md` files)\n",
        )
