"""The language server on a big vault: first diagnostics after opening a note, and the
update after each keystroke, through a real client over stdio.

    python bench/generate.py /tmp/v10k --notes 10000
    python bench/lsp.py /tmp/v10k [--keystrokes 20]

Prints wall-clock times and the server process's CPU time (from /proc; the machine is
shared, so CPU time is the steadier number).
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


def server_cpu(editor: Editor) -> float:
    """CPU seconds the server process has used (user + system)."""
    process = editor.client._server
    assert process is not None
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(root: Path, keystrokes: int) -> None:
    editor = Editor(root)
    await editor.start()
    try:
        note = next(p for p in sorted(root.rglob("*.md")) if "Areas" in p.parts)
        rel = note.relative_to(root).as_posix()
        cpu, wall = server_cpu(editor), time.perf_counter()
        doc = editor.open(rel)
        await editor.diagnostics(doc)
        print(
            f"first diagnostics: {time.perf_counter() - wall:.2f} s wall, "
            f"{server_cpu(editor) - cpu:.2f} s server CPU ({rel})"
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
        print(
            f"keystroke update ({keystrokes}): median {statistics.median(walls) * 1000:.0f} ms "
            f"wall, max {max(walls) * 1000:.0f} ms; server CPU median "
            f"{statistics.median(cpus) * 1000:.0f} ms (clock ticks of 10 ms)"
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
