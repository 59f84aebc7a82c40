"""A run whose notes are parsed on several processes finds what one process finds, and
leaves later incremental runs the same state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import as_rows, write_vault
from vaultcheck.core.config import load_config
from vaultcheck.engine.run import lint
from vaultcheck.parse.parallel import MIN_PARALLEL
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import Cache

COUNT = MIN_PARALLEL + 100


def _vault(root: Path) -> Path:
    """Filler notes, then three notes at the end, where a worker (taking chunks from the
    back) parses them: Zeta and Zed link to headings of Zulu."""
    files: dict[str, str | bytes] = {
        f"n{i:04}.md": f"# Note {i}\n\nSee [[n{(i + 1) % COUNT:04}#Note {(i + 1) % COUNT}]].\n"
        for i in range(COUNT)
    }
    files["zz/Zeta.md"] = "# Zeta\n\nSee [[Zulu#Second]]. #Tag\n"
    files["zz/Zulu.md"] = "# Zulu\n\n## Second\n\nText. #tag\n"
    # A finding (Zulu has no `Nope`), then a heading of a note this process parsed.
    files["zz/Zed.md"] = "See [[Zulu#Nope]] and [[n0000#Note 0]].\n"
    return write_vault(root, files)


def _rows(root: Path, **options: Any) -> list[tuple[str, str, int, int, str]]:
    config = load_config(root)
    return as_rows(lint(root, select_rules(None), config=config, **options).diagnostics)


@pytest.mark.parametrize("jobs", [2, 3])
def test_one_and_several_processes_find_the_same(tmp_path: Path, jobs: int) -> None:
    root = _vault(tmp_path)
    one = _rows(root, jobs=1)
    # Tag spellings from notes parsed in two processes.
    assert one == [
        ("LNK003", "zz/Zed.md", 1, 5, "Missing heading: `zz/Zulu.md` has no heading `Nope`"),
        (
            "TAG002",
            "zz/Zeta.md",
            3,
            22,
            "Tag `Tag` is also written `tag` (1 time); pick one casing",
        ),
    ]
    assert _rows(root, jobs=jobs) == one


@pytest.mark.parametrize("jobs", [2, 3])
def test_what_the_worker_read_reaches_the_incremental_state(tmp_path: Path, jobs: int) -> None:
    root = _vault(tmp_path / "vault")
    cache = Cache(tmp_path / "cache")
    assert _rows(root, cache=cache, jobs=jobs) == _rows(root, jobs=1)  # full run, state stored
    # Zulu's heading changes: Zeta, which a worker parsed, read it, so it is checked again.
    (root / "zz/Zulu.md").write_text("# Zulu\n\n## Renamed\n\nText. #tag\n")
    after = _rows(root, cache=cache, jobs=jobs)
    assert ("LNK003", "zz/Zeta.md", 3, 5) in [row[:4] for row in after]
    assert after == _rows(root, jobs=1)
