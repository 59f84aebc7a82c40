"""Dataview inline fields: their wikilinks are graph edges of kind `inline-field`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import as_rows, corpus, write_vault
from vaultcheck.core.config import Config
from vaultcheck.engine.run import lint
from vaultcheck.parse.note import parse_note
from vaultcheck.rules.base import Context
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

NOTE = (
    "Up:: [[Index]]\n"
    "- author:: [[Ann Lee]] and [[Other]]\n"
    "Text [rel:: [[Index]]] and (src:: [[Other|o]]) and [[Plain]].\n"
    "> **quoted**:: [[Index]]\r\n"
    "`code:: [[Index]]`\n"
    "```\nfenced:: [[Index]]\n```\n"
    "A time 10::30 and http://x.y/a::b [[Plain]]\n"
    "- [ ] task:: [[Other]]\n"
)


def test_inline_field_links_are_tagged_with_their_field() -> None:
    note = parse_note(NOTE.encode(), "a.md")
    assert [(k.kind.value, k.key, k.target, k.span.line, k.span.column) for k in note.links] == [
        ("inline-field", "Up", "Index", 1, 6),
        ("inline-field", "author", "Ann Lee", 2, 12),
        ("inline-field", "author", "Other", 2, 28),
        ("inline-field", "rel", "Index", 3, 13),
        ("inline-field", "src", "Other", 3, 35),
        ("wikilink", None, "Plain", 3, 52),
        ("inline-field", "quoted", "Index", 4, 16),
        ("wikilink", None, "Plain", 9, 35),
        ("inline-field", "task", "Other", 10, 14),
    ]


def test_a_field_on_the_line_after_the_frontmatter_is_found() -> None:
    """The body is searched for ``::`` from the frontmatter's end (its colons skipped):
    a field on the first line after it counts, as do CRLF line ends and a body long
    enough to be searched a character at a time; a ``::`` in the frontmatter alone
    tags nothing."""
    filler = "word " * 300
    for newline in ("\n", "\r\n"):
        head = newline.join(["---", "a: 1", "b: 2", "---", ""])
        for body in ("Up:: [[Index]]", f"Up:: [[Index]]{newline}{filler}"):
            note = parse_note((head + body).encode(), "a.md")
            assert [(k.kind.value, k.key, k.span.line) for k in note.links] == [
                ("inline-field", "Up", 5)
            ]
    note = parse_note(f'---\nq: "x:: y"\n---\n[[Index]] {filler}'.encode(), "a.md")
    assert [(k.kind.value, k.key) for k in note.links] == [("wikilink", None)]


def test_inline_field_links_are_edges_and_are_checked(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v", {"a.md": NOTE, "Index.md": "", "Other.md": "", "Plain.md": ""}
    )
    vault = load_vault(root)
    graph = Context(vault, LinkIndex(vault)).graph
    edges = graph.get_edge_data("a.md", "Index.md")
    assert sorted((e["kind"], e["property"], e["line"]) for e in edges.values()) == [
        ("inline-field", "Up", 1),
        ("inline-field", "quoted", 4),
        ("inline-field", "rel", 3),
    ]
    result = lint(root, select_rules(["LNK001"]), config=Config())
    assert as_rows(result.diagnostics) == [
        ("LNK001", "a.md", 2, 12, "Broken link: no note named `Ann Lee`")
    ]


def test_corpora_inline_fields() -> None:
    # No corpus writes Dataview fields: none of their links is an inline field's.
    for name in ("kepano__kepano-obsidian", "foambubble__foam_docs", "OldManUmby__DND.SRD.Wiki"):
        vault = load_vault(corpus(name))
        assert [k for n in vault for k in n.links if k.kind.value == "inline-field"] == [], name
