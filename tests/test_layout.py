"""The package is laid out by pipeline stage, and imports flow one way (docs/design.md).

Every import of every module counts: at the top, inside functions (lazy) and under
``TYPE_CHECKING``. A module may import its own stage and earlier ones; a later stage only
where ``EXCEPTIONS`` says why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vaultcheck

PACKAGE = Path(vaultcheck.__file__).resolve().parent

#: The stages, earliest first. A top-level package is a stage; the public API's modules
#: (``api``, ``frames``, the package's ``__init__``) form the ``api`` stage.
STAGES = (
    "core",
    "parse",
    "vault",
    "rules",
    "engine",
    "fixing",
    "report",
    "graph",
    "api",
    "server",
    "cli",
)

#: Top-level modules outside the stage packages, and the stage each belongs to.
TOP_MODULES = {
    "__init__": "api",
    "api": "api",
    "apivault": "api",
    "frames": "api",
    "__main__": "cli",
}

#: Names of the root package that every stage may import (they load nothing).
ROOT_NAMES = {"__version__"}

#: (importing module, imported module): why this backward import is allowed.
EXCEPTIONS = {
    ("vaultcheck.core.configcheck", "vaultcheck.rules.selection"): (
        "the config file's rule codes are checked against the rule registry; imported lazily"
        " inside the check, so loading the config does not load the rules"
    ),
}


def module_name(path: Path) -> str:
    """The dotted name of a source file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    """The stage a module of the package belongs to (``KeyError`` for one outside all)."""
    parts = module.split(".")
    if len(parts) == 1:
        return TOP_MODULES["__init__"]
    if parts[1] in STAGES:
        return parts[1]
    return TOP_MODULES[parts[1]]


def is_package_module(dotted: str) -> bool:
    """Whether ``dotted`` names a module or package of vaultcheck (not a name inside one)."""
    relative = PACKAGE.parent / Path(*dotted.split("."))
    return relative.with_suffix(".py").is_file() or (relative / "__init__.py").is_file()


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[str, int]]:
    """The vaultcheck modules ``source`` imports, each with the line of its import."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("vaultcheck")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            if base != "vaultcheck" and not base.startswith("vaultcheck."):
                continue
            for alias in node.names:
                name = f"{base}.{alias.name}"
                if is_package_module(name):
                    found.append((name, node.lineno))
                elif base != "vaultcheck" or alias.name not in ROOT_NAMES:
                    found.append((base, node.lineno))
    return found


def backward_imports(source: str, module: str, is_package: bool) -> list[str]:
    """The imports in ``source`` of a later stage than ``module``'s, not excepted."""
    order = {stage: i for i, stage in enumerate(STAGES)}
    own = order[stage_of(module)]
    problems = []
    for imported, line in imported_modules(source, module, is_package):
        if order[stage_of(imported)] > own and (module, imported) not in EXCEPTIONS:
            problems.append(
                f"{module} (line {line}, stage {stage_of(module)}) imports {imported}"
                f" (stage {stage_of(imported)})"
            )
    return problems


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_stage() -> None:
    """A new module goes into the package of its stage, not beside them."""
    outside = []
    for path in sources():
        try:
            stage_of(module_name(path))
        except KeyError:
            outside.append(str(path.relative_to(PACKAGE)))
    assert outside == []


def test_imports_flow_one_way() -> None:
    problems = []
    for path in sources():
        if path.parent == PACKAGE and path.stem not in TOP_MODULES:
            continue  # outside every stage: test_every_module_is_in_a_stage says so
        source = path.read_text(encoding="utf-8")
        problems += backward_imports(source, module_name(path), path.name == "__init__.py")
    assert problems == []


def test_every_exception_is_still_needed() -> None:
    """An exception nobody needs any more is removed, so the list stays the truth."""
    used = set()
    for path in sources():
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        for imported, _ in imported_modules(source, module, path.name == "__init__.py"):
            used.add((module, imported))
    assert set(EXCEPTIONS) <= used


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a lazy import of a later stage, inside a function
        (
            "def f():\n    from vaultcheck.engine.run import lint\n",
            [
                "vaultcheck.vault.resolve (line 2, stage vault) imports vaultcheck.engine.run"
                " (stage engine)"
            ],
        ),
        # a later stage's module named from its package, and one under TYPE_CHECKING
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from vaultcheck.rules import base\n",
            [
                "vaultcheck.vault.resolve (line 3, stage vault) imports vaultcheck.rules.base"
                " (stage rules)"
            ],
        ),
        # the public API through the root package
        (
            "import vaultcheck.api\nfrom vaultcheck import lint\n",
            [
                "vaultcheck.vault.resolve (line 1, stage vault) imports vaultcheck.api (stage api)",
                "vaultcheck.vault.resolve (line 2, stage vault) imports vaultcheck (stage api)",
            ],
        ),
        # its own stage, earlier stages and the version are fine
        (
            "from vaultcheck import __version__\nfrom vaultcheck.vault import scan\n"
            "from vaultcheck.core.model import Note\nfrom vaultcheck.parse.text import decode\n",
            [],
        ),
    ],
)
def test_a_backward_import_is_caught(source: str, expected: list[str]) -> None:
    assert backward_imports(source, "vaultcheck.vault.resolve", False) == expected
