"""Benchmark vaultcheck on generated vaults and the real corpora, against its peers.

    python bench/run.py [--sizes 1000 10000 50000] [--multilingual 6300] [--runs 3]
                        [--work /tmp/vaultcheck-bench]

For each vault: vaultcheck cold (``--no-cache``), warm (cache filled, nothing changed) and after
one note changed, each as wall time and as the CPU time of it and its workers (steadier on a
shared machine), with the median of ``--runs`` runs and the peak memory (max RSS) of the
slowest run;
then, when they are installed, obsidiantools building its graph (``OBSIDIANTOOLS_PYTHON``: a
Python that has it), markdownlint-cli2 (``MARKDOWNLINT_CLI2``: its executable) and graphmark's
link check (``GRAPHMARK``: its executable; ``graphmark --root VAULT links``) on the same notes.
Ratios are peer time / vaultcheck cold time, from this run. Last, start-up: ``vaultcheck
--help`` and a lint of a one-note vault.
Generated vaults are made by bench/generate.py with seed 1, so every run sees the same files;
``--multilingual N`` adds one of N notes in tldr-pages' 38 languages (about 7 KB a note: 6,300
notes are the 44 MB multilingual vault of issue 19), made from the corpora folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"
OBSIDIANTOOLS = (
    "import obsidiantools.api as o, pathlib, sys; "
    "o.Vault(pathlib.Path(sys.argv[1])).connect().gather()"
)


#: CPU time (user + system) of the last run measured, with the workers it waited for.
last_cpu = 0.0


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one run of ``command`` (its CPU time in ``last_cpu``)."""
    global last_cpu
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: problems found, as expected
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    last_cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss


def median_of(
    runs: int, command: list[str], before: object = None, cwd: Path | None = None
) -> tuple[float, int]:
    global last_cpu
    times, peaks, cpus = [], [], []
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, peak = measure(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
        cpus.append(last_cpu)
    last_cpu = statistics.median(cpus)
    return statistics.median(times), max(peaks)


def notes_of(vault: Path) -> list[Path]:
    return sorted(p for p in vault.rglob("*.md") if ".vaultcheck_cache" not in p.parts)


#: How vaultcheck is started.
VAULTCHECK = [sys.executable, "-m", "vaultcheck"]
#: ``--without-fast-path``: our block and inline scanners always give up, so markdown-it-py
#: parses everything (the reference the fast paths are tested against).
WITHOUT_FAST_PATH = (
    "import sys; sys.argv[0] = 'vaultcheck'; "
    "from vaultcheck.parse import blockscan, inlinescan; "
    "blockscan.block_tokens = lambda text: None; inlinescan.scan = lambda src, env: None; "
    "from vaultcheck.cli.app import main; main()"
)


def bench_vault(name: str, vault: Path, runs: int) -> dict[str, object]:
    lint = [
        *VAULTCHECK,
        "lint",
        str(vault),
        "--exit-zero",
        "--output-format",
        "concise",
    ]
    count = len(notes_of(vault))
    size = sum(p.stat().st_size for p in notes_of(vault))
    row: dict[str, object] = {"vault": name, "notes": count, "MB": round(size / 1e6, 1)}
    row["cold"], row["cold_peak_MB"] = median_of(runs, [*lint, "--no-cache"])
    row["cold_cpu"] = last_cpu
    subprocess.run([*lint], stdout=subprocess.DEVNULL, check=False)  # fill the cache
    row["warm"], row["warm_peak_MB"] = median_of(runs, lint)
    row["warm_cpu"] = last_cpu
    victim = notes_of(vault)[count // 2]
    original = victim.read_bytes()
    counter = iter(range(1000))

    def change() -> None:
        victim.write_bytes(original + f"\nEdited {next(counter)} [[Somewhere]].\n".encode())

    try:
        row["one_changed"], row["one_changed_peak_MB"] = median_of(runs, lint, change)
        row["one_changed_cpu"] = last_cpu
    finally:
        victim.write_bytes(original)
    for key in ("cold_peak_MB", "warm_peak_MB", "one_changed_peak_MB"):
        row[key] = round(int(row[key]) / 1024)  # type: ignore[call-overload]
    peer_python = os.environ.get("OBSIDIANTOOLS_PYTHON")
    if peer_python:
        row["obsidiantools"], _ = median_of(
            1 if count > 5000 else runs, [peer_python, "-c", OBSIDIANTOOLS, str(vault)]
        )
    mdl = os.environ.get("MARKDOWNLINT_CLI2")
    if mdl:
        row["markdownlint-cli2"], _ = median_of(runs, [mdl, "**/*.md"], cwd=vault)
    graphmark = os.environ.get("GRAPHMARK")
    if graphmark:
        row["graphmark"], _ = median_of(runs, [graphmark, "--root", str(vault), "links"])
        row["graphmark_cpu"] = last_cpu
    return row


def startup(work: Path, runs: int) -> None:
    """``vaultcheck --help`` and a lint of a one-note vault: what every small run pays."""
    one = work / "one-note"
    (one / ".obsidian").mkdir(parents=True, exist_ok=True)
    (one / "Note.md").write_text("# Note\n\nA [[Missing]] link and a #tag.\n")
    vaultcheck = VAULTCHECK
    for name, command in (
        ("vaultcheck --help", [*vaultcheck, "--help"]),
        ("lint one note, cold", [*vaultcheck, "lint", str(one), "--no-cache", "--exit-zero"]),
    ):
        elapsed, peak = median_of(runs, command)
        print(f"{name}: {elapsed:.3f} s (CPU {last_cpu:.3f} s, {round(peak / 1024)} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/vaultcheck-bench"))
    parser.add_argument(
        "--multilingual", type=int, nargs="*", default=[], help="notes of multilingual vaults"
    )
    parser.add_argument("--no-corpora", action="store_true")
    parser.add_argument(
        "--without-fast-path", action="store_true", help="parse with markdown-it-py alone"
    )
    args = parser.parse_args()
    # Compiled once, as an installed package is: with PYTHONDONTWRITEBYTECODE set (as on CI
    # machines and this one), every run would otherwise compile vaultcheck's sources again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True)
    if args.without_fast_path:
        VAULTCHECK[:] = [sys.executable, "-c", WITHOUT_FAST_PATH]
    vaults: list[tuple[str, Path]] = []
    kinds = [("generated", size, []) for size in args.sizes]
    kinds += [("multilingual", size, ["--multilingual"]) for size in args.multilingual]
    for kind, size, options in kinds:
        target = args.work / f"{kind}-{size}"
        if not target.exists():
            generate = [sys.executable, str(HERE / "generate.py"), str(target)]
            subprocess.run([*generate, "--notes", str(size), *options], check=True)
        vaults.append((f"{kind} {size}", target))
    if not args.no_corpora and CORPORA.is_dir():
        for corpus in sorted(CORPORA.iterdir()):
            if corpus.is_dir():
                copy = args.work / corpus.name
                if not copy.exists():
                    shutil.copytree(corpus, copy)
                    for path in [copy, *copy.rglob("*")]:
                        path.chmod(0o755 if path.is_dir() else 0o644)
                vaults.append((corpus.name, copy))
    columns = [
        "vault",
        "notes",
        "MB",
        "cold",
        "cold_cpu",
        "warm",
        "warm_cpu",
        "one_changed",
        "one_changed_cpu",
        "cold_peak_MB",
        "warm_peak_MB",
        "obsidiantools",
        "markdownlint-cli2",
        "graphmark",
        "graphmark_cpu",
    ]
    print("| " + " | ".join(columns) + " | ratios |")
    print("|" + "---|" * (len(columns) + 1))
    for name, vault in vaults:
        row = bench_vault(name, vault, args.runs)
        cells = []
        for c in columns:
            value = row.get(c, "")
            cells.append(f"{value:.2f}" if isinstance(value, float) else str(value))
        ratios = []
        for peer in ("obsidiantools", "markdownlint-cli2", "graphmark"):
            if peer in row:
                ratios.append(f"{peer} {float(row[peer]) / float(row['cold']):.1f}x")  # type: ignore[arg-type]
        if "graphmark_cpu" in row:  # steadier than wall time on a loaded machine
            ratios.append(f"graphmark CPU {row['graphmark_cpu'] / row['cold_cpu']:.2f}x")  # type: ignore[operator]
        print("| " + " | ".join(cells) + " | " + ", ".join(ratios) + " |", flush=True)
    startup(args.work, max(args.runs, 5))


if __name__ == "__main__":
    main()
