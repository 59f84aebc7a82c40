"""A multilingual synthetic vault, its words drawn from tldr-pages' translations (38
languages in the corpora folder).

    python bench/generate.py OUT_DIR --multilingual --notes 6300 [--seed 1]

Same structure as the English vault of ``generate.py`` (frontmatter with title, aliases, tags,
related and dates; headings, paragraphs with wikilinks to notes, headings and with display
text, Markdown links, embeds, inline tags, code blocks, comments; a few shared basenames;
about 3 % of links broken), but every note is written in one of tldr's languages: its name,
aliases, tags, headings and prose come from that language's pages, and one sentence in ten is
another language's, so lines mix scripts (Latin with diacritics, Cyrillic, Greek, Arabic and
Persian, Devanagari, Bengali, Tamil, Malayalam, Thai, Lao, CJK, Korean). Notes link across
languages. The text is read from the corpus when the vault is made (nothing of it is kept
here) and chosen with a seeded generator, so every run writes the same bytes. About 7 KB a
note: 6,300 notes make about 44 MB, the vault issue 19 measured.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from generate import frontmatter  # bench/, beside this module

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "tldr-pages__tldr"
#: Languages grouped by script; a note picks a group, then a language in it, so that the
#: twenty-odd Latin-script translations do not make up most of the vault. A language of the
#: corpus missing here counts as Latin.
SCRIPTS = {
    "cyrillic": ("bg", "ru", "sr", "uk"),
    "greek": ("el",),
    "arabic": ("ar", "fa"),
    "indic": ("bn", "hi", "ml", "ne", "ta"),
    "thai-lao": ("lo", "th"),
    "cjk": ("ja", "zh", "zh_TW"),
    "korean": ("ko",),
}
#: Written without spaces between words: names and tags are cut from runs of letters.
UNSPACED = {"ja", "zh", "zh_TW", "th", "lo"}
#: Languages whose words must hold a non-ASCII letter (in Latin scripts, ASCII words are theirs).
NON_LATIN = {code for codes in SCRIPTS.values() for code in codes}
#: Zero-width (non-)joiners, parts of Persian and Indic words.
JOINERS = "\u200c\u200d"
#: Characters that would make a sentence more than prose to the parser (and for some, the
#: note leave the scanners' fast path), which the English vault's prose never holds.
MARKUP = set("<>[]%$\\@#|*_~{}^")
#: Sentences per paragraph: the notes come to about 7 KB.
SENTENCES = (4, 7)
#: The share of sentences holding a link. tldr's sentences are half as long as the English
#: vault's, which links every other one: this keeps a link per about 200 characters there.
LINKED = 0.3


@dataclass
class Language:
    """What one translation of tldr gives the vault."""

    code: str
    sentences: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)


def is_word(text: str) -> bool:
    """Letters, marks and digits only (and the joiners Persian and Indic words hold), with a
    letter: usable in a note's name."""
    return any(c.isalpha() for c in text) and all(map(in_word, text))


def in_word(c: str) -> bool:
    """A letter, mark, digit or joiner."""
    return unicodedata.category(c)[0] in "LMN" or c in JOINERS


def runs_of(code: str, text: str) -> list[str]:
    """The words of ``text`` outside code spans, ASCII words left out in non-Latin scripts;
    in unspaced scripts, the runs of letters between punctuation."""
    prose = " ".join(text.split("`")[::2])
    pieces = "".join(c if in_word(c) else " " for c in prose).split()
    return [p for p in pieces if is_word(p) and (code not in NON_LATIN or not p.isascii())]


def short_words(code: str, runs: list[str]) -> list[str]:
    """Word-sized pieces of ``runs``: in unspaced scripts, two or three letters with their
    combining marks (a mark is never cut from its letter)."""
    if code not in UNSPACED:
        return runs
    pieces = []
    for run in runs:
        clusters: list[str] = []
        for c in run:
            if clusters and unicodedata.category(c)[0] == "M":
                clusters[-1] += c
            else:
                clusters.append(c)
        size = 2 if code in ("ja", "zh", "zh_TW") else 3
        pieces += ["".join(clusters[i : i + size]) for i in range(0, len(clusters) - 1, size)]
    return pieces


def load(corpus: Path) -> list[Language]:
    """Every language of the corpus with its sentences, words, headings and commands."""
    languages = []
    for folder in sorted(corpus.glob("pages.*")):
        language = Language(folder.name.removeprefix("pages."))
        for page in sorted(folder.rglob("*.md")):
            for line in page.read_text(encoding="utf-8").splitlines():
                if line.startswith("> ") and "<http" not in line:
                    text = line[2:].strip()
                elif line.startswith("- ") and line.endswith((":", "\uff1a")):  # CJK: full width
                    text = line[2:-1].strip()
                    runs = runs_of(language.code, text)
                    heading = runs[0][:12] if language.code in UNSPACED else " ".join(runs[:4])
                    language.headings.append(heading)
                elif line.startswith("`") and line.endswith("`") and "```" not in line:
                    language.commands.append(line[1:-1])
                    continue
                else:
                    continue
                if not MARKUP.intersection(text):
                    language.sentences.append(text)
                language.words.extend(short_words(language.code, runs_of(language.code, text)))
        language.headings = sorted({h for h in language.headings if h})
        language.words = sorted(set(language.words))
        if language.sentences and language.words and language.headings:
            languages.append(language)
    return languages


def capital(word: str) -> str:
    return word[:1].upper() + word[1:]


class Writer:
    """Writes the notes of one vault from the languages' material and one seeded generator."""

    def __init__(self, languages: list[Language], rng: random.Random) -> None:
        self.rng = rng
        self.by_code = {language.code: language for language in languages}
        groups: dict[str, list[Language]] = {}
        for language in languages:
            group = next((g for g, codes in SCRIPTS.items() if language.code in codes), "latin")
            groups.setdefault(group, []).append(language)
        self.groups = [groups[g] for g in sorted(groups)]
        self.tags = {
            language.code: [self.tag(language, i) for i in range(30)] for language in languages
        }
        self.language_of: dict[str, Language] = {}
        self.attachments: list[str] = []

    def pick_language(self) -> Language:
        return self.rng.choice(self.rng.choice(self.groups))

    def tag(self, language: Language, i: int) -> str:
        # Obsidian ends a tag at a joiner (general punctuation, U+2000-U+206F).
        words = [w for w in language.words if not set(JOINERS).intersection(w)]
        first, second = (self.rng.choice(words).lower() for _ in range(2))
        return f"{first}/{second}" if i % 4 == 0 else first

    def title(self, language: Language, i: int) -> str:
        first, second = (self.rng.choice(language.words) for _ in range(2))
        return f"{capital(first)} {second} {i}"

    def overview(self, name: str) -> str:
        """The first heading of the note ``name``: its language's first heading."""
        return self.language_of[name].headings[0]

    def sentence(self, language: Language, links: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.1:
            language = self.pick_language()
        words = rng.choice(language.sentences).split(" ")
        if rng.random() < LINKED and links:
            target = rng.choice(links)
            kind = rng.random()
            if kind < 0.15 and target in self.language_of:
                link = f"[[{target}#{self.overview(target)}]]"
            elif kind < 0.3:
                link = f"[[{target}|{rng.choice(language.words)}]]"
            elif kind < 0.35:
                path = quote(target) if rng.random() < 0.5 else target.replace(" ", "%20")
                link = f"[{target}]({path}.md)"
            else:
                link = f"[[{target}]]"
            words.insert(rng.randrange(len(words) + 1), link)
        if rng.random() < 0.1:
            words.append("#" + rng.choice(self.tags[language.code]))
        return " ".join(words)

    def note(self, language: Language, title: str, names: list[str]) -> str:
        rng = self.rng
        tags = sorted(set(rng.sample(self.tags[language.code], rng.randint(1, 4))))
        related = rng.sample(names, 3)
        lines = frontmatter(rng, title, tags, related, lambda: capital(rng.choice(language.words)))
        lines += ["", f"## {language.headings[0]}", ""]
        missing = f"{capital(rng.choice(language.words))} {rng.randint(1, 999)}"
        links = names + [missing] * max(1, len(names) // 30)
        for _ in range(4):
            for _ in range(rng.randint(2, 4)):
                count = rng.randint(*SENTENCES)
                lines.append(" ".join(self.sentence(language, links) for _ in range(count)))
                lines.append("")
            lines += [f"## {rng.choice(language.headings)}", ""]
            if rng.random() < 0.2:
                lines += ["```sh", rng.choice(language.commands), f"# [[{rng.choice(names)}]]"]
                lines += ["```", ""]
            if rng.random() < 0.2:
                lines += [f"![[{rng.choice(self.attachments)}]]", ""]
            if rng.random() < 0.1:
                lines += [f"%% {rng.choice(language.words)}: [[{rng.choice(names)}]] %%", ""]
        lines += [f"## {language.headings[-1]}", "", *[f"- [[{r}]]" for r in related], ""]
        return "\n".join(lines)

    def write(self, out: Path, count: int) -> None:
        rng = self.rng
        languages = [self.pick_language() for _ in range(count)]
        titles = [self.title(language, i) for i, language in enumerate(languages)]
        for i in range(0, count, max(1, count // 20)):  # a few shared basenames
            if i:
                titles[i], languages[i] = titles[i - 1], languages[i - 1]
        self.language_of = dict(zip(titles, languages, strict=True))
        folders = {code: capital(rng.choice(lang.words)) for code, lang in self.by_code.items()}
        (out / ".obsidian").mkdir(parents=True, exist_ok=True)
        (out / "attachments").mkdir(exist_ok=True)
        for i in range(1, 51):
            name = f"{rng.choice(self.pick_language().words)}-{i}.png"
            (out / "attachments" / name).write_bytes(b"\x89PNG\r\n")
            self.attachments.append(name)
        sample = titles[: min(len(titles), 400)]
        for i, (title, language) in enumerate(zip(titles, languages, strict=True)):
            folder = out / folders[language.code] / f"{i % 13:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            names = [rng.choice(sample if rng.random() < 0.5 else titles) for _ in range(20)]
            text = self.note(language, title, names)
            (folder / f"{title}.md").write_text(text, encoding="utf-8")


def generate(out: Path, count: int, seed: int, corpus: Path = CORPUS) -> None:
    """Write a multilingual vault of ``count`` notes to ``out``."""
    languages = load(corpus)
    if not languages:
        raise SystemExit(f"no tldr translations (pages.*) under {corpus}")
    Writer(languages, random.Random(seed)).write(out, count)
