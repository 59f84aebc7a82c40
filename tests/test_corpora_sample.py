"""A sample of 30 findings on the real corpora (other than the LNK ones pinned elsewhere).

Each was checked by hand; the test also re-checks every one with a plain-text oracle that
shares no code with vaultcheck: an orphan's name appears in no other note's link, and its own
links name no existing note; an FM001 on a template points at a `{{...}}` placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import corpus
from vaultcheck.engine.run import lint
from vaultcheck.rules.selection import select_rules

pytestmark = pytest.mark.corpus

ORPHAN = "Orphan note: no links to or from other notes"
PLACEHOLDER = (
    "Invalid YAML: found unhashable key (while constructing a mapping); "
    "template placeholders such as `{{date}}` must be quoted"
)

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
        # Templates: their property links are unreadable (FM001) or lead to notes never
        # written; embeds of `.base` files are attachments, not notes.
        ("FM001", "Templates/Album Template.md", 7, 11, PLACEHOLDER),
        ("GR001", "Templates/Album Template.md", 1, 1, ORPHAN),
        ("GR001", "Templates/App Template.md", 1, 1, ORPHAN),
        ("FM001", "Templates/Book Template.md", 13, 11, PLACEHOLDER),
        ("FM001", "Templates/Clipping Template.md", 8, 11, PLACEHOLDER),
        ("GR001", "Templates/Genre Template.md", 1, 1, ORPHAN),
        ("FM001", "Templates/Place Template.md", 7, 11, PLACEHOLDER),
        ("GR001", "Templates/Post Template.md", 1, 1, ORPHAN),
        ("FM001", "Templates/Show Template.md", 8, 11, PLACEHOLDER),
        ("FM001", "Templates/Stock Trade Template.md", 2, 8, PLACEHOLDER),
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
        for d in lint(root, select_rules()).diagnostics
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
            assert "{{" in text[column - 2 : column + 1], (path, text)


def test_the_sample_has_thirty_findings() -> None:
    assert sum(len(rows) for rows in SAMPLE.values()) == 30
