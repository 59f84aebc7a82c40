"""Headless Chromium for the tests that need a real browser (Debian's `chromium`).

Set VAULTCHECK_REQUIRE_BROWSER=1 (CI does) to turn a missing browser or Mermaid into a
failure instead of a skip, so these tests can never silently pass by not running.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MERMAID_JS = Path(
    os.environ.get(
        "VAULTCHECK_MERMAID_JS", REPO / ".cache/npm/node_modules/mermaid/dist/mermaid.min.js"
    )
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,900",
]


def need(thing: str, available: bool) -> None:
    if available:
        return
    if os.environ.get("VAULTCHECK_REQUIRE_BROWSER"):
        pytest.fail(f"{thing} is required (VAULTCHECK_REQUIRE_BROWSER is set) but missing")
    pytest.skip(f"{thing} is not installed")


def chromium() -> str:
    found = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    need("chromium", found is not None)
    assert found is not None
    return found


def run(page: Path, profile: Path, *extra: str, budget_ms: int = 30000) -> tuple[str, list[str]]:
    """Load ``page``; return stdout (e.g. the DOM) and the console messages it logged."""
    done = subprocess.run(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    console = [line for line in done.stderr.splitlines() if re.search(r":CONSOLE(\(|:)", line)]
    return done.stdout, console
