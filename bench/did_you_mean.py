"""Measure the precision of "did you mean" (LNK001's suggestion and unsafe fix) on the corpora.

    python bench/did_you_mean.py [--seed 1] [--sample 8]

Two measures, for each corpus:

- Broken on purpose: every distinct link target that resolves to a note is broken in four
  ways (one typo: a letter deleted, doubled, replaced or two neighbours swapped; two typos;
  the plural or singular of the last word; a space written as ``-``) and the suggestion is
  compared with the note the link reached: right, wrong, or none offered. Precision is
  right / offered.
- No such note: a sample of note names, each looked up among the other notes' names as
  if it had been deleted. Whatever is offered then is wrong (the intended note is gone):
  how often an unrelated but similar name (`Futurama` for `Futurism`) would be offered.
- Broken already: the links the corpus really leaves unresolved, how many get a suggestion,
  and a sample of them to read.
"""

from __future__ import annotations

import argparse
import random
import string
from collections import Counter
from pathlib import Path

from vaultcheck.rules.links import closest_note
from vaultcheck.vault.build import fold, load_vault, strip_md
from vaultcheck.vault.linkindex import LinkIndex
from vaultcheck.vault.resolve import Status
from vaultcheck.vault.spelling import NameMatcher

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def typo(name: str, rand: random.Random) -> str:
    """One random edit of ``name`` (never a no-op)."""
    for _ in range(20):
        i = rand.randrange(len(name))
        how = rand.choice(("delete", "double", "replace", "swap"))
        if how == "delete" and len(name) > 2:
            out = name[:i] + name[i + 1 :]
        elif how == "double":
            out = name[:i] + name[i] + name[i:]
        elif how == "replace":
            out = name[:i] + rand.choice(string.ascii_lowercase) + name[i + 1 :]
        elif i + 1 < len(name):
            out = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        else:
            continue
        if fold(out) != fold(name):
            return out
    return name + "x"


def number(name: str) -> str:
    """The last word in the plural, or in the singular when it already ends in ``s``."""
    return name[:-1] if name.endswith("s") else name + "s"


def breakages(name: str, rand: random.Random) -> dict[str, str]:
    found = {"one typo": typo(name, rand), "two typos": typo(typo(name, rand), rand)}
    found["plural/singular"] = number(name)
    if " " in name:
        found["space as -"] = name.replace(" ", "-")
    return found


def measure(root: Path, rand: random.Random, sample: int) -> None:
    vault = load_vault(root)
    links = LinkIndex(vault)
    names = {fold(strip_md(p.rsplit("/", 1)[-1])) for p in vault.notes}
    reached: dict[str, str] = {}
    broken: list[str] = []
    for note in vault:
        for link, res in links.of(note):
            if link.same_note or not link.target:
                continue
            if res.status is Status.RESOLVED and res.target in vault.notes:
                reached.setdefault(link.target.rsplit("/", 1)[-1], res.target)
            elif res.status is Status.UNRESOLVED:
                broken.append(link.target)
    tally: Counter[tuple[str, str]] = Counter()
    for written, target in sorted(reached.items()):
        intended = strip_md(target.rsplit("/", 1)[-1])
        for kind, wrong in breakages(strip_md(written), rand).items():
            if fold(wrong) in names:
                continue  # the "typo" is another note's name: not broken
            got = closest_note(vault, wrong)
            verdict = "none" if got is None else "right" if fold(got) == fold(intended) else "wrong"
            tally[kind, verdict] += 1
    print(f"## {root.name}: {len(vault.notes)} notes, {len(reached)} distinct targets")
    for kind in ("one typo", "two typos", "plural/singular", "space as -"):
        right, wrong, none = (tally[kind, v] for v in ("right", "wrong", "none"))
        offered = right + wrong
        share = f"{right / offered:.0%}" if offered else "-"
        print(f"  {kind:16} right {right:5}  wrong {wrong:4}  none {none:5}  precision {share}")
    shown = {
        fold(strip_md(p.rsplit("/", 1)[-1])): strip_md(p.rsplit("/", 1)[-1]) for p in vault.notes
    }
    held_out = rand.sample(sorted(shown), min(300, len(shown)))
    offered = []
    for key in held_out:
        others = NameMatcher({k: v for k, v in shown.items() if k != key})
        if (got := others.closest(key)) is not None:
            offered.append((shown[key], got))
    print(f"  no such note: {len(offered)} of {len(held_out)} deleted names get a suggestion; e.g.")
    for name, got in offered[:sample]:
        print(f"    {name!r} -> {got!r}")
    offered_on = [(t, closest_note(vault, t)) for t in sorted(set(broken))]
    with_hint = [(t, s) for t, s in offered_on if s is not None]
    print(f"  broken already: {len(broken)} links, {len(offered_on)} distinct targets, ")
    print(f"    {len(with_hint)} with a suggestion; sample:")
    for target, suggestion in rand.sample(with_hint, min(sample, len(with_hint))):
        print(f"    {target!r} -> {suggestion!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=8)
    args = parser.parse_args()
    rand = random.Random(args.seed)
    for name in sorted(p.name for p in CORPORA.iterdir() if p.is_dir()):
        measure(CORPORA / name, rand, args.sample)


if __name__ == "__main__":
    main()
