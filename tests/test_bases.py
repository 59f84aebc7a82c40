"""Bases (`.base`, YAML): invalid files, property names no note has ("did you mean"),
`file.` and `formula.` names, `link("X")` resolved as a link, `![[X.base#View]]` views."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import as_rows, corpus, write_vault
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.parse import basedoc
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import Cache

BOOKS = """\
filters:
  and:
    - categories.contains(link("Books"))
    - 'author != link("Nobody")'
    # link("Commented") is not read
formulas:
  Doubled: rating * 2
  Twice: formula.Doubed + 1
properties:
  note.auther:
    displayName: Author
  file.backlink:
    displayName: Name
  formula.Doubled:
    displayName: Doubled
views:
  - type: table
    name: Top
    order:
      - file.name
      - author
      - formula.Doubled
      - rating
      - runtime
      - formula.Twise
    sort:
      - property: ratnig
        direction: DESC
  - type: table
    name: By author
    groupBy:
      property: note.author
      direction: ASC
"""

FILES: dict[str, str | bytes] = {
    "Books.md": "---\ncategories: []\n---\n![[Books.base#Top]] ![[Books.base#Gone]]\n",
    "Dune.md": '---\ncategories: ["[[Books]]"]\nauthor: Herbert\nrating: 5\n---\n',
    "Books.base": BOOKS,
    "Broken.base": "views:\n  - name: x\n   order: [a]\n",
    "List.base": "- a\n- b\n",
}


def test_bases_are_checked(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    result = lint(root, select_rules(["BASE", "LNK"]), config=Config())
    assert as_rows(result.diagnostics) == [
        ("LNK001", "Books.base", 4, 18, "Broken link: no note named `Nobody`"),
        (
            "BASE002",
            "Books.base",
            8,
            10,
            "`formula.Doubed`: this base defines no formula `Doubed`; did you mean `formula.Doubled`?",
        ),
        (
            "BASE002",
            "Books.base",
            10,
            3,
            "No note has the property `auther`; did you mean `author`?",
        ),
        (
            "BASE002",
            "Books.base",
            12,
            3,
            "`file.backlink`: files have no field `backlink`; did you mean `file.backlinks`?",
        ),
        (
            "BASE002",
            "Books.base",
            25,
            9,
            "`formula.Twise`: this base defines no formula `Twise`; did you mean `formula.Twice`?",
        ),
        (
            "BASE002",
            "Books.base",
            27,
            19,
            "No note has the property `ratnig`; did you mean `rating`?",
        ),
        (
            "LNK003",
            "Books.md",
            4,
            21,
            "Missing view: `Books.base` has no view `Gone` (its views: `Top`, `By author`)",
        ),
        (
            "BASE001",
            "Broken.base",
            3,
            4,
            "Invalid YAML: expected <block end>, but found '<block mapping start>'",
        ),
        (
            "BASE001",
            "List.base",
            1,
            1,
            "Not a base: the file must hold a mapping (filters, formulas, properties, views)",
        ),
    ]
    # `runtime` is in no note and close to none: a property of notes not written yet.


EXPRESSIONS = """\
filters:
  or:
    - ratnig > 3
    - 'status == "done" && auther != "auther"'
    - not:
        - file.name.replace(/auther/g, "").contains(this.auther)
formulas:
  Big: "[1, 2].filter(value > ratnig).map(value + index)"
  Named: if(auther-name, list(categries).join(", "), today())
  Escaped: "ratnig + \\"\\t\\""
  Fine: author.lower() + note.rating + date("2025-01-01")
views:
  - type: table
    name: Mine
    filters: categries.contains(link("Books"))
"""


def test_bare_names_in_expressions_are_note_properties(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "Dune.md": '---\ncategories: ["[[Books]]"]\nauthor: Herbert\nrating: 5\n---\n',
        "Books.md": "",
        "E.base": EXPRESSIONS,
    }
    root = write_vault(tmp_path / "v", files)
    result = lint(root, select_rules(["BASE"]), config=Config())
    assert as_rows(result.diagnostics) == [
        ("BASE002", "E.base", 3, 7, "No note has the property `ratnig`; did you mean `rating`?"),
        ("BASE002", "E.base", 4, 28, "No note has the property `auther`; did you mean `author`?"),
        ("BASE002", "E.base", 8, 31, "No note has the property `ratnig`; did you mean `rating`?"),
        (
            "BASE002",
            "E.base",
            9,
            31,
            "No note has the property `categries`; did you mean `categories`?",
        ),
        (
            "BASE002",
            "E.base",
            15,
            14,
            "No note has the property `categries`; did you mean `categories`?",
        ),
    ]
    # Not reported: `status` (close to no property), names in quotes and in /regex/,
    # after `.` (`this.auther`), `value` and `index` (the list function's variables),
    # functions (`if`, `list`, `today`, `date`), `auther-name` (a hyphenated property or a
    # subtraction?) and the formula whose YAML string holds escapes (offsets unknown).


def test_bare_names_in_any_script_are_whole_names(tmp_path: Path) -> None:
    """Read as ASCII, `größe` was the names `gr` and `e`, `статус` and `สถานะ` no name:
    misspellings in those scripts went unreported, and the pieces were looked up."""
    note = "---\ngröße: 3\nстатус: done\nสถานะ: ร่าง\nprénom: Zoé\n---\n"
    base = (
        "filters:\n  and:\n"
        "    - 'größe > 3 && prénom != \"\"'\n"
        "    - 'статуc == \"x\"'\n"  # a Latin `c` at the end
        "    - 'สถานา != \"\" && größe / 2 > 1'\n"
        "    - 'gröse / prénm > 1'\n"
    )
    root = write_vault(tmp_path / "v", {"N.md": note, "S.base": base})
    result = lint(root, select_rules(["BASE"]), config=Config())
    assert as_rows(result.diagnostics) == [
        ("BASE002", "S.base", 4, 8, "No note has the property `статуc`; did you mean `статус`?"),
        ("BASE002", "S.base", 5, 8, "No note has the property `สถานา`; did you mean `สถานะ`?"),
        ("BASE002", "S.base", 6, 8, "No note has the property `gröse`; did you mean `größe`?"),
        ("BASE002", "S.base", 6, 16, "No note has the property `prénm`; did you mean `prénom`?"),
    ]


def test_kepano_bases_report_only_a_true_problem() -> None:
    # 30 bases. `Podcast episodes.base` names `guest` where the notes and the episode
    # template have `guests`: its "Guest" view filters on a property no note has.
    result = lint(corpus("kepano__kepano-obsidian"), select_rules(), config=Config())
    found = [row for row in as_rows(result.diagnostics) if row[1].endswith(".base")]
    assert found == [
        (
            "BASE002",
            "Templates/Bases/Podcast episodes.base",
            18,
            3,
            "No note has the property `guest`; did you mean `guests`?",
        ),
        (
            "BASE002",
            "Templates/Bases/Podcast episodes.base",
            44,
            9,
            "No note has the property `guest`; did you mean `guests`?",
        ),
        (
            "BASE002",
            "Templates/Bases/Podcast episodes.base",
            49,
            16,
            "No note has the property `guest`; did you mean `guests`?",
        ),
    ]
    # The embeds `![[Movies.base#Favorites]]` and the like name views the bases have.
    assert not [row for row in as_rows(result.diagnostics) if row[0] == "LNK003"]


def test_a_cached_run_sees_a_property_added_to_a_note(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    cache = Cache.for_vault(root)
    rules = select_rules(["BASE002"])

    def reported() -> list[str]:
        result = lint(root, rules, config=Config(), cache=cache)
        return [d.message for d in result.diagnostics if "ratnig" in d.message]

    assert reported() == ["No note has the property `ratnig`; did you mean `rating`?"]
    (root / "Other.md").write_text("---\nratnig: 3\n---\n")
    assert reported() == []
    (root / "Other.md").write_text("---\nrating: 3\n---\n")
    assert reported() == ["No note has the property `ratnig`; did you mean `rating`?"]


def test_each_base_is_read_once_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BASE001, BASE002 and LNK003 (two views linked) share one reading of a base: composing
    YAML in Python was most of a run on a vault of bases."""
    import vaultcheck.parse.basedoc as base_rules  # the BASE rules import read_base from it

    read: list[str] = []
    real = base_rules.read_base

    def counted(text: str) -> object:
        read.append(text)
        return real(text)

    monkeypatch.setattr(base_rules, "read_base", counted)
    write_vault(tmp_path, FILES)
    rows = as_rows(lint(tmp_path, select_rules(["BASE", "LNK003"]), config=Config()).diagnostics)
    assert sorted(read) == sorted([BOOKS, FILES["Broken.base"], FILES["List.base"]])
    assert [code for code, *_ in rows].count("BASE001") == 2
    assert any("Missing view" in str(row) for row in rows)


def test_an_edit_checks_the_bases_again_only_when_property_names_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BASE002 reads every note's property names: an incremental run checks the bases again
    when an edit changes a note's (added, renamed, reordered, removed), not on other edits;
    its findings are always those of a run without the cache."""
    import vaultcheck.parse.basedoc as base_rules  # the BASE rules import read_base from it

    read: list[str] = []
    real = base_rules.read_base
    monkeypatch.setattr(base_rules, "read_base", lambda text: read.append(text) or real(text))
    root = write_vault(tmp_path / "v", {**FILES, "Other.md": "---\ntitle: x\n---\nText\n"})
    cache = Cache.for_vault(root)
    rules = select_rules(["BASE", "LNK003"])

    def check(other: str, bases_read: bool) -> None:
        (root / "Other.md").write_text(other)
        read.clear()
        cached = lint(root, rules, config=Config(), cache=cache)
        assert cached.checked < 5  # incremental: the vault has 5 files
        assert bool(read) is bases_read
        expected = lint(root, rules, config=Config()).diagnostics
        assert as_rows(cached.diagnostics) == as_rows(expected)

    lint(root, rules, config=Config(), cache=cache)
    check("---\ntitle: x\n---\nOther text [[Dune]]\n", bases_read=False)
    check("---\ntitle: y\nratnig: 3\n---\nText\n", bases_read=True)
    check("---\ntitle: z\nratnig: 4\n---\nMore text\n", bases_read=False)
    check("---\nratnig: 4\ntitle: z\n---\nMore text\n", bases_read=True)
    check("No frontmatter\n", bases_read=True)
    check("No frontmatter at all\n", bases_read=False)


def _tree(node: yaml.Node) -> list[tuple[object, ...]]:
    """Every node of a composed tree, with its kind, tag, value and marks."""
    rows: list[tuple[object, ...]] = []
    pending = [node]
    while pending:
        node = pending.pop()
        start, end = node.start_mark, node.end_mark
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        rows.append((type(node).__name__, node.tag, value, start.index, start.line, start.column))
        rows.append((end.index, end.line, end.column))
        if isinstance(node, yaml.MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return rows


ODD_BASES = [
    "filters:\n  and:\n    - note.título == \"😀 x\"\n    - 'a: b'\nviews:\n  - name: Ünï 😀\n",
    'views:\r\n  - type: table\r\n    order: [a, "b", c]\r\n    name: "tab\\there"\n',
    'formulas:\n  x: |\n    if(a, "é", 2)\n  y: >-\n    folded\n    text\n',
]

#: Bases neither reader accepts: BASE001 must still see each, with PyYAML's own error.
BROKEN_BASES = {
    'filters:\n  and:\n    - status == "done": yes\n   - x\n': "expected <block end>",
    "views:\n\t- type: table\n": "found character '\\t' that cannot start any token",
    'formulas:\n  x: "unclosed\n': "found unexpected end of stream",
    "views: [a, b\n": "expected ',' or ']'",
    "a: " + "[" * 2000 + "]" * 2000 + "\n": "maximum recursion depth",  # libyaml: too deep
}


@pytest.mark.corpus
def test_libyaml_composes_bases_as_pyyaml_does() -> None:
    """The fast composer gives PyYAML's own tree, marks included, and PyYAML's own error."""
    if basedoc._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    texts = [p.read_text() for p in sorted(corpus("kepano__kepano-obsidian").rglob("*.base"))]
    assert len(texts) == 30
    for text in [*texts, *ODD_BASES, BOOKS]:
        slow = yaml.SafeLoader(text).get_single_node()
        assert _tree(basedoc.compose(text)) == _tree(slow)
    for text, problem in BROKEN_BASES.items():
        with pytest.raises((yaml.YAMLError, RecursionError)) as raised:
            basedoc.compose(text)
        assert problem in str(raised.value)
