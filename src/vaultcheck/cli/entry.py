"""Where the ``vaultcheck`` command (and ``python -m vaultcheck``) starts.

A plain lint (:mod:`vaultcheck.cli.quickargs`) runs without Typer, which would be a fifth
of a small vault's lint; every other command line goes to Typer (:mod:`vaultcheck.cli.app`).
Both ways fail alike: one line and exit code 2 for an internal error, no traceback.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultcheck.cli.lintstart import LintParams


def console() -> None:
    """The ``vaultcheck`` console script and ``python -m vaultcheck``: :func:`main`, and a
    one-shot lint ends the process without freeing the vault (:mod:`vaultcheck.cli.ending`)."""
    from vaultcheck.cli import ending

    ending.arm()
    try:
        main()
    except SystemExit as stop:
        ending.leave(stop)


def main() -> None:
    """Run the command line in ``sys.argv`` and exit (as :func:`console`, but a program or
    a test calling it in process may catch the ``SystemExit`` and go on)."""
    encode_every_character()
    from vaultcheck.cli.quickargs import plain_lint

    params = plain_lint(sys.argv[1:]) if not os.environ.get("VAULTCHECK_DEBUG") else None
    try:
        if params is None:
            from vaultcheck.cli.app import app

            app()
        else:
            _run_as_typer_would(params)
    except KeyboardInterrupt:
        sys.stderr.write("vaultcheck: interrupted\n")
        sys.exit(130)
    except Exception as err:  # a failure of the whole run: one line, exit 2, no traceback
        if os.environ.get("VAULTCHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"vaultcheck: internal error: {type(err).__name__}: {err} "
            "(set VAULTCHECK_DEBUG=1 for the traceback, and please report it)\n"
        )
        sys.exit(2)


def _run_as_typer_would(params: LintParams) -> None:
    """Run a plain lint and exit as Typer's standalone mode does around a command: an
    interrupt is exit code 130 without a word, end of input "Aborted!" and 1, a broken pipe
    (``vaultcheck lint | head``) exit code 1 without a traceback at exit."""
    from vaultcheck.cli.lintstart import start_lint

    try:
        code = start_lint(params)
    except KeyboardInterrupt:
        sys.exit(130)
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except OSError as err:
        import errno

        if err.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        sys.exit(1)
    sys.exit(code)


def encode_every_character() -> None:
    """Reports name notes in every script, which a legacy encoding cannot write: on Windows a
    pipe or a CI log gets the ANSI code page (cp1252), and the first Thai file name ended the
    run with "internal error: UnicodeEncodeError" halfway through the report. A pipe or a
    file gets UTF-8 (what ruff and git write, and what JSON and SARIF must be); a terminal,
    or an encoding asked for with PYTHONIOENCODING, keeps its encoding and writes what it
    cannot encode as JSON-style ``\\u0e20`` escapes (astral characters as two), so a JSON
    report stays valid JSON."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is None or encoding == "utf8":
            continue
        if stream.isatty() or os.environ.get("PYTHONIOENCODING"):
            codecs.register_error("vaultcheck-escape", _escape_unencodable)
            reconfigure(errors="vaultcheck-escape")
        else:
            reconfigure(encoding="utf-8")


def _escape_unencodable(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeEncodeError)
    units = err.object[err.start : err.end].encode("utf-16-be")
    escaped = "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
    return escaped, err.end
