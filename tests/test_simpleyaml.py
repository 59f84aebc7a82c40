"""The simple frontmatter reader against the reference, composing the YAML (``fast=False``).

On every corpus note, a generated vault, hand-picked cases and fuzzed frontmatter, both ways
must give the same entries (keys, values with their YAML types, spans, list items) and links;
where the simple reader steps aside, the reference reads the note, so results are equal too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA, REPO
from tests.hostile.generate import files as hostile_files
from vaultcheck.parse.frontmatter import FrontmatterResult, _block_bounds, parse_frontmatter
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.simpleyaml import read_simple
from vaultcheck.parse.text import LineIndex, decode


def _both_ways(text: str) -> bool:
    """Assert both readers agree on ``text``; whether the simple one read it."""
    index = LineIndex(text)
    fast = parse_frontmatter(text, index)
    reference = parse_frontmatter(text, index, fast=False)
    # repr, not ==: it tells 1 from 1.0 and True, a date from its text, and NaN equals itself.
    assert _shown(fast) == _shown(reference), text
    bounds = _block_bounds(text)
    return isinstance(bounds, tuple) and read_simple(text, *bounds[:2], index) is not None


def _shown(result: FrontmatterResult) -> str:
    return repr((result.frontmatter, result.links))


def _note(yaml: str, newline: str = "\n") -> str:
    return f"---{newline}{yaml}---{newline}Body [[X]]{newline}"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "simple_at_least"),
    [
        ("OldManUmby__DND.SRD.Wiki", 0),
        ("foambubble__foam_docs", 3),
        ("kepano__kepano-obsidian", 70),  # the other 28 are templates: `{{date}}` is no YAML
        ("tldr-pages__tldr", 0),
    ],
)
def test_every_corpus_note_reads_the_same_both_ways(name: str, simple_at_least: int) -> None:
    root = CORPORA / name
    if not root.is_dir():
        pytest.skip(f"corpus {name} not available")
    simple = sum(_both_ways(decode(path.read_bytes()).text) for path in root.rglob("*.md"))
    assert simple >= simple_at_least  # the comparison means something only where it read


def test_a_generated_vault_reads_the_same_both_ways(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(tmp_path, 300, seed=5)
    paths = sorted(tmp_path.rglob("*.md"))
    assert len(paths) == 300
    assert all(_both_ways(path.read_text(encoding="utf-8")) for path in paths)


def test_the_fixtures_read_the_same_both_ways() -> None:
    found = [
        path
        for folder in ("examples/vault", "fuzz/corpus", "fuzz/regressions", "tests/golden")
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file() and path.suffix in ("", ".md")
    ]
    assert len(found) > 20
    for path in found:
        _both_ways(decode(path.read_bytes()).text)


@pytest.mark.hostile
def test_the_hostile_corpus_reads_the_same_both_ways() -> None:
    simple = 0
    for data in hostile_files().values():
        text = decode(data).text
        bounds = _block_bounds(text)
        if isinstance(bounds, tuple) and read_simple(text, *bounds[:2], LineIndex(text)):
            # Only then: else both ways compose it, and the YAML bombs take ages to show.
            simple += _both_ways(text)
    assert simple > 5


#: Frontmatter the simple reader must read itself (and get right).
SIMPLE = [
    "title: A note\ntags:\n  - a\n  - b/c\ncreated: 2025-01-05\n",
    "tags:\n- a\n-\n- 'q'\n\n# comment\nb:\n",
    "a: [x, 'y z' , \"[[W|w]]\", ]  # trailing\nb: []\nc: [ ]\n",
    "n: 12\nf: 1.5\nb: yes\nz: ~\nt: 2025-01-01 10:00:00\nbad: 2025-13-45\nh: 0x1F\ns: 1:30\n",
    "1: one\nyes: two\n2025-01-01: date\nnull: n\n",
    "a: x  #c\nb: 'x''y [[P]]'#c\nc:   # empty\n  # indented comment\nd: http://x.y/z\n",
    'related: "[[A]]"\nlink: see [[B#H|b]] and [[C]]\nlist:\n    - x [[D]]\n',
    "ключ: значение 😀\n日本: [語, 'é']\n",
    "a: -5\nb: [-1, -x]\nc: a{b}, [c]\nd{e}, f: g\n",
    "dup: 1\ndup: 2\n",
    "k" * 1000 + ": long key\n",
    "",
    "# only a comment\n\n",
]

#: Frontmatter it must leave to the composing reader.
NOT_SIMPLE = [
    "a: &x 1\nb: *x\n",  # anchors, aliases
    "a: !!str 1\n",  # tags
    "a: |\n  text\n",  # block scalars
    "a: b\n  c\n",  # a plain scalar over lines
    "a: 'b\n  c'\n",  # a quoted one
    'a: "esc\\n"\n',  # escapes
    "a:\n  b: c\n",  # a nested mapping
    "a: {b: c}\n",  # a flow mapping
    "a: [b: c]\n",  # a mapping in a flow list
    "a: 'q' x\n",  # text after a closing quote (an error)
    "a: b\t# c\n",  # a comment after a tab
    "a: [[Note]]\n",  # a list in a list
    "a: [b,\n  c]\n",  # a flow list over lines
    "a: b: c\n",  # a mapping in a value
    "'quoted': key\n",
    "a:\tb\n",  # tabs
    "- a\n- b\n",  # not a mapping
    "a: b\r",  # a lone carriage return
    "a: \x07\n",  # a character YAML refuses
    "a: 0b_\n",  # a value whose constructor fails
    "<<: x\n",  # the merge key
    "created: {{date}}\n",  # a template
    "... : x\n",  # a document end
    "a:\n  - x\n - y\n",  # items out of line
    "k" * 990 + " " * 40 + ": x\n",  # a colon too far for libyaml (an error)
    "k" * 1001 + ": x\n",  # a colon far enough in for the simple reader to ask libyaml
]


@pytest.mark.parametrize("yaml", SIMPLE)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_simple_frontmatter_is_read_without_composing(yaml: str, newline: str) -> None:
    assert _both_ways(_note(yaml.replace("\n", newline), newline))


@pytest.mark.parametrize("yaml", NOT_SIMPLE)
def test_other_frontmatter_is_left_to_the_yaml_loader(yaml: str) -> None:
    assert not _both_ways(_note(yaml))


def test_values_are_typed_as_yaml_types_them() -> None:
    text = _note(SIMPLE[3])
    index = LineIndex(text)
    bounds = _block_bounds(text)
    assert isinstance(bounds, tuple)
    found = read_simple(text, *bounds[:2], index)
    assert found is not None
    values = {entry.key: entry.value for entry in found[0]}
    assert [type(values[k]).__name__ for k in ("n", "f", "b", "z", "t", "bad", "h", "s")] == [
        "int", "float", "bool", "NoneType", "datetime", "str", "int", "int"
    ]  # fmt: skip
    assert (values["h"], values["s"]) == (31, 90)


def test_parse_note_reads_frontmatter_both_ways_on_request() -> None:
    data = _note("tags: [a, b]\nrelated: '[[A]]'\n").encode()
    assert parse_note(data, "n.md") == parse_note(data, "n.md", fast=False)
    assert parse_note(data, "n.md").links[0].target == "A"


# Fuzzing: frontmatter assembled from lines that are mostly simple, with YAML's corners.
_WORDS = ["a", "title", "two words", "ключ", "日本", "é😀", "x_y-z", "a{b}", "a[1]", "x,y"]
_ODD = ["a#b", "a #b", "a'b", '"q"', "'q'", "-x", "- x", "?x", ":x", "...", "<<", "=", "&a", "!t"]
_ALL_KEYS = st.sampled_from(
    [*_WORDS, *_ODD, "tags", "yes", "No", "1", "-1", "0x1F", "1.5", ".5", "~", "null", "2025-01-01"]
)
_KEYS = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_WORDS), _ALL_KEYS)
_SCALARS = [
    "plain", "two  words", "1", "-5", "+7", "0x1F", "0o17", "017", "1_000", "12:30", "1.5",
    "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "true", "False", "yes", "No", "on", "OFF", "y",
    "~", "null", "Null", "2025-01-01", "2025-13-45", "2025-01-01 10:00:00",
    "2025-01-01T10:00:00Z", "2001-12-14t21:59:43.10-05:00", "[[Note]]", "[[Note|alias]]",
    "[[Note#Head]]", "x [[A]] y [[B]]", "[[A]] [[A]]", "#tag", "#a/b", "a #comment", "a#b",
    "a: b", "a:", "http://x.y/z", "'single'", "'it''s [[A]]'", "'[[P''u]]'", '"double [[B|c]]"',
    '"esc\\n [[E]]"', '"\\u00e9"', "'unclosed", '""', "''", "' spaced '", "*alias", "&anchor v",
    "!!str 1", "!!int 12z", "|", ">-", "{a: b}", "[a, b]", "[a,]", "[ 'x' , \"[[Y]]\" ]", "[]",
    "[[[a]]]", "[a, [b]]", "[a #c]", "[a#b]", "[a:b]", "[-1, -a]", "[1, 2.5, yes, ~]",
    "['[[A]]', \"[[B]]\"]", "[a] x", "[a]#c", "é😀", "0b_", "- a", "-", "?x", ":x", "%x", "@x",
    "`x`", "=", "<<", "a\tb", "[a: b]", "[a:]", "[a :b]", "'q' x", '"q"x', "'q'\t", "x\x85y", "x\u2028y", "\ufeffx", "x\x7fy",
]  # fmt: skip
#: Values the simple reader reads itself, in a key's line or a list item.
_SIMPLE_SCALARS = [
    *(v for v in _SCALARS[:38] if not v.startswith("[")), "a #comment", "a#b", "http://x.y/z",
    "'single'", "'it''s [[A]]'", '"double [[B|c]]"', "''", "é😀", "'[[A]]'",
]  # fmt: skip
_SIMPLE_LISTS = ["[a,]", "[ 'x' , \"[[Y]]\" ]", "[]", "[-1, -a]", "[1, 2.5, yes, ~]"]
_VALUES = st.one_of(
    st.sampled_from(_SIMPLE_SCALARS + _SIMPLE_LISTS),
    st.sampled_from(_SIMPLE_SCALARS + _SIMPLE_LISTS),
    st.sampled_from(_SCALARS),
    st.text(alphabet="ab [[]]|#:,'\"-{}!&*é", max_size=12),
)
_SPACES = st.sampled_from(["", " ", "  "] * 3 + ["\t"])
_KEY_LINE = st.builds(
    lambda key, colon, value, after: f"{key}{colon}{value}{after}",
    _KEYS,
    st.sampled_from([": "] * 12 + [":  ", ":", " : ", ":\t"]),
    st.one_of(st.just(""), _VALUES),
    st.sampled_from(["", " ", " # c", "#c", "  ", "\t", "\t# c"]),
)
_ITEM_LINE = st.builds(
    lambda indent, value, after: f"{indent}-{' ' + value if value else ''}{after}",
    st.sampled_from(["", "  ", "  ", "  ", "    ", " "] * 3 + ["\t", "  \t"]),
    st.one_of(st.just(""), _VALUES),
    st.sampled_from(["", " ", " # c"]),
)
_OTHER_LINE = st.one_of(
    st.builds(lambda s: f"{s}# comment", _SPACES),
    _SPACES,
    st.builds(lambda v: f"  {v}", _VALUES),  # a continuation, or a nested mapping
)
_LIST_ENTRY = st.builds(
    lambda key, after, indent, items: "\n".join(
        [f"{key}:{after}", *(f"{indent}-{' ' + item if item else ''}" for item in items)]
    ),
    _KEYS,
    st.sampled_from(["", " ", " # c"]),
    st.sampled_from(["", "  ", "  ", "    "]),
    st.lists(st.one_of(st.just(""), _VALUES), min_size=1, max_size=4),
)
#: Mostly entries (a key with its value, or a key with its list), now and then another line.
_LINES = st.lists(
    st.one_of(*[_KEY_LINE] * 4, *[_LIST_ENTRY] * 4, _ITEM_LINE, _OTHER_LINE), max_size=6
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES, st.sampled_from(["\n"] * 5 + ["\r\n"] * 2 + ["\r"]))
def test_fuzzed_frontmatter_reads_the_same_both_ways(lines: list[str], newline: str) -> None:
    yaml = "".join(line.replace("\n", newline) + newline for line in lines)
    event("read simply" if _both_ways(_note(yaml, newline)) else "composed")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6), st.data())
def test_fuzzed_simple_frontmatter_is_read_simply(keys: list[str], data: st.DataObject) -> None:
    lines = []
    for key in keys:
        if data.draw(st.booleans()):
            value = data.draw(st.sampled_from(_SIMPLE_SCALARS + _SIMPLE_LISTS))
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}:")
            items = data.draw(st.lists(st.sampled_from(_SIMPLE_SCALARS), max_size=3))
            lines += [f"  - {item}" for item in items]
    assert _both_ways(_note("".join(line + "\n" for line in lines)))
