"""Canvases follow a moved file: the ``file`` of a JSON Canvas file node is its vault path.

A ``.canvas`` file (JSON Canvas) shows notes and attachments as file nodes,
``{"type": "file", "file": "Spells/Fireball.md", "subpath": "#Damage"}``, by their full vault
path. When the file moves, that path is rewritten in place: only the string itself changes,
so the canvas keeps its layout, key order and indentation byte for byte. The result is
checked by reading both as JSON: they must be the same but for those paths.

The links in text cards (Markdown inside a JSON string) are rewritten as a note's are, by
:func:`text_card_edit`, with the new text escaped for JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from vaultcheck.core.diagnostics import Edit
from vaultcheck.core.errors import UsageError
from vaultcheck.core.model import Link, LinkKind, Note
from vaultcheck.parse.canvas import json_text
from vaultcheck.parse.linksyntax import destination_path_edit, fits_wikilink

#: A ``"file": "<json string>"`` member; a quote inside a JSON string is always escaped, so
#: text nodes holding such words are not matched.
_FILE_MEMBER = re.compile(r'("file"\s*:\s*)"((?:[^"\\]|\\.)*)"')


def retarget_canvas(path: str, text: str, old: Collection[str], new: str) -> tuple[str, int]:
    """``text`` (the canvas at ``path``) with every file node naming one of ``old`` (the
    moved file's path, as spelt in the canvases that reach it) naming ``new``, and how many
    did; raises :class:`UsageError` when the result would not be that."""
    count = 0

    def swap(found: re.Match[str]) -> str:
        nonlocal count
        try:
            value = json.loads(f'"{found.group(2)}"')
        except ValueError:
            return found.group(0)
        if value not in old:
            return found.group(0)
        count += 1
        return found.group(1) + json.dumps(new, ensure_ascii=False)

    out = _FILE_MEMBER.sub(swap, text)
    if not count:
        return text, 0
    try:
        same = json.loads(json_text(out)) == _with_file(json.loads(json_text(text)), old, new)
    except ValueError:
        same = False
    if not same:
        raise UsageError(f"cannot rewrite the canvas {path} in place; nothing was changed")
    return out, count


def _with_file(data: Any, old: Collection[str], new: str) -> Any:
    """``data`` (parsed JSON) with each ``"file"`` member naming one of ``old`` set to ``new``."""
    if isinstance(data, dict):
        return {
            k: new if k == "file" and isinstance(v, str) and v in old else _with_file(v, old, new)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_with_file(v, old, new) for v in data]
    return data


def text_card_edit(note: Note, link: Link, text: str) -> Edit | None:
    """The edit writing ``text`` as the target of ``link``, a link in a text card of the
    canvas ``note``; ``None`` when it cannot be written in place (a Markdown link whose JSON
    text holds an escape, a title, ...)."""
    if link.kind is LinkKind.MARKDOWN:
        written = note.text[link.span.start : link.span.end]
        if "\\" in written:  # JSON escapes: the Markdown as written is not this text
            return None
        found = destination_path_edit(written, link.target, text)
        if found is None:
            return None
        start, end, new = found
        return Edit(link.span.start + start, link.span.start + end, json_escaped(new))
    if link.target_span is None or not fits_wikilink(text):
        return None
    return Edit(link.target_span.start, link.target_span.end, json_escaped(text))


def json_escaped(text: str) -> str:
    """How ``text`` reads inside a JSON string (characters beyond ASCII as they are)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
