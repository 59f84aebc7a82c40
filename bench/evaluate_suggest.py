"""Measure ``graph suggest`` on real vaults: hide a share of the links, count what comes back.

    python bench/evaluate_suggest.py [--share 0.1] [--seeds 1 2 3 4 5] [VAULT ...]

Prints a Markdown table (the one in docs/graph.md): for each vault, precision@k and recall@k
of vaultcheck's suggestions and of the "most-linked notes" baseline, as the mean over the
seeds with the smallest and largest value. Without VAULT, every shared corpus.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from vaultcheck.core.config import load_config
from vaultcheck.graph.suggesteval import evaluate, summary
from vaultcheck.vault.build import load_vault

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def cell(values: tuple[float, float, float]) -> str:
    mean, low, high = values
    return f"{mean:.1%} ({low:.1%}-{high:.1%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vaults", type=Path, nargs="*")
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    parser.add_argument("--k", type=int, nargs="*", default=[5, 10])
    args = parser.parse_args()
    vaults = args.vaults or sorted(p for p in CORPORA.iterdir() if p.is_dir())
    ks = tuple(args.k)
    print("| vault | hidden links | method | " + " | ".join(f"P@{k} | R@{k}" for k in ks) + " |")
    print("|---|---|---|" + "---|---|" * len(ks))
    for root in vaults:
        config = load_config(root)
        vault = load_vault(root, tuple(config.exclude), config.respect_gitignore)
        started = time.process_time()
        runs, hidden = [], []
        for seed in args.seeds:
            scores, count = evaluate(vault, args.share, seed, ks)
            runs.append(scores)
            hidden.append(count)
        label = f"{root.name} ({len(vault.notes):,} notes)"
        if not max(hidden):
            print(
                f"| {label} | 0 | (no links between notes: nothing to measure) |"
                + " |" * 2 * len(ks)
            )
            continue
        for method in ("vaultcheck", "most-linked"):
            cells = []
            for k in ks:
                found = summary(runs, method, k)
                cells += [cell(found["precision"]), cell(found["recall"])]
            print(
                f"| {label} | {min(hidden)}-{max(hidden)} | {method} | " + " | ".join(cells) + " |"
            )
        print(f"<!-- {root.name}: {time.process_time() - started:.1f} s CPU -->", flush=True)


if __name__ == "__main__":
    main()
