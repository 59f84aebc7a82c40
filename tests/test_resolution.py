"""Obsidian's link resolution, one case per rule, on the fixture vault tests/resolution_vault.

Each case writes one link into a note of a copy of the vault and checks the file it opens,
how that was decided and the other candidates; then the consequences on the whole vault:
LNK codes, graph edges, orphans, `graph stats`. (Pre-commit from the root and from a
subfolder of a repository without `.obsidian/`: tests/test_precommit.py.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, as_rows
from vaultcheck.cli.app import app
from vaultcheck.core.config import load_config
from vaultcheck.core.diagnostics import Diagnostic
from vaultcheck.engine.run import lint
from vaultcheck.rules.base import Context
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import Vault, load_vault
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Decided, Status
from vaultcheck.vault.scan import scan_vault

FIXTURE = REPO / "tests" / "resolution_vault"
runner = CliRunner()

# (rule, note written in, link, file opened, how, other candidates)
CASES = [
    ("exact path beats the same folder", "a/Source.md", "[[Note]]", "Note.md", Decided.EXACT, ()),
    (
        "exact path beats a longer suffix",
        "a/Source.md",
        "[[b/Note]]",
        "b/Note.md",
        Decided.EXACT,
        (),
    ),
    (
        "same folder",
        "c/Src.md",
        "[[Beside]]",
        "c/Beside.md",
        Decided.SAME_FOLDER,
        ("dd/Beside.md",),
    ),
    ("shortest path", "Top.md", "[[Beside]]", "c/Beside.md", Decided.SHORTEST, ("dd/Beside.md",)),
    (
        "shortest path, not the length of the name",
        "Top.md",
        "[[Shared]]",
        "a/b/Shared.md",
        Decided.SHORTEST,
        ("zzzz/Shared.md",),
    ),
    (
        "an ancestor folder counts for nothing",
        "zzzz/q/Src.md",
        "[[Shared]]",
        "a/b/Shared.md",
        Decided.SHORTEST,
        ("zzzz/Shared.md",),
    ),
    ("folder-qualified suffix", "Top.md", "[[b/Shared]]", "a/b/Shared.md", Decided.ONLY, ()),
    (
        "markdown link, vault-wide",
        "Top.md",
        "[y](My%20Note.md)",
        "Sub/My Note.md",
        Decided.ONLY,
        (),
    ),
    ("markdown link, exact path", "a/Source.md", "[y](Note.md)", "Note.md", Decided.EXACT, ()),
    ("./ is relative only", "Top.md", "[y](./My%20Note.md)", None, None, ()),
    ("../ is relative", "a/Source.md", "[[../x/Rel]]", "x/Rel.md", Decided.RELATIVE, ()),
    ("nothing outside the vault", "Top.md", "[[../Note]]", None, None, ()),
    ("case as toLowerCase", "Top.md", "[[STRASSE]]", None, None, ()),
    ("case as toLowerCase", "Top.md", "[[STRAßE]]", "Straße.md", Decided.EXACT, ()),
    ("case as toLowerCase, not casefold", "Top.md", "[[file]]", None, None, ()),
    ("config exclude", "Top.md", "[[Hidden]]", "Excluded/Hidden.md", Decided.ONLY, ()),
    ("git-ignored", "Top.md", "[[Secret]]", "Ignored/Secret.md", Decided.ONLY, ()),
    ("Obsidian's Excluded files", "Top.md", "[[Draft]]", "ObsExcluded/Draft.md", Decided.ONLY, ()),
    ("attachments need their extension", "Top.md", "![[pic]]", None, None, ()),
    ("attachment", "Top.md", "![[pic.png|100]]", "pic.png", Decided.EXACT, ()),
]


def copy_fixture(target: Path, notes: dict[str, str]) -> Path:
    """The fixture vault in ``target``, a git work tree (for the git-ignored case), with
    ``notes`` added."""
    shutil.copytree(FIXTURE, target)
    (target / "gitignore.txt").rename(target / ".gitignore")
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    for rel, text in notes.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    return target


def diagnostics(root: Path, select: list[str]) -> list[Diagnostic]:
    """What ``vaultcheck lint`` reports, with the vault's config (its excludes)."""
    return lint(root, select_rules(select), config=load_config(root)).diagnostics


def load(root: Path) -> tuple[Vault, LinkIndex]:
    config = load_config(root)
    vault = load_vault(root, tuple(config.exclude), config.respect_gitignore)
    return vault, LinkIndex(vault)


@pytest.mark.parametrize(
    ("source", "written", "target", "decided", "others"),
    [case[1:] for case in CASES],
    ids=[f"{case[0]}: {case[2]}" for case in CASES],
)
def test_link_opens_the_file_obsidian_opens(
    tmp_path: Path,
    source: str,
    written: str,
    target: str | None,
    decided: Decided | None,
    others: tuple[str, ...],
) -> None:
    root = copy_fixture(tmp_path / "v", {source: f"See {written}.\n"})
    vault, links = load(root)
    [(_, res)] = links.of(vault.notes[source])
    assert (res.target, res.decided, res.others) == (target, decided, others)
    assert res.status is (Status.RESOLVED if target else Status.UNRESOLVED)


# Every case's link in one vault, each in the note the case names.
ALL_LINKS = {
    "Top.md": "# Top\n\n"
    + "".join(f"{c[2]}\n\n" for c in CASES if c[1] == "Top.md")
    + "[[Guide#Set up]] [[Guide#Setup]] [[Guide#🚀 Launch]] [[Guide#🎉 Launch]]\n\n"
    + "[[Guide#Deep#Sub]] [[Guide#Deep#Only here]] [[Guide#set UP!]]\n\n"
    + "![[report.xlsx]]\n",
    "a/Source.md": "".join(f"{c[2]}\n\n" for c in CASES if c[1] == "a/Source.md"),
    "c/Src.md": "[[Beside]]\n",
    "zzzz/q/Src.md": "[[Shared]]\n",
    "Lonely.md": "Links only to an excluded note: [[Hidden]].\n",
}


def test_findings_on_the_whole_vault(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "v", ALL_LINKS)
    found = as_rows(diagnostics(root, ["LNK", "GR001"]))
    guess = "Ambiguous link: `{}` matches 2 files; Obsidian opens `{}` (the shortest path), not `{}`; write `{}` to say so"
    orphan = "Orphan note: no links to or from other notes"
    assert found == [
        (
            "LNK002",
            "Top.md",
            3,
            1,
            guess.format("Beside", "c/Beside.md", "dd/Beside.md", "c/Beside"),
        ),
        (
            "LNK002",
            "Top.md",
            5,
            1,
            guess.format("Shared", "a/b/Shared.md", "zzzz/Shared.md", "b/Shared"),
        ),
        (
            "LNK001",
            "Top.md",
            11,
            1,
            "Broken link: no note named `./My Note.md`; did you mean `My Note`?",
        ),
        ("LNK001", "Top.md", 13, 1, "Broken link: `../Note` points outside the vault"),
        ("LNK001", "Top.md", 15, 1, "Broken link: no note named `STRASSE`"),
        ("LNK008", "Top.md", 17, 3, "Link case mismatch: `STRAßE` is spelt `Straße` on disk"),
        ("LNK001", "Top.md", 19, 1, "Broken link: no note named `file`"),
        ("LNK001", "Top.md", 27, 1, "Broken link: no note named `pic`"),
        ("LNK003", "Top.md", 31, 18, "Missing heading: `Guide.md` has no heading `Setup`"),
        ("LNK003", "Top.md", 31, 53, "Missing heading: `Guide.md` has no heading `🎉 Launch`"),
        (
            "LNK003",
            "Top.md",
            33,
            20,
            "Missing heading: `Guide.md` has a heading `Only here`, but not under `Deep`",
        ),
        ("LNK005", "Top.md", 35, 1, "Missing attachment: no file named `report.xlsx`"),
        # Candidates Obsidian never opens, and notes nothing links to; excluded notes'
        # own links (`[[Nowhere]]`) are not checked.
        ("GR001", "a/Note.md", 1, 1, orphan),
        ("GR001", "a/b/Note.md", 1, 1, orphan),
        ("GR001", "dd/Beside.md", 1, 1, orphan),
        ("GR001", "zzzz/Shared.md", 1, 1, orphan),
        (
            "LNK002",
            "zzzz/q/Src.md",
            1,
            1,
            guess.format("Shared", "a/b/Shared.md", "zzzz/Shared.md", "b/Shared"),
        ),
        ("GR001", "ﬁle.md", 1, 1, orphan),
    ]


def test_the_guess_is_fixed_to_the_same_note(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "v", {"zzzz/q/Src.md": "[[Shared]] ![[Beside|x]]\n"})
    done = runner.invoke(app, ["lint", str(root), "--select", "LNK002", "--fix", "--no-cache"])
    assert done.exit_code == 0, done.stdout
    assert (root / "zzzz/q/Src.md").read_text("utf-8") == "[[b/Shared]] ![[c/Beside|x]]\n"
    vault, links = load(root)
    targets = [res.target for _, res in links.of(vault.notes["zzzz/q/Src.md"])]
    assert targets == ["a/b/Shared.md", "c/Beside.md"]


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("[t](Shared.md#Part)", "[t](b/Shared.md#Part)"),
        ("[t](<Beside.md>)", "[t](<c/Beside.md>)"),
        ("[t](Beside)", "[t](c/Beside)"),
        ('[t](Beside.md "a title")', '[t](Beside.md "a title")'),  # reported, not rewritten
    ],
)
def test_a_guessed_markdown_link_is_fixed_to_the_same_note(
    tmp_path: Path, written: str, fixed: str
) -> None:
    root = copy_fixture(tmp_path / "v", {"zzzz/q/Src.md": f"See {written} here.\n"})
    before = as_rows(diagnostics(root, ["LNK002"]))
    assert [row[0] for row in before] == ["LNK002"]
    runner.invoke(app, ["lint", str(root), "--select", "LNK002", "--fix", "--no-cache"])
    assert (root / "zzzz/q/Src.md").read_text("utf-8") == f"See {fixed} here.\n"
    vault, links = load(root)
    [(_, res)] = links.of(vault.notes["zzzz/q/Src.md"])
    assert res.target in ("a/b/Shared.md", "c/Beside.md")


def test_graph_has_one_edge_per_link_to_the_file_opened(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "v", ALL_LINKS)
    vault, links = load(root)
    graph = Context(vault, links).graph
    note_links = sum(len(n.links) for n in vault)
    assert graph.number_of_edges() == note_links
    [(_, target, data)] = graph.out_edges("zzzz/q/Src.md", data=True)
    assert (target, data["decided"], data["candidates"]) == (
        "a/b/Shared.md",
        "shortest path",
        ("zzzz/Shared.md",),
    )
    assert graph.nodes["Excluded/Hidden.md"]["kind"] == "excluded"


def test_orphans_agree_across_lint_and_graph(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "v", ALL_LINKS)
    gr001 = sorted(d.path for d in diagnostics(root, ["GR001"]))
    orphans = runner.invoke(app, ["graph", "orphans", "-C", str(root)])
    assert orphans.stdout.splitlines() == gr001
    # `zzzz/Shared.md` is a candidate Obsidian never opens: an orphan. `Lonely.md` links to
    # an excluded note, which still counts.
    assert "zzzz/Shared.md" in gr001
    assert "Lonely.md" not in gr001
    stats = json.loads(runner.invoke(app, ["graph", "stats", "-C", str(root), "--json"]).stdout)
    assert stats["orphans"] == len(gr001)
    assert stats["ambiguous_links"] == 3


@pytest.mark.parametrize(
    ("filters", "excluded"),
    [
        (["Drafts/"], ["Drafts/a.md"]),
        (["/\\.tmp\\.md$/"], ["b.tmp.md"]),
        (["/[/"], []),  # not a valid regular expression: ignored
    ],
)
def test_obsidian_excluded_files(tmp_path: Path, filters: list[str], excluded: list[str]) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text(json.dumps({"userIgnoreFilters": filters}))
    for rel in ("Drafts/a.md", "b.tmp.md", "c.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    found = scan_vault(tmp_path)
    assert found.excluded == excluded
    assert sorted(found.notes + found.excluded) == ["Drafts/a.md", "b.tmp.md", "c.md"]


def test_excludes_match_whichever_unicode_form_path_and_pattern_use(tmp_path: Path) -> None:
    """macOS writes folder names decomposed (NFD); a user types them composed (NFC), as
    Obsidian normalises paths. `보관함/` in "Excluded files" excluded nothing from a folder
    written decomposed, nor a decomposed pattern in the config the composed `Café/`; a
    per-file ignore for the decomposed folder did not apply either."""
    nfd_archive = unicodedata.normalize("NFD", "보관함")
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text(
        json.dumps({"userIgnoreFilters": ["보관함/"]}), "utf-8"
    )
    (tmp_path / ".vaultcheck.toml").write_text(
        f'exclude = ["{unicodedata.normalize("NFD", "Café")}/**"]\n'
        '[per-file-ignores]\n"Überblick/*" = ["LNK001"]\n',
        "utf-8",
    )
    files = {
        f"{nfd_archive}/old.md": "[[nowhere]]\n",
        "Café/x.md": "[[nowhere]]\n",
        f"{unicodedata.normalize('NFD', 'Überblick')}/y.md": "[[nowhere]]\n",
        "A.md": "[[nowhere]]\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")
    found = scan_vault(tmp_path, load_config(tmp_path).exclude)
    assert found.excluded == ["Café/x.md", f"{nfd_archive}/old.md"]
    result = lint(tmp_path, select_rules(["LNK001"]), config=load_config(tmp_path))
    assert as_rows(result.diagnostics) == [
        ("LNK001", "A.md", 1, 1, "Broken link: no note named `nowhere`")
    ]


def test_alias_fix_writes_a_link_that_opens_the_alias_owner(tmp_path: Path) -> None:
    # Both notes are `Readme`; the bare name would open `x/Readme.md` (the shortest path
    # guess, code point order on a tie), but the alias belongs to `y/Readme.md`.
    root = copy_fixture(
        tmp_path / "v",
        {
            "x/Readme.md": "x\n",
            "y/Readme.md": "---\naliases: [Intro]\n---\ny\n",
            "Top.md": "See [[Intro]].\n",
        },
    )
    done = runner.invoke(app, ["lint", str(root), "--select", "LNK009", "--fix", "--no-cache"])
    assert done.exit_code == 0, done.stdout
    assert (root / "Top.md").read_text("utf-8") == "See [[y/Readme|Intro]].\n"
    vault, links = load(root)
    [(_, res)] = links.of(vault.notes["Top.md"])
    assert res.target == "y/Readme.md"


def test_the_python_api_says_how_each_link_was_decided(tmp_path: Path) -> None:
    import vaultcheck

    root = copy_fixture(tmp_path / "v", {"Top.md": "[[Shared]] [[Note]]\n"})
    links = vaultcheck.load(root).notes["Top.md"].links
    assert [(lk.target, lk.decided, lk.candidates) for lk in links] == [
        ("a/b/Shared.md", "shortest path", ("zzzz/Shared.md",)),
        ("Note.md", "exact path", ()),
    ]
