"""TXT001's precision and recall on a corpus of correct text (default: tldr-pages, 39 languages).

    python bench/mojibake.py [CORPUS_DIR] [--ftfy]

Precision: findings on the corpus as it is (every one is false: the text is correct).
Recall: each distinct line with non-ASCII characters is garbled as a tool would (its UTF-8
bytes read as Mac Roman, Windows-1252 or Latin-1), and each Cyrillic line as Windows-1251
(the Cyrillic code page, which only Cyrillic text is read through in practice); a line
counts when TXT001 repairs it to the original exactly with a safe fix. `--ftfy` measures
ftfy's fix_text the same way, if it is installed (it is not a dependency).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from vaultcheck.rules.shared.mojibake import find_mojibake

ENCODINGS = ("mac_roman", "cp1252", "latin-1")


def garble(text: str, encoding: str) -> str:
    """``text``'s UTF-8 bytes read as ``encoding`` (Windows-1252's undefined bytes as C1)."""
    data = text.encode("utf-8")
    if encoding == "cp1252":
        return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)
    return data.decode(encoding)


def vaultcheck_repair(text: str) -> str | None:
    """The text after TXT001's safe fixes, or None when a finding has only an unsafe fix."""
    found = find_mojibake(text)
    if not all(m.safe for m in found):
        return None
    for m in reversed(found):
        text = text[: m.start] + m.repaired + text[m.end :]
    return text


def measure(name: str, repair: Callable[[str], str | None], pages: list[str]) -> None:
    lines = sorted({ln for page in pages for ln in page.splitlines() if not ln.isascii()})
    start = time.process_time()
    changed = sum(repair(page) != page for page in pages)
    print(f"{name}: {changed} of {len(pages)} correct pages changed or flagged")
    for encoding in ENCODINGS:
        exact = sum(repair(garble(line, encoding)) == line for line in lines)
        share = 100 * exact / len(lines)
        print(f"  {encoding}: {exact:,} of {len(lines):,} lines repaired exactly ({share:.2f} %)")
    # Windows-1251 leaves 0x98 undefined: a line whose UTF-8 holds it is not garbled so.
    cyrillic = [ln for ln in lines if _CYRILLIC.search(ln) and b"\x98" not in ln.encode()]
    exact = sum(repair(ln.encode("utf-8").decode("cp1251")) == ln for ln in cyrillic)
    share = 100 * exact / max(len(cyrillic), 1)
    print(
        f"  cp1251: {exact:,} of {len(cyrillic):,} Cyrillic lines repaired exactly ({share:.2f} %)"
    )
    print(f"  CPU {time.process_time() - start:.2f} s")


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tldr-pages__tldr"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--ftfy", action="store_true", help="also measure ftfy.fix_text")
    args = parser.parse_args()
    pages = [p.read_text("utf-8") for p in sorted(args.corpus.rglob("*.md"))]
    measure("vaultcheck TXT001", vaultcheck_repair, pages)
    if args.ftfy:
        import ftfy

        config = ftfy.TextFixerConfig(
            unescape_html=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            normalization=None,
        )
        measure("ftfy fix_text", lambda text: ftfy.fix_text(text, config), pages)


if __name__ == "__main__":
    main()
