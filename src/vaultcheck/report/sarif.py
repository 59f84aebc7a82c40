"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Rules carry their documentation (short description, full help in Markdown); results carry
level, region and, where the problem has one, the fix as replacements.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any, TextIO
from urllib.parse import quote

from vaultcheck import __version__
from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext
from vaultcheck.rules import REGISTRY, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(cls: type[Rule]) -> dict[str, Any]:
    doc = inspect.cleandoc(cls.__doc__ or "")
    first = doc.split("\n\n", 1)[0].removeprefix("What it does: ").replace("\n", " ")
    first = first[:1].upper() + first[1:]
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": first},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _LEVEL[cls.severity]},
        "properties": {"fixable": cls.fixable or "no"},
    }


def _uris(ctx: ReportContext) -> Callable[[str], str]:
    """A path's URI, quoted once per path (a note has many problems)."""
    known: dict[str, str] = {}

    def uri(path: str) -> str:
        found = known.get(path)
        if found is None:
            found = known[path] = quote(ctx.display_path(path))
        return found

    return uri


def _result(d: Diagnostic, index: int, uri: Callable[[str], str]) -> dict[str, Any]:
    location = {"artifactLocation": {"uri": uri(d.path)}}
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    **location,
                    "region": {
                        "startLine": d.span.line,
                        "startColumn": d.span.column,
                        "endLine": d.span.end_line,
                        "endColumn": d.span.end_column,
                    },
                }
            }
        ],
    }
    if d.fix is not None:
        changes: dict[str, list[dict[str, Any]]] = {}
        for edit in d.fix.edits:
            changes.setdefault(edit.path or d.path, []).append(
                {
                    "deletedRegion": {
                        "charOffset": edit.start,
                        "charLength": edit.end - edit.start,
                    },
                    "insertedContent": {"text": edit.replacement},
                }
            )
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.message} ({d.fix.applicability.value})"},
                "artifactChanges": [
                    {"artifactLocation": {"uri": uri(path)}, "replacements": replacements}
                    for path, replacements in changes.items()
                ],
            }
        ]
    return result


def render(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    uri = _uris(ctx)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vaultcheck",
                        "version": __version__,
                        "rules": [_rule(REGISTRY[code]) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code], uri) for d in diagnostics],
            }
        ],
    }
    out.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")  # one write, not one a piece
