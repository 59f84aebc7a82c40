"""Writing what the fixer made: each changed note atomically (a temporary file in the same
folder, with the original permissions, renamed over the note, and only when the note on disk
is still exactly what was read), or a unified diff of it. A note that is not valid UTF-8 is
never written (the fixer never edits one)."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tempfile
from pathlib import Path

from vaultcheck.fixing.fixer import FixOutcome

#: Lines as patch sees them: split after each LF only (CRLF lines keep their CR).
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temporary file beside it, same permissions, rename."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".vaultcheck", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_fixes(root: Path, outcome: FixOutcome) -> None:
    """Write every changed note, unless it changed on disk or cannot be written."""
    for rel, text in sorted(outcome.changed.items()):
        path = root / rel
        try:
            if path.read_bytes() != outcome.originals[rel].encode("utf-8"):
                outcome.failures.append((rel, "changed on disk since it was read; not written"))
                continue
            if path.is_symlink():
                outcome.failures.append((rel, "is a symbolic link; not written"))
                continue
            if not os.access(path, os.W_OK):
                outcome.failures.append((rel, "the file is read-only; not written"))
                continue
            write_atomically(path, text.encode("utf-8"))
        except OSError as err:
            outcome.failures.append((rel, f"{err.strerror or err}; not written"))


def unified_diff(rel: str, before: str, after: str) -> str:
    """A unified diff that ``patch -p1`` applies, line endings and missing final newline kept."""
    # As git does: a name with spaces ends with a tab, or patch reads it only to the space.
    end = "\t" if " " in rel else ""
    lines = difflib.unified_diff(
        _LINES.findall(before),
        _LINES.findall(after),
        fromfile=f"a/{rel}{end}",
        tofile=f"b/{rel}{end}",
    )
    out = []
    for line in lines:
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
