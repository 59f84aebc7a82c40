"""The fast parse paths against the reference at scale: mutated real notes, generated
Markdown and mutated frontmatter, each parsed both ways (``tests/differential.py``).

    python bench/fuzz_fastpath.py --examples 100000 [--mode notes|yaml] [--seed 1]
        [--corpus DIR ...] [--out DIR]

The suite's differential tests run a few hundred examples each; this runs as many as asked.
A note is a window of a real note (every corpus, the generated vaults), pieces, or lines
near the block scanner's edges, changed a few times the way vaults differ: line endings, a
BOM, tabs and Unicode spaces, container markers, fences, ``$$`` and ``%%``, HTML, setext
underlines, reference definitions, escapes, bytes that are not UTF-8, frontmatter in many
YAML styles; a few go in a canvas's text card. Besides the note both ways, the block
scanner's tokens are compared with markdown-it-py's where it takes the text, and chunks of
notes must come back from a worker's flattening and pickling unchanged. ``--mode yaml``
compares the simple frontmatter reader with PyYAML on mutated real frontmatter. Each
disagreement is reduced (lines, then characters) and written to ``--out``; exit code 1.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the suite's own comparison, run from anywhere

from tests.differential import reference  # noqa: E402
from tests.test_blockscan import _markdown_of, _same_tokens  # noqa: E402
from vaultcheck.parse.chunkpipe import chunk_message  # noqa: E402
from vaultcheck.parse.flatnote import flatten  # noqa: E402
from vaultcheck.parse.flatrestore import restore  # noqa: E402
from vaultcheck.parse.frontmatter import _block_bounds, parse_frontmatter  # noqa: E402
from vaultcheck.parse.note import parse_note  # noqa: E402
from vaultcheck.parse.sharednote import Shared  # noqa: E402
from vaultcheck.parse.text import LineIndex  # noqa: E402

#: Where the seed notes come from by default: the corpora and the generated benchmark vaults.
CORPORA = [
    REPO.parent / "shared" / "corpora",
    Path("/tmp/vc-speed-bench/generated-6600"),
    Path("/tmp/vc-speed-bench/multilingual-6300"),
]

#: Text put inside a line: what the scanners look for, and what sits next to it in vaults.
PIECES = [
    "[[A]]", "[[B#H|t]]", "![[i.png]]", "[[", "]]", "[", "]", "(", ")", "#tag", "#タグ", "#1",
    " ^blk", "^x", "[t](x.md)", "[t](<a b>)", "![i](x.png)", "[t][r]", "[r]", "`", "``", "`c`",
    "`[[C]]`", "%%", "$", "$x$", "$$", "\\", "\\[", "\\|", "|", "||", "\u00a0", "\u3000",
    "\u2002", "\u200b", "\t", "\u200f", "\u202b", "\u0301", "\u200d", "👩\u200d💻", "🧩", "、",
    "。", "「", "\uff1a", "#", "##", " #", "> ", "- ", "* ", "+ ", "1. ", "1) ", "<", ">", "<div>",
    "</div>", "<br>", "<!--", "-->", "<https://x.y/#t>", "<a@b.c>", "&amp;", "&#35;", "[^1]",
    "[^1]: ", "===", "---", "***", "___", "```", "~~~", "\ufeff", "[[مرحبا]]", "[[日本|語]]",
    "> [!note] ", "@key", "[@key]", "*", "_", "**", ":", "::", "key:: [[V]]", "\x85",
    "\u2028", "\x0b", "\x0c", "\r", "\x00", "  ", "    ", "\\\\", "[[A\\|b]]", "[[A|b\\]]",
    "<span>", "\\#", "&nbsp;", "!", "[[A]]]]", "[[[[A]]", "#a/b", "#a-b_c", "#-", "#🧩",
    "\udce9", "\udcff\udcfe",  # bytes that are not UTF-8 (written with surrogateescape)
]  # fmt: skip
#: Put before a line: containers and indentation.
PREFIXES = [
    "> ", ">", "- ", "* ", "+ ", "  ", "   ", "    ", "\t", " \t", "\t ", "> > ", "1. ", "2) ",
    "10. ", "\u00a0", "\u3000", "   - ", "  - ", "\t- ", "# ", "## ", "####### ", "-\t", ">\t",
    "> - ", "- > ", "- [ ] ", "- [x] ", "> [!tip] ", "> [!note]- ", ">>", " > ", "-", "1.",
]  # fmt: skip
#: Whole lines put between lines.
LINES = [
    "", "", " ", "\t", "  ", ">", "> ", "-", "- ", "*", "1.", "---", "===", "***", "- - -",
    "___", "= =", "```", "```python", "~~~", "````", "   ```", "$$", "%%", "%% x %%", "<div>",
    "</div>", "<!--", "-->", "<!-- c -->", "<details>", "<p>", "<script>", "<?x", "<![CDATA[",
    "[ref]: /url", "[ref]: <a b> 'title'", "[^1]: foot", "| a | b |", "|---|---|", "|-|",
    ":-:|", "a | b", "    code", "\tcode [[X]]", "# H", "Title", "Sub\n---", "> [!note]",
    "\u00a0", "\u3000", "\ufeff", "\\", "\\\\", "$$ x $$", "- [[A]]", "> [[Q]]", "%%\n%%",
]  # fmt: skip
NEWLINES = ["\n", "\n", "\n", "\r\n", "\r", None]  # None: mixed

#: Frontmatter shapes, joined with a body.
FRONTMATTERS = [
    "title: a\n", "tags: [a, b]\n", "tags:\n  - a\n  - '#b'\n", "up: '[[P]]'\n",
    'up: "[[P|p]]"\n', "a: {b: 1, c: '[[C]]'}\n", "d: |\n  x [[X]]\n  y\n", "e: >-\n  f\n",
    "g: &x 1\nh: *x\n", "i: 1\ni: 2\n", "j:\n- k\n-  l\n", "m: ---\n", "n: 'x\n  y'\n",
    "o: \"a\\\"b\"\n", "p:\tq\n", "# c\nr: s # c\n", "t: [\n  u,\n  v]\n", "aliases: \n",
    "created: 2024-01-01\n", "x: yes\ny: 0x1f\nz: 1.5\nw: ~\n", "? k\n: v\n", "!!str a: b\n",
    "'q k': v\n", "v: a: b\n", "list:\n  - [[A]]\n", "s: \"[[A]]\" tail\n", "tags: a, b\n",
    "- a\n", "k: [a, [b]]\n", "k: 'it''s'\n", "k: \u00a0x\n", "k: \ufeff\n", "k:  # c\n  - a\n",
]  # fmt: skip


def seeds(roots: list[Path]) -> list[str]:
    """Every Markdown note under ``roots`` (decoded, errors replaced)."""
    found: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            found.append(path.read_bytes().decode("utf-8", "replace"))
    return found


def window(rng: random.Random, text: str) -> list[str]:
    """A run of up to 30 lines of ``text`` (its start more often than elsewhere: frontmatter)."""
    lines = text.split("\n")
    size = rng.randint(1, 30)
    start = 0 if rng.random() < 0.3 else rng.randint(0, max(0, len(lines) - size))
    return lines[start : start + size]


def generated(rng: random.Random) -> list[str]:
    """Lines joined from the pieces alone."""
    lines = []
    for _ in range(rng.randint(1, 12)):
        line = rng.choice(PREFIXES) if rng.random() < 0.4 else ""
        for _ in range(rng.randint(0, 5)):
            line += rng.choice(PIECES) if rng.random() < 0.6 else rng.choice(["a", "b c", " "])
        lines.append(line)
        if rng.random() < 0.3:
            lines.append(rng.choice(LINES))
    return lines


#: What a line of :func:`structured` is made of: indentation, containers, then a body.
INDENTS = ["", "", "", " ", "  ", "   ", "    ", "\t", "  \t", "\u00a0", "     "]
MARKERS = ["", "", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "- > ", "> - ", "> > ", "-  ", "-"]
BODIES = [
    "a", "[[A]]", "#t", "text [[B|b]] #t", "x ^id", "`[[C]]`", "# H [[H]]", "## H #", "```",
    "~~~", "---", "***", "===", "| a | [[T]] |", "|---|---|", "| - | :-: |", "%%", "%% c %%",
    "[t](x.md)", "", "\u00a0", "a | b", "[[A]] |", "#", "*a*", "_a_", "* * *", "1.", "- [ ]",
    "<x@y.z>", "<https://a.b>", "[[A\\|b]]", "`a` [[B]] `c`", "x\u3000#t", "#t\u00a0",
]  # fmt: skip


def structured(rng: random.Random) -> list[str]:
    """Lines of blocks the block scanner reads, near what it hands to markdown-it."""
    lines = []
    for _ in range(rng.randint(1, 8)):
        indent = rng.choice(INDENTS) if rng.random() < 0.4 else ""
        marker = rng.choice(MARKERS) if rng.random() < 0.5 else ""
        lines.append(indent + marker + rng.choice(BODIES))
        if rng.random() < 0.25:
            lines.append(rng.choice(["", "", " ", ">", "\u00a0", "\t"]))
    return lines


def mutate(rng: random.Random, lines: list[str]) -> str:
    """``lines`` changed one to six times, joined with some line ending."""
    for _ in range(rng.randint(1, 6)):
        i = rng.randint(0, max(0, len(lines) - 1))
        line = lines[i] if lines else ""
        op = rng.randint(0, 9)
        if op == 0:  # a piece at a random place, or next to what a scanner looks for
            spots = [k for k, c in enumerate(line) if c in "[]#|`$%<>!^\\*_ "] or [len(line)]
            at = rng.choice(spots) + rng.randint(0, 1) if rng.random() < 0.6 else None
            at = min(len(line), at) if at is not None else rng.randint(0, len(line))
            new = line[:at] + rng.choice(PIECES) + line[at:]
        elif op == 1:
            new = rng.choice(PREFIXES) + line
        elif op == 2:
            lines.insert(i, rng.choice(LINES))
            continue
        elif op == 3 and lines:
            del lines[i]
            continue
        elif op == 4:  # other white space where a space was, or in front
            space = rng.choice(["\t", "  ", "\u00a0", "\u3000", "    ", " \t", "\u2003"])
            new = line.replace(" ", space, rng.randint(1, 3)) if " " in line else space + line
        elif op == 5 and line:  # a character dropped or doubled
            at = rng.randrange(len(line))
            new = line[:at] + line[at + 1 :] if rng.random() < 0.5 else line[:at] + line[at:]
            new = new if rng.random() < 0.5 else line[: at + 1] + line[at:]
        elif op == 6:
            lines.insert(i, line)
            continue
        elif op == 7 and line:  # the line's indentation changed
            new = " " * rng.randint(0, 9) + line.lstrip(" \t")
        elif op == 8 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            continue
        else:
            new = line + rng.choice(["  ", "\\", " #", " ##", "|", " ^id", "\t", " "])
        if lines:
            lines[i] = new
        else:
            lines.append(new)
    text = "\n".join(lines)
    if rng.random() < 0.15:  # frontmatter in front
        yaml = "".join(rng.choice(FRONTMATTERS) for _ in range(rng.randint(1, 3)))
        text = f"---\n{yaml}{rng.choice(['---', '---', '...', '--- ', '----'])}\n" + text
    if rng.random() < 0.05:
        text = "\ufeff" + text
    newline = rng.choice(NEWLINES)
    if newline is None:
        parts = text.split("\n")
        text = "".join(p + rng.choice(["\n", "\r\n", "\r"]) for p in parts[:-1]) + parts[-1]
    elif newline != "\n":
        text = text.replace("\n", newline)
    return text


YAML_PIECES = [
    " ", "  ", "\t", "#", " # c", ":", ": ", "- ", "'", '"', "[", "]", "{", "}", ",", "|", ">",
    "&a ", "*a", "!", "%", "@", "`", "?", "\u00a0", "é", "😀", "---", "...", "~", "yes", "no",
    "null", "0o7", "1e3", ".inf", "2024-01-01", "\\", "\\n", "\ufeff", "\x85", "<<", "[[A|b]]",
    "'[[A]]'", '"[[B#H]]"', "\r", "-", " -",
]  # fmt: skip


#: Scalars a value or key is replaced by: what YAML types, quotes, and writes in flow style.
SCALARS = [
    "yes", "No", "on", "~", "null", "", "1", "-1", "0x1f", "0o7", "017", "1_000", "1:30", "1.5",
    "1.", ".5", "-.inf", ".NaN", "1e3", "1.0e+3", "2024-01-01", "2024-1-1", "2025-13-45",
    "2001-12-14t21:59:43.10-05:00", "2024-01-01 10:00:00", "'q'", "''", '"d"', '"a\\"b"', "'it''s'",
    "[a, 'b']", "[]", "[a,]", "{a: 1}", "&x v", "*x", "!!str 1", "|", ">-", "a: b", "a #c", "a#c",
    "-", "- a", "-a", "?", "[[A]]", "'[[A|b]]'", '"[[B#H]]"', "\u00a0x", "é", "=", "<<", "...",
]  # fmt: skip


def yaml_mutant(rng: random.Random, sources: list[str]) -> str:
    """A note whose frontmatter is a real one (or generated shapes) changed a few times."""
    base = rng.choice(sources) if sources and rng.random() < 0.6 else ""
    lines = (base or "".join(rng.choice(FRONTMATTERS) for _ in range(3))).split("\n")
    pieces = YAML_PIECES
    for _ in range(rng.randint(1, 4)):
        i = rng.randint(0, max(0, len(lines) - 1))
        line = lines[i] if lines else ""
        op = rng.randint(0, 5)
        if op == 5:  # a value (or a key) written another way: typed, quoted, flow, empty
            scalar = rng.choice(SCALARS)
            colon = line.find(":")
            if colon != -1 and rng.random() < 0.8:
                line = line[: colon + 1] + " " + scalar
            else:
                line = line[: len(line) - len(line.lstrip(" -"))] + scalar
        elif op == 0:
            at = rng.randint(0, len(line))
            line = line[:at] + rng.choice(pieces) + line[at:]
        elif op == 1 and line:
            at = rng.randrange(len(line))
            line = line[:at] + line[at + 1 :]
        elif op == 2:
            line = rng.choice(["", " ", "  ", "- ", "  - ", "\t"]) + line.lstrip(" ")
        elif op == 3:
            lines.insert(i, rng.choice(FRONTMATTERS).rstrip("\n"))
            continue
        else:
            lines.insert(i, line)
            continue
        lines[i : i + 1] = [line]
    yaml = "\n".join(lines)
    yaml = yaml if yaml.endswith("\n") else yaml + "\n"
    text = f"---\n{yaml}---\n[[Body]]\n"
    return text.replace("\n", rng.choice(["\n", "\n", "\r\n"]))


def reduce(text: str, fails: Callable[[str], bool]) -> str:
    """A shorter text that still ``fails``: lines dropped, then characters, while it fails."""
    for unit in ("line", "char"):
        size = max(1, len(text) // 2)
        while size >= 1:
            parts = text.splitlines(keepends=True) if unit == "line" else list(text)
            at, shrunk = 0, False
            while at < len(parts):
                candidate = "".join(parts[:at] + parts[at + size :])
                if candidate != text and fails(candidate):
                    text, parts, shrunk = candidate, parts[:at] + parts[at + size :], True
                else:
                    at += size
            if not shrunk:
                size //= 2
    return text


def outcome(parse: Callable[[], object]) -> str:
    """What a parse gives, by ``repr`` (``1`` is not ``True``), or what it raised."""
    try:
        return repr(parse())
    except Exception as err:  # a crash on one side is a disagreement too
        return f"raised {type(err).__name__}: {err}"


def note_differs(text: str) -> bool:
    """Whether the fast path and the reference read the note (or canvas) ``text`` apart, or
    the block scanner, where it takes the text, gives other tokens than markdown-it-py."""
    data = text.encode("utf-8", "surrogateescape")
    path = "c.canvas" if text.startswith('{"nodes"') else "n.md"
    if path == "n.md":
        try:
            _same_tokens(_markdown_of(data))
        except AssertionError:
            return True
    return outcome(lambda: parse_note(data, path)) != outcome(lambda: reference(data, path))


def frontmatter_differs(text: str) -> bool:
    """Whether the simple YAML reader and PyYAML read ``text``'s frontmatter apart."""
    if not isinstance(_block_bounds(text), tuple):
        return False
    index = LineIndex(text)
    fast = outcome(lambda: parse_frontmatter(text, index))
    return fast != outcome(lambda: parse_frontmatter(text, index, fast=False))


def changed_in_transfer(batch: list[str]) -> bool:
    """Whether notes come back from a worker (flattened, pickled, restored) other than parsed."""
    datas = [text.encode("utf-8", "surrogateescape") for text in batch]
    notes = [parse_note(data, "n.md") for data in datas]
    _, flat = pickle.loads(chunk_message(0, flatten(notes)))
    return repr(restore(flat, datas, Shared())) != repr(notes)


def note_example(rng: random.Random, notes: list[str]) -> str:
    """A mutated window of a real note, mutated pieces, or structured lines; a few as a
    canvas's text card."""
    pick = rng.random()
    if pick < 0.6:
        text = mutate(rng, window(rng, rng.choice(notes)))
    elif pick < 0.75:
        text = mutate(rng, generated(rng))
    else:  # (mutated less: they are made to be near the edge already)
        lines = structured(rng)
        text = mutate(rng, lines) if rng.random() < 0.5 else "\n".join(lines)
    if rng.random() < 0.03:
        text = json.dumps({"nodes": [{"id": "a", "type": "text", "text": text}]})
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--mode", choices=["notes", "yaml"], default="notes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, action="append", help="seed folders")
    parser.add_argument("--out", type=Path, default=Path("fuzz-diffs"))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    notes = seeds([r for r in (args.corpus or CORPORA) if r.is_dir()])
    yaml_sources = [
        note[4 : end + 1]
        for note in notes
        if note.startswith("---\n") and (end := note.find("\n---", 4)) != -1
    ]
    differs = frontmatter_differs if args.mode == "yaml" else note_differs
    found: dict[str, str] = {}
    batch: list[str] = []
    started = time.time()
    for n in range(1, args.examples + 1):
        if args.mode == "yaml":
            text = yaml_mutant(rng, yaml_sources)
        else:
            text = note_example(rng, notes)
            batch.append(text)
            if (len(batch) == 50 or n == args.examples) and changed_in_transfer(batch):
                for one in batch:
                    if changed_in_transfer([one]):
                        small = reduce(one, lambda t: changed_in_transfer([t]))
                        found[f"transfer-{len(found) + 1}"] = small
                        print(f"{n}: changed in transfer: {small!r}", flush=True)
            batch = batch if len(batch) < 50 else []
        if differs(text):
            small = reduce(text, differs)
            if small not in found.values():
                found[f"diff-{len(found) + 1}"] = small
                print(f"{n}: differs on {small!r}", flush=True)
        if n % 10_000 == 0:
            print(f"{n} tried, {len(found)} found, {time.time() - started:.0f} s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in found.items():
        (args.out / f"{name}.md").write_bytes(text.encode("utf-8", "surrogateescape"))
    print(f"{args.examples} tried, {len(found)} distinct disagreements ({args.out})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
