"""Frontmatter is read as YAML decodes it, and fixes write into it in each scalar's own style.

Over every style (plain, single-quoted, double-quoted, literal and folded block), generated
values are written, edited by the fix helpers and read back by the real parser: the YAML
stays valid and decodes to exactly what the fix meant, or the helper declines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import as_rows, diagnostics, write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.model import LinkKind
from vaultcheck.fixing.fixcheck import apply_edits
from vaultcheck.parse.note import parse_note
from vaultcheck.rules.shared.fixes import link_edit, replace_scalar

runner = CliRunner()


def test_an_escaped_quote_is_read_as_yaml_decodes_it(tmp_path: Path) -> None:
    write_vault(
        tmp_path,
        {
            "Pa'u.md": "",
            'Say "hi".md': "",
            "a.md": "---\nup: '[[Pa''u]]'\nx: \"[[Say \\\"hi\\\"|s]] and [[Nope]]\"\n"
            "b: |\n  see [[Pa'u]] and\n  [[Gone]]\n---\n",
        },
    )
    assert as_rows(diagnostics(tmp_path, ["LNK001"])) == [
        ("LNK001", "a.md", 3, 26, "Broken link: no note named `Nope`"),
        ("LNK001", "a.md", 6, 3, "Broken link: no note named `Gone`"),
    ]
    note = parse_note((tmp_path / "a.md").read_bytes(), "a.md")
    written = [
        (link.target, note.text[link.target_span.start : link.target_span.end])
        for link in note.links
        if link.target_span
    ]
    assert written == [
        ("Pa'u", "Pa''u"),
        ('Say "hi"', 'Say \\"hi\\"'),
        ("Nope", "Nope"),
        ("Pa'u", "Pa'u"),
        ("Gone", "Gone"),
    ]


def test_one_alias_used_by_nine_keys_is_one_finding(tmp_path: Path) -> None:
    keys = "".join(f"k{i}: *a\n" for i in range(9))
    write_vault(tmp_path, {"a.md": f"---\nup: &a '[[Missing]]'\n{keys}---\n"})
    assert as_rows(diagnostics(tmp_path, ["LNK001"])) == [
        ("LNK001", "a.md", 2, 9, "Broken link: no note named `Missing`")
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("---\nup: '[[Pa''ux]]'\n---\n", b"---\nup: '[[Pa''u]]'\n---\n"),
        ('---\nup: "[[Pa\'ux]]"\n---\n', b'---\nup: "[[Pa\'u]]"\n---\n'),
        ("---\nup:\n  - '[[Pa''ux]]'\n---\n", b"---\nup:\n  - '[[Pa''u]]'\n---\n"),
        # A plain scalar cannot hold a quote safely: no fix is offered.
        ("---\nup: see [[Pa'ux]]\n---\n", b"---\nup: see [[Pa'ux]]\n---\n"),
    ],
    ids=["single-quoted", "double-quoted", "list item", "plain"],
)
def test_a_link_fix_in_frontmatter_escapes_for_the_style(
    tmp_path: Path, before: str, after: bytes
) -> None:
    write_vault(tmp_path, {"Pa'u.md": "", "a.md": before})
    runner.invoke(app, ["lint", str(tmp_path), "--select", "LNK001", "--fix", "--unsafe-fixes"])
    assert (tmp_path / "a.md").read_bytes() == after


def test_fm008_removes_a_key_that_is_an_alias(tmp_path: Path) -> None:
    # Before, the alias's value span was its anchor's, and the fix removed nothing, ten times.
    write_vault(tmp_path, {"a.md": "---\ntags: &t [foo]\ntag: *t\n---\nbody\n"})
    args = ["lint", str(tmp_path), "--select", "FM008", "--fix", "--output-format", "concise"]
    result = runner.invoke(app, args)
    assert (tmp_path / "a.md").read_bytes() == b"---\ntags: &t [foo]\n---\nbody\n"
    assert result.stdout == "Found 1 problem (1 fixed, 0 remaining).\n"


def test_a_merge_key_brings_its_mapping_in_as_yaml_readers_load_it(tmp_path: Path) -> None:
    """`<<: *defaults` at the top level was "FM001 Invalid YAML: could not determine a
    constructor for the tag 'tag:yaml.org,2002:merge'", though PyYAML and js-yaml load it.
    Keys written in the mapping win, then the earlier merged mapping; a quoted "<<" is a key."""
    texts = {
        "a.md": "defaults: &d\n  status: draft\n  tags: [a]\nmore: &m {title: M, status: x}\n"
        "<<: [*d, *m]\ntitle: Own\n",
        "c.md": 'x: &x {status: s}\n<<: *x\n"<<": plain\n',
    }
    write_vault(tmp_path, {name: f"---\n{text}---\n" for name, text in texts.items()})
    (tmp_path / ".vaultcheck.toml").write_text('[frontmatter]\nrequired = ["status"]\n')
    assert as_rows(diagnostics(tmp_path, ["FM"])) == []
    # The earlier merged mapping wins, as the merge key's spec and js-yaml have it (PyYAML
    # itself lets the later one win: `status: x`).
    expected = {
        "a.md": {
            "status": "draft",
            "tags": ["a"],
            "defaults": {"status": "draft", "tags": ["a"]},
            "more": {"title": "M", "status": "x"},
            "title": "Own",
        },
        "c.md": {"status": "s", "x": {"status": "s"}, "<<": "plain"},
    }
    for name in texts:
        note = parse_note((tmp_path / name).read_bytes(), name)
        assert note.frontmatter is not None
        assert {e.key: e.value for e in note.frontmatter.entries} == expected[name]
    write_vault(tmp_path, {"b.md": "---\n<<: 5\ntitle: x\n---\n"})
    assert as_rows(diagnostics(tmp_path, ["FM001"])) == [
        (
            "FM001",
            "b.md",
            2,
            5,
            "Invalid YAML: expected a mapping or list of mappings for merging, but found scalar "
            "(while constructing a mapping)",
        )
    ]


# --- every scalar style, generated values ---------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from([*"aZé日 '\"\\#:-,[]{}|>&*!%@`?\t", "\u2028", "\x85", "x"]),
    max_size=12,
)
STYLES = [None, "'", '"', "|", ">"]


def _frontmatter(value: str, style: str | None) -> str | None:
    """``value`` written by PyYAML in ``style`` as the only property, or ``None`` if PyYAML
    will not write it so."""
    dumped = yaml.safe_dump(
        {"k": value}, default_style=style, allow_unicode=True, width=1000, default_flow_style=False
    )
    if yaml.safe_load(dumped) != {"k": value} or not dumped.endswith("\n"):
        return None
    text = f"---\n{dumped}---\n"
    fm = parse_note(text.encode(), "a.md").frontmatter
    # A line break YAML knows and Markdown does not (U+2028) can hide the closing `---`.
    return text if fm is not None and fm.error is None and len(fm.entries) == 1 else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=TEXT, new=TEXT, style=st.sampled_from(STYLES))
def test_replace_scalar_decodes_to_the_new_value_or_declines(
    old: str, new: str, style: str | None
) -> None:
    text = _frontmatter(old, style)
    if text is None:
        return
    note = parse_note(text.encode(), "a.md")
    assert note.frontmatter is not None
    entry = note.frontmatter.entries[0]
    edit = replace_scalar(note, entry.value_span, new)
    if edit is None:
        return
    after = parse_note(apply_edits(note.text, [edit]).encode(), "a.md")
    assert after.frontmatter is not None and after.frontmatter.error is None, after.text
    assert after.frontmatter.get("k") == new, after.text


NAME = st.text(alphabet=st.sampled_from(list("aZé日 '\"\\:,{}&*!%@`?-")), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAME, style=st.sampled_from(STYLES), before=TEXT)
def test_a_link_target_rewritten_in_frontmatter_reads_back(
    name: str, style: str | None, before: str
) -> None:
    name = name.strip()
    text = _frontmatter(f"{before.strip()} [[Old]]", style)
    if text is None or not name:
        return
    note = parse_note(text.encode(), "a.md")
    links = [link for link in note.links if link.kind is LinkKind.FRONTMATTER]
    if len(links) != 1 or links[0].target_span is None:
        return  # the generated text made another link of its own
    link = links[0]
    assert link.target == "Old"
    edit = link_edit(note, link, link.target_span.start, link.target_span.end, name)
    if edit is None:
        return
    after = parse_note(apply_edits(note.text, [edit]).encode(), "a.md")
    assert after.frontmatter is not None and after.frontmatter.error is None, after.text
    assert [(x.target, x.key) for x in after.links] == [(name, "k")], after.text


def test_the_styles_are_really_generated() -> None:
    """The generators above write every style (so the properties are not vacuous)."""
    seen = set()
    for style in STYLES:
        text = _frontmatter("a 'b' \"c\" [[Old]]", style)
        assert text is not None
        seen.add(text.split("\n")[1].split(": ", 1)[1][0])
    assert seen == {"a", "'", '"', "|", ">"}


@pytest.mark.parametrize(
    ("style", "new", "written"),
    [
        ("'", 'it\'s "ok"', "'it''s \"ok\"'"),
        ('"', 'it\'s "ok"\\', '"it\'s \\"ok\\"\\\\"'),
        (None, "plain ok", "plain ok"),
        (None, "true", '"true"'),  # plain `true` would be read as a boolean
        ("|", "x", None),  # a block scalar is left alone
    ],
)
def test_each_style_takes_its_own_escaping(
    style: str | None, new: str, written: str | None
) -> None:
    """The properties above may decline; here each style must take a plain edit, escaped."""
    text = _frontmatter("old value", style)
    assert text is not None
    note = parse_note(text.encode(), "a.md")
    assert note.frontmatter is not None
    edit = replace_scalar(note, note.frontmatter.entries[0].value_span, new)
    if written is None:
        assert edit is None
        return
    assert edit is not None
    after = apply_edits(note.text, [edit])
    assert after.split("\n")[1].split(": ", 1)[1] == written
    fm = parse_note(after.encode(), "a.md").frontmatter
    assert fm is not None and fm.get("k") == new


@pytest.mark.parametrize(
    ("style", "line"),
    [
        ("'", "'see [[Pa''u]]'"),
        ('"', '"see [[Pa\'u]]"'),
        ("|", "|-\n  see [[Pa'u]]"),
        (">", ">-\n  see [[Pa'u]]"),
        (None, "see [[Pa'u]]"),
    ],
)
def test_each_style_takes_a_link_target_with_a_quote(style: str | None, line: str) -> None:
    text = _frontmatter("see [[Old]]", style)
    assert text is not None
    note = parse_note(text.encode(), "a.md")
    [link] = note.links
    assert link.target_span is not None
    edit = link_edit(note, link, link.target_span.start, link.target_span.end, "Pa'u")
    if style is None:
        assert edit is None  # a plain scalar cannot hold a quote safely
        return
    assert edit is not None
    after = apply_edits(note.text, [edit])
    assert f": {line}\n---\n" in after
    assert [x.target for x in parse_note(after.encode(), "a.md").links] == ["Pa'u"]
