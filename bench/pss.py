"""Peak memory of a command and every process it starts, as the sum of their PSS.

    python bench/pss.py vaultcheck lint VAULT --no-cache --exit-zero

Max RSS (what ``bench/run.py`` reports) counts a page shared by a forked worker and its parent
in both; PSS splits it between them, so the sum is what the run really holds. Sampled from
``/proc`` every 10 ms or more (Linux only), so a peak shorter than that can be missed.

Reading a process's PSS makes the kernel walk its page tables: at 50,000 notes (a 1 GB
process) each sample took milliseconds, and sampling every 10 ms cost this script 20 s of
system CPU, which ``time`` around this script counted as the run's (the "16 s of system CPU
at 50,000 notes" of issue 19). So samples are spaced to at most a tenth of the time, and the
CPU printed is the command's own (its and its waited-for children's, not this script's).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone, or not readable
        found.setdefault(parent, []).append(int(entry))
    return found


def _tree(root: int) -> list[int]:
    children, pending, found = _children(), [root], []
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak, processes = 0, 0
    while process.poll() is None:
        started = time.perf_counter()
        pids = _tree(process.pid)
        total = sum(_pss_kb(pid) for pid in pids)
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(max(0.01, 9 * (time.perf_counter() - started)))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"peak PSS {peak / 1024:.0f} MB over {processes} processes (exit {process.returncode});"
        f" CPU of the command {usage.ru_utime:.2f} s user + {usage.ru_stime:.2f} s system"
    )


if __name__ == "__main__":
    main()
