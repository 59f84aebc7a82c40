"""CPU time of parsing, one core: the frontmatter alone (both readers) and whole notes.

    python bench/parse_steps.py VAULT [VAULT ...] [--runs 3] [--notes-only]

For every ``.md`` note of each vault, read into memory first: ``parse_frontmatter`` composing
the YAML (the reference), ``parse_frontmatter`` as parsing runs it (the simple reader where it
can), and ``parse_note``; the best of ``--runs`` runs of each, with the garbage collector off
as ``vault/build.py`` runs the parse. Also how many frontmatters the simple reader read.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

from vaultcheck.parse.frontmatter import _block_bounds, parse_frontmatter
from vaultcheck.parse.note import parse_note
from vaultcheck.parse.simpleyaml import read_simple
from vaultcheck.parse.text import LineIndex, decode


def best_cpu(runs: int, work: Callable[[], object]) -> float:
    """The least CPU time of ``runs`` calls of ``work`` (its results kept until timed)."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        start = time.process_time()
        kept = work()
        times.append(time.process_time() - start)
        del kept
        gc.enable()
    return min(times)


def measure(vault: Path, runs: int, notes_only: bool = False) -> str:
    notes = [
        (path.read_bytes(), str(path.relative_to(vault)))
        for path in sorted(vault.rglob("*.md"))
        if ".vaultcheck_cache" not in path.parts
    ]
    if notes_only:  # nothing parsed before: the parser's caches start empty
        whole = best_cpu(runs, lambda: [parse_note(data, path) for data, path in notes])
        return f"{vault.name}: {len(notes)} notes; parse_note {whole:.3f} s"
    texts = [decode(data).text for data, _ in notes]
    indexes = [LineIndex(text) for text in texts]
    pairs = list(zip(texts, indexes, strict=True))
    composed = best_cpu(runs, lambda: [parse_frontmatter(t, i, fast=False) for t, i in pairs])
    simple = best_cpu(runs, lambda: [parse_frontmatter(t, i) for t, i in pairs])
    whole = best_cpu(runs, lambda: [parse_note(data, path) for data, path in notes])
    blocks = [(t, i, _block_bounds(t)) for t, i in pairs]
    found = [(t, i, b) for t, i, b in blocks if isinstance(b, tuple)]
    read = sum(read_simple(t, b[0], b[1], i) is not None for t, i, b in found)
    return (
        f"{vault.name}: {len(notes)} notes, {len(found)} frontmatters ({read} read simply); "
        f"frontmatter composed {composed:.3f} s, as parsed {simple:.3f} s; "
        f"parse_note {whole:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vaults", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--notes-only",
        action="store_true",
        help="time parse_note alone (with --runs 1, a fresh process each: no cache is warm)",
    )
    args = parser.parse_args()
    for vault in args.vaults:
        print(measure(vault, args.runs, args.notes_only), flush=True)


if __name__ == "__main__":
    main()
