"""Plan ``vaultcheck mv`` for the most linked files of each corpus, in memory (nothing written).

    python bench/move_corpora.py [--top 20]

Each of the ``--top`` most linked notes and attachments is moved into a new folder under a new
name (``Moved/Sub/<name> renamed.md``). For each corpus: how many moves were planned and how
many refused (with why), the links rewritten, and the CPU time per move (planning and the
check of the result: parse the edited notes, resolve every link again).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from vaultcheck.core.errors import UsageError
from vaultcheck.fixing.move import plan_move
from vaultcheck.vault.build import load_vault
from vaultcheck.vault.linkindex import LinkIndex

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
NAMES = ("kepano__kepano-obsidian", "OldManUmby__DND.SRD.Wiki", "foambubble__foam_docs")


def new_path(path: str) -> str:
    """Where the bench moves ``path``: a new folder, and a new name for a note."""
    name = path.rsplit("/", 1)[-1]
    if name.lower().endswith(".md"):
        name = name[:-3] + " renamed.md"
    return f"Moved/Sub/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=20)
    top = parser.parse_args().top
    for name in NAMES:
        vault = load_vault(CORPORA / name)
        files = set(vault.notes) | vault.attachments
        ranked = [p for p, _ in LinkIndex(vault).incoming.most_common() if p in files][:top]
        planned = links = 0
        why: Counter[str] = Counter()
        cpu = time.process_time()
        for path in ranked:
            try:
                plan = plan_move(vault, path, new_path(path))
            except UsageError as err:
                why[str(err)] += 1
                continue
            planned += 1
            links += plan.rewritten
        per_move = (time.process_time() - cpu) / max(len(ranked), 1)
        print(
            f"{name}: {len(vault.notes)} notes; {planned} moves planned, {sum(why.values())} "
            f"refused; {links} links rewritten; {per_move * 1000:.0f} ms CPU per move"
        )
        for reason, count in why.most_common():
            print(f"    {count} x {reason}")


if __name__ == "__main__":
    main()
