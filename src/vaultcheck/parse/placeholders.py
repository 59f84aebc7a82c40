"""Template placeholders: the core Templates plugin's ``{{date}}``, ``{{title}}``,
``{{date:YYYY-MM-DD}}`` and Templater's ``<% tp.date.now() %>`` (also ``<%* ... %>``,
``<%+``, ``<%_``, ``<%-``, over several lines).

A template note is not valid YAML or Markdown until they are replaced, so its checks look
past them: :func:`masked` stands a plain word of the same length in for each (positions stay
the file's), and a finding on a placeholder is not reported (see ``engine/checking.py``).
"""

from __future__ import annotations

import re

#: ``{{...}}`` on one line, or ``<% ... %>`` over any lines.
PLACEHOLDER = re.compile(r"\{\{[^{}\r\n]*\}\}|<%[\s\S]*?%>")


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """The offsets (start, end) of every placeholder in ``text``, in order."""
    if "{{" not in text and "<%" not in text:
        return []
    return [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]


def masked(text: str) -> str:
    """``text`` with each placeholder's characters but line breaks replaced by ``x``: what
    the template reads like once applied (``date: {{date}}`` as ``date: xxxxxxxx``), with
    every offset, line and column unchanged."""
    return PLACEHOLDER.sub(lambda m: re.sub(r"[^\r\n]", "x", m.group()), text)
