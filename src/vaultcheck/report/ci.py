"""Formats for other CI systems: JUnit XML and the GitLab Code Quality report."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from itertools import groupby
from typing import TextIO
from xml.etree import ElementTree as ET

from vaultcheck.core.diagnostics import Diagnostic, Severity
from vaultcheck.report import ReportContext, one_line

_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_junit(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    """One test suite per note with problems, one failed test case per problem."""
    suites = ET.Element(
        "testsuites", name="vaultcheck", tests=str(len(diagnostics)), failures=str(len(diagnostics))
    )
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        shown = ctx.shown_path(path)
        problems = list(group)
        suite = ET.SubElement(
            suites, "testsuite", name=shown, tests=str(len(problems)), failures=str(len(problems))
        )
        for d in problems:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{d.code} {d.name} ({d.span.line}:{d.span.column})",
                classname=shown,
                file=shown,
                line=str(d.span.line),
            )
            failure = ET.SubElement(case, "failure", message=one_line(d.message), type=d.code)
            failure.text = f"{shown}:{d.span.line}:{d.span.column}: {d.code} {one_line(d.message)}"
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")


def render_gitlab(diagnostics: list[Diagnostic], out: TextIO, ctx: ReportContext) -> None:
    """GitLab Code Quality: a list of issues with a stable fingerprint each.

    The fingerprint hashes code, path and message plus an occurrence number, not the line,
    so an issue keeps its identity when lines above it move.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for d in diagnostics:
        key = (d.code, d.path, d.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode()).hexdigest()
        issues.append(
            {
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": digest,
                "severity": _GITLAB_SEVERITY[d.severity],
                "location": {
                    "path": ctx.display_path(d.path),
                    "lines": {"begin": d.span.line, "end": d.span.end_line},
                },
            }
        )
    json.dump(issues, out, indent=2, ensure_ascii=False)
    out.write("\n")
