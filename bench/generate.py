"""Generate a realistic synthetic Obsidian vault, seeded so every run writes the same files.

    python bench/generate.py OUT_DIR --notes 10000 [--seed 1] [--multilingual]

Notes get frontmatter (title, aliases, tags, related, created/modified, sometimes a source),
headings, paragraphs with wikilinks (some to headings, some with display text), embeds,
Markdown links, inline tags, code blocks and comments; folders nest two levels; a few
basenames are shared by two notes; about 3 % of links point at notes that do not exist.
Average note size is about 3 KB, so 10,000 notes is about 30 MB. ``--multilingual`` writes
the same structure in tldr-pages' 38 languages instead (``bench/multilingual.py``).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "attachment boundary repair power conflict empathy trust memory habit focus ritual model "
    "system feedback signal pattern narrative practice theory method evidence bias inquiry "
    "context value process structure network emergence learning attention rest energy"
).split()
TAGS = [
    f"{a}/{b}" if i % 4 == 0 else a for i, (a, b) in enumerate(zip(WORDS, WORDS[3:], strict=False))
]
FOLDERS = ["Areas", "Projects", "Resources", "Archive", "Journal", "People", "Literature"]


def sentence(rng: random.Random, links: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.5 and links:
        target = rng.choice(links)
        kind = rng.random()
        if kind < 0.15:
            words.insert(rng.randrange(len(words)), f"[[{target}#Overview]]")
        elif kind < 0.3:
            words.insert(rng.randrange(len(words)), f"[[{target}|{rng.choice(WORDS)}]]")
        elif kind < 0.35:
            words.insert(rng.randrange(len(words)), f"[{target}]({target.replace(' ', '%20')}.md)")
        else:
            words.insert(rng.randrange(len(words)), f"[[{target}]]")
    if rng.random() < 0.1:
        words.append("#" + rng.choice(TAGS))
    return " ".join(words).capitalize() + "."


def frontmatter(
    rng: random.Random, title: str, tags: list[str], related: list[str], author: Callable[[], str]
) -> list[str]:
    """A note's frontmatter lines, closing ``---`` included: title, an alias, ``tags``, the
    ``related`` notes, dates, sometimes a source by ``author()`` (``rng`` is drawn in this
    order, so one seed writes the same vault; bench/multilingual.py shares it)."""
    lines = [
        "---",
        f"title: {title}",
        "aliases:",
        f"  - {title.lower().replace(' ', '_')}",
        "tags:",
        *[f"  - {t}" for t in tags],
        "related:",
        *[f"  - {r}" for r in related],
        f"created: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "modified: 2025-12-31",
    ]
    if rng.random() < 0.3:
        lines.append(f"source: {author()} et al. ({rng.randint(1950, 2024)})")
    return [*lines, "---"]


def note(rng: random.Random, title: str, names: list[str]) -> str:
    tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
    related = rng.sample(names, 3)
    lines = frontmatter(rng, title, tags, related, lambda: rng.choice(WORDS).title())
    lines += ["", "## Overview", ""]
    links = names + [f"Missing {rng.randint(1, 999)}"] * max(1, len(names) // 30)
    for section in ("Details", "Practice", "Notes"):
        for _ in range(rng.randint(2, 4)):
            lines.append(" ".join(sentence(rng, links) for _ in range(rng.randint(2, 3))))
            lines.append("")
        lines += [f"## {section}", ""]
        if rng.random() < 0.2:
            lines += [
                "```python",
                f"print('[[{rng.choice(names)}]] is not a link here')",
                "```",
                "",
            ]
        if rng.random() < 0.2:
            lines += [f"![[diagram-{rng.randint(1, 50)}.png]]", ""]
        if rng.random() < 0.1:
            lines += [f"%% todo: [[{rng.choice(names)}]] %%", ""]
    lines += ["## Related", "", *[f"- [[{r}]]" for r in related], ""]
    return "\n".join(lines)


def generate(out: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    titles = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}" for i in range(count)]
    for i in range(0, count, max(1, count // 20)):  # a few shared basenames
        titles[i] = titles[i - 1] if i else titles[i]
    (out / ".obsidian").mkdir(parents=True, exist_ok=True)
    for i in range(1, 51):
        (out / "attachments").mkdir(exist_ok=True)
        (out / "attachments" / f"diagram-{i}.png").write_bytes(b"\x89PNG\r\n")
    sample = titles[: min(len(titles), 400)]
    for i, title in enumerate(titles):
        folder = out / FOLDERS[i % len(FOLDERS)] / f"{i % 13:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        names = [rng.choice(sample if rng.random() < 0.5 else titles) for _ in range(20)]
        (folder / f"{title}.md").write_text(note(rng, title, names), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--multilingual", action="store_true", help="notes in tldr-pages' languages, ~7 KB each"
    )
    args = parser.parse_args()
    if args.multilingual:
        import multilingual  # bench/, beside this script

        multilingual.generate(args.out, args.notes, args.seed)
    else:
        generate(args.out, args.notes, args.seed)


if __name__ == "__main__":
    main()
