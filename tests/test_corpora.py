"""Real public vaults (../shared/corpora): no crash, and every finding is one Obsidian shows.

Each pinned finding below was checked by hand against the note and Obsidian's rules; the
comment says why Obsidian agrees.
"""

from __future__ import annotations

import pytest

from tests.conftest import corpus
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.rules.base import Context
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

pytestmark = pytest.mark.corpus


def rows(
    name: str, select: list[str] | None = None, templates: bool = False
) -> list[tuple[str, str, int, int]]:
    config = Config(check_templates=templates)
    result = lint(corpus(name), select_rules(select), config=config)
    return [(d.code, d.path, d.span.line, d.span.column) for d in result.diagnostics]


def test_dnd_wiki_reports_only_the_one_markdown_link_obsidian_cannot_resolve() -> None:
    # 1,028 notes, 778 wikilinks that all resolve; `[Nightmare](new/Nightmare.md)` points to a
    # folder `Monsters/new/` that does not exist (the note is `Monsters/Nightmare.md`).
    assert rows("OldManUmby__DND.SRD.Wiki", ["LNK"]) == [
        ("LNK001", "Monsters/Spirit Naga.md", 40, 1)
    ]


def test_dnd_wiki_notes_named_with_hashes_resolve() -> None:
    vault = load_vault(corpus("OldManUmby__DND.SRD.Wiki"))
    assert "Spells/# Spellcasting.md" in vault.notes
    assert len(vault.notes) == 1028


def test_foam_docs_findings() -> None:
    result = lint(corpus("foambubble__foam_docs"), select_rules(["LNK"]))
    slugs = [d for d in result.diagnostics if "GitHub-style anchor" in d.message]
    found = [(d.code, d.path, d.span.line, d.span.column) for d in result.diagnostics]
    assert [
        r for r in found if r not in {(d.code, d.path, d.span.line, d.span.column) for d in slugs}
    ] == [
        # `../../CONTRIBUTING.md` is the repository root, outside this vault (the docs folder).
        ("LNK001", "dev/contribution-guide.md", 3, 37),
        # `user/publishing/publishing.md` does not exist; the folder has other notes.
        ("LNK001", "dev/design/static-site-publishing-research.md", 11, 3),
        # `[[publishing]]`: there is a folder of that name but no note.
        ("LNK001", "user/index.md", 69, 5),
        # `[`foam-capture-action`]()`: a link with an empty destination.
        ("LNK007", "user/recipes/capture-notes-with-shortcuts-and-github-actions.md", 18, 14),
        # Slug anchors for headings the note does not have ("Further customise your site").
        ("LNK003", "user/recipes/generate-material-for-mkdocs-site.md", 35, 4),
        ("LNK003", "user/recipes/generate-material-for-mkdocs-site.md", 39, 4),
        # `[[cli-grep|foam grep]]`: no note `cli-grep` exists.
        ("LNK001", "user/tools/cli/search.md", 11, 35),
    ]
    # GitHub slugs (`[x](#what-is-foam)` for `## What is Foam?`): Obsidian compares
    # `what-is-foam` with `what is foam` and opens the note at its top.
    assert len(slugs) == 37
    assert {d.code for d in slugs} == {"LNK003"}
    assert (
        "Missing heading: this note has no heading `what-is-foam` (a GitHub-style anchor, "
        "which Obsidian does not read; write `#What is Foam?`)"
    ) in {d.message for d in slugs}


def test_kepano_templates_are_not_reported_by_default() -> None:
    # `.obsidian/templates.json` names `Templates`: its 28 FM001 ({{date}} placeholders),
    # 10 LNK001 (categories never written) and 42 GR001 are not problems of notes.
    # (The bases kept in `Templates/Bases` are not templates: test_bases reads them.)
    found = rows("kepano__kepano-obsidian")
    assert [r for r in found if r[1].startswith("Templates/") and r[1].endswith(".md")] == []
    assert len(found) == 46
    assert len(rows("kepano__kepano-obsidian", templates=True)) == 84


def test_kepano_template_placeholders_are_not_errors_when_templates_are_checked() -> None:
    # 28 templates write `created: {{date}}` unquoted: YAML once applied, so no FM001.
    found = rows("kepano__kepano-obsidian", templates=True)
    templates = [r for r in found if r[1].startswith("Templates/") and r[1].endswith(".md")]
    assert not [r for r in templates if r[0] != "LNK001" and r[0] != "GR001"]
    # What is left are links written literally to notes never written (`[[Actors]]`).
    root = corpus("kepano__kepano-obsidian")
    links = [r for r in templates if r[0] == "LNK001"]
    assert len(links) == 10
    for _, path, line, column in links:
        text = (root / path).read_text("utf-8").splitlines()[line - 1]
        assert text[column - 1 : column + 1] == "[[" and "{{" not in text, (path, text)


def test_kepano_unresolved_links_are_notes_never_written() -> None:
    root = corpus("kepano__kepano-obsidian")
    vault = load_vault(root)
    found = [r for r in rows("kepano__kepano-obsidian", templates=True) if r[0].startswith("LNK")]
    assert {r[0] for r in found} == {"LNK001"}
    assert len(found) == 51
    for _, path, line, _ in found:
        # Every one is a `[[Name]]` with no `Name.md` anywhere in the vault.
        note = vault.notes[path]
        [link] = [lk for lk in note.links if lk.span.line == line and lk.span.column == _]
        assert not any(n.name.casefold() == link.target.casefold() for n in vault)


def test_kepano_property_links_are_graph_edges() -> None:
    vault = load_vault(corpus("kepano__kepano-obsidian"))
    graph = Context(vault, LinkIndex(vault)).graph
    edges = graph.get_edge_data("References/Blade Runner.md", "Categories/Movies.md")
    assert [(e["kind"], e["property"], e["line"]) for e in edges.values()] == [
        ("frontmatter", "categories", 3)
    ]
    assert graph.nodes["Ridley Scott"]["kind"] == "unresolved"
