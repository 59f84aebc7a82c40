"""The language server on a big vault: first diagnostics after opening a note, and the
update after each keystroke, through a real client over stdio.

    python bench/generate.py /tmp/v10k --notes 10000
    python bench/lsp.py /tmp/v10k [--keystrokes 20]

Prints wall-clock times and the server process's CPU time (from /proc; the machine is
shared, so CPU time is the steadier number): to the first diagnostics (what is known
before the vault is loaded), to all of them, and for each keystroke (typed one at a time,
each waited for; the server's settling wait is part of it). Delete the vault's
``.vaultcheck_cache`` first for a cold start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.lsp_client import Editor
from vaultcheck.server.documents import SETTLE


def server_cpu(editor: Editor) -> float:
    """CPU seconds the server process has used (user + system)."""
    process = editor.client._server
    assert process is not None
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(root: Path, keystrokes: int) -> None:
    editor = Editor(root)
    editor.poll = 0.001
    await editor.start()
    try:
        note = next(p for p in sorted(root.rglob("*.md")) if "Areas" in p.parts)
        rel = note.relative_to(root).as_posix()
        cpu, wall = server_cpu(editor), time.perf_counter()
        doc = editor.open(rel)
        # The first publication: what the server knows before the vault is loaded.
        await editor._until(lambda: doc in editor.history)
        first = len(editor.history[doc][0])
        print(
            f"first diagnostics ({first}): {time.perf_counter() - wall:.2f} s wall, "
            f"{server_cpu(editor) - cpu:.2f} s server CPU ({rel})"
        )
        found = await editor.diagnostics(doc)
        print(
            f"all diagnostics ({len(found)}), vault loaded: {time.perf_counter() - wall:.2f} s "
            f"wall, {server_cpu(editor) - cpu:.2f} s server CPU"
        )
        walls, cpus = [], []
        text = editor.texts[doc]
        for i in range(keystrokes):
            text += "x" if i % 5 else " [[Nowhere"  # a word typed, sometimes a link begun
            seen = editor.updates
            cpu, wall = server_cpu(editor), time.perf_counter()
            editor.type_text(doc, text)
            await editor.diagnostics(doc, lambda found, seen=seen: editor.updates > seen)
            walls.append(time.perf_counter() - wall)
            cpus.append(server_cpu(editor) - cpu)
        walls.sort()
        p95 = walls[max(0, round(len(walls) * 0.95) - 1)]
        print(
            f"keystroke update ({keystrokes}, {SETTLE * 1000:.0f} ms settling included): "
            f"median {statistics.median(walls) * 1000:.0f} ms wall, p95 {p95 * 1000:.0f} ms, "
            f"max {walls[-1] * 1000:.0f} ms; server CPU median "
            f"{statistics.median(cpus) * 1000:.0f} ms, max {max(cpus) * 1000:.0f} ms "
            "(clock ticks of 10 ms)"
        )
    finally:
        await editor.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--keystrokes", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(measure(args.vault.resolve(), args.keystrokes))


if __name__ == "__main__":
    main()
