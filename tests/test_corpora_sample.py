"""A sample of 30 findings on the real corpora (other than the LNK ones pinned elsewhere).

Each was checked by hand; the test also re-checks every one with a plain-text oracle that
shares no code with vaultcheck: an orphan's name appears in no other note's link, and its own
links name no existing note; a broken link names a note no file is.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import corpus
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules

pytestmark = pytest.mark.corpus

ORPHAN = "Orphan note: no links to or from other notes"

SAMPLE = {
    "OldManUmby__DND.SRD.Wiki": [
        # Monster, treasure and race pages of the SRD with no wikilinks in or out.
        ("GR001", "Monsters (Alt)/Creatures V-Z.md", 1, 1, ORPHAN),
        ("GR001", "Monsters (Alt)/Monsters J.md", 1, 1, ORPHAN),
        ("GR001", "Monsters (Alt)/Monsters Y.md", 1, 1, ORPHAN),
        ("GR001", "Monsters/Ancient Gold Dragon (Metallic).md", 1, 1, ORPHAN),
        ("GR001", "Monsters/Djinni (Genie).md", 1, 1, ORPHAN),
        ("GR001", "Monsters/Steam Mephit.md", 1, 1, ORPHAN),
        ("GR001", "Monsters/Wyrmling Blue Dragon (Chromatic).md", 1, 1, ORPHAN),
        ("GR001", "Races/Halfling.md", 1, 1, ORPHAN),
        ("GR001", "Treasure/Deck of Illusions.md", 1, 1, ORPHAN),
        ("GR001", "Treasure/Glamoured Studded Leather.md", 1, 1, ORPHAN),
        ("GR001", "Treasure/Periapt of Wound Closure.md", 1, 1, ORPHAN),
        ("GR001", "Treasure/Staff of Power.md", 1, 1, ORPHAN),
    ],
    "foambubble__foam_docs": [
        # Only external links (404, inbox) or links to notes outside this folder.
        ("GR001", "404.md", 1, 1, ORPHAN),
        ("GR001", "dev/design/improved-static-site-generation.md", 1, 1, ORPHAN),
        ("GR001", "dev/design/static-site-publishing-research.md", 1, 1, ORPHAN),
        ("GR001", "dev/devcontainers.md", 1, 1, ORPHAN),
        ("GR001", "dev/releasing-foam.md", 1, 1, ORPHAN),
        ("GR001", "dev/testing-conventions.md", 1, 1, ORPHAN),
        ("GR001", "inbox.md", 1, 1, ORPHAN),
    ],
    "kepano__kepano-obsidian": [
        # Templates: links written literally to category notes never written, and orphans.
        # (A template that embeds a base, such as `Genre Template`, links to it. Their
        # unquoted `created: {{date}}` is YAML once applied: no FM001.)
        ("LNK001", "Templates/Actor Template.md", 4, 6, "Broken link: no note named `Actors`"),
        ("GR001", "Templates/Album Template.md", 1, 1, ORPHAN),
        ("GR001", "Templates/App Template.md", 1, 1, ORPHAN),
        ("LNK001", "Templates/App Template.md", 2, 14, "Broken link: no note named `Apps`"),
        ("LNK001", "Templates/Coffee Template.md", 3, 6, "Broken link: no note named `Coffee`"),
        ("GR001", "Templates/Food Template.md", 1, 1, ORPHAN),
        ("LNK001", "Templates/Hosting Template.md", 3, 6, "Broken link: no note named `Hosting`"),
        ("GR001", "Templates/Post Template.md", 1, 1, ORPHAN),
        (
            "LNK001",
            "Templates/Show Episode Template.md",
            3,
            6,
            "Broken link: no note named `Show episodes`",
        ),
        (
            "LNK001",
            "Templates/Game Studio Template.md",
            5,
            6,
            "Broken link: no note named `Game studios`",
        ),
        ("GR001", "Templates/Stock Trade Template.md", 1, 1, ORPHAN),
    ],
}

_WIKI = re.compile(r"\[\[([^\]|#^]*)")
_MD = re.compile(r"\]\(<?([^)>#\s]+)")


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_TEMPLATE_FRONTMATTER = re.compile(r"\A---\n.*?\{\{.*?\n---\n", re.S)


def _readable_text(text: str) -> str:
    """Drop what Obsidian does not index: code, and frontmatter with `{{` placeholders."""
    text = _TEMPLATE_FRONTMATTER.sub("", text)
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def _names_linked(text: str) -> set[str]:
    text = _readable_text(text)
    names = {m.group(1).strip().lower().removesuffix(".md") for m in _WIKI.finditer(text)}
    names |= {unquote(m.group(1)).lower().removesuffix(".md") for m in _MD.finditer(text)}
    return {n.rsplit("/", 1)[-1] for n in names if n and "://" not in n}


def _oracle_is_orphan(root: Path, rel: str) -> bool:
    notes = {p.relative_to(root).as_posix(): p for p in root.rglob("*.md")}
    stems = {Path(p).stem.lower() for p in notes}
    me = Path(rel).stem.lower()
    own = _names_linked(notes[rel].read_text("utf-8"))
    if own & (stems - {me}):
        return False  # it links to an existing note (a text check may over-count; never under)
    return not any(me in _names_linked(p.read_text("utf-8")) for r, p in notes.items() if r != rel)


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_sampled_findings_are_reported(name: str) -> None:
    root = corpus(name)
    found = {
        (d.code, d.path, d.span.line, d.span.column, d.message)
        # Templates are reported on only when asked: the sample reads them too.
        for d in lint(root, select_rules(), config=Config(check_templates=True)).diagnostics
    }
    missing = [row for row in SAMPLE[name] if row not in found]
    assert missing == []


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_sampled_findings_agree_with_a_text_oracle(name: str) -> None:
    root = corpus(name)
    for code, path, line, column, _ in SAMPLE[name]:
        if code == "GR001":
            assert _oracle_is_orphan(root, path), path
        else:
            text = (root / path).read_text("utf-8").splitlines()[line - 1]
            name = text[column - 1 :].removeprefix("[[").split("]]")[0].split("|")[0]
            assert text[column - 1 : column + 1] == "[[", (path, text)
            assert not list(root.rglob(f"{name}.md")), (path, name)


def test_the_sample_has_thirty_findings() -> None:
    assert sum(len(rows) for rows in SAMPLE.values()) == 30
