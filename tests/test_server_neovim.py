"""Neovim's built-in LSP client (headless) against ``vaultcheck server``: open a note, read
the diagnostics, apply a code action, save, check the file.

Skipped when ``nvim`` is missing, unless VAULTCHECK_REQUIRE_NEOVIM is set (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_vault

SCRIPT = Path(__file__).parent / "nvim" / "fix_one.lua"


def nvim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("VAULTCHECK_REQUIRE_NEOVIM"):
            pytest.fail("nvim is required (VAULTCHECK_REQUIRE_NEOVIM is set) but missing")
        pytest.skip("nvim is not installed")
    return found


def test_neovim_applies_a_fix_and_saves(tmp_path: Path) -> None:
    editor = nvim()
    root = write_vault(
        tmp_path / "vault",
        {
            ".obsidian/app.json": "{}",
            "Alpha.md": "---\naliases: [A1]\n---\n# Alpha\n",
            "Beta.md": "# Beta\n\n😀 see [[A1]] and 中文 [[Alpah]]\n",
        },
    )
    out = tmp_path / "seen.txt"
    env = {
        **os.environ,
        "VAULTCHECK_PYTHON": sys.executable,
        "VAULTCHECK_NOTE": "Beta.md",
        "VAULTCHECK_CODE": "LNK009",
        "VAULTCHECK_COUNT": "3",
        "VAULTCHECK_OUT": str(out),
    }
    subprocess.run(
        [editor, "--headless", "--clean", "-c", f"luafile {SCRIPT}"],
        cwd=root,
        env=env,
        timeout=120,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    # Byte columns (Neovim's): `😀 see ` is 9 bytes, `中文` 6.
    assert out.read_text("utf-8").splitlines() == [
        "GR001 0:0-0:0",
        "LNK009 2:9-2:15",
        "LNK001 2:27-2:36",
        "Write `[[Alpha|A1]]` (LNK009)",
        "done",
    ]
    assert (root / "Beta.md").read_text("utf-8") == (
        "# Beta\n\n😀 see [[Alpha|A1]] and 中文 [[Alpah]]\n"
    )
