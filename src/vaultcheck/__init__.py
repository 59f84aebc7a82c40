"""vaultcheck: a linter and knowledge-graph CLI for Obsidian vaults.

The Python API (see docs/api.md)::

    import vaultcheck
    vault = vaultcheck.load("path/to/vault")      # notes, links, graph, backlinks
    problems = vaultcheck.lint("path/to/vault")   # what `vaultcheck lint` reports
    result = vaultcheck.fix("path/to/vault")      # what `--fix` would change

These names are the stable API; every module is private. They are imported on first use,
so that the command line starts without loading the linter it may not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from vaultcheck.api import (
        Backlink,
        Diagnostic,
        FixResult,
        Heading,
        Link,
        Note,
        Vault,
        fix,
        lint,
        load,
    )
    from vaultcheck.frames import Frames

__all__ = [
    "Backlink",
    "Diagnostic",
    "FixResult",
    "Frames",
    "Heading",
    "Link",
    "Note",
    "Vault",
    "__version__",
    "fix",
    "lint",
    "load",
]


def __getattr__(name: str) -> Any:
    if name == "Frames":
        from vaultcheck.frames import Frames

        return Frames
    if name in __all__:
        from vaultcheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'vaultcheck' has no attribute {name!r}")
