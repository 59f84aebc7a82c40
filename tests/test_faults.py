"""File-system faults and safety: unreadable files and folders, files vanishing, symlinks,
read-only targets. Faults are injected where the OS would raise them, so the tests run the
same handling code as root (CI) as for an ordinary user."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import as_rows, diagnostics, unreadable, write_vault
from vaultcheck.cli.app import app
from vaultcheck.vault import scan
from vaultcheck.vault import sources as vault  # where notes are read

runner = CliRunner()


def test_unreadable_file_is_vc003_and_the_rest_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_vault(tmp_path, {"a.md": "[[b]] [[missing]]\n", "b.md": "[[a]]\n"})
    unreadable(monkeypatch, "b.md")
    assert as_rows(diagnostics(tmp_path, ["VC003", "LNK001"])) == [
        ("LNK001", "a.md", 1, 7, "Broken link: no note named `missing`"),
        ("VC003", "b.md", 1, 1, "Cannot read: Permission denied"),
    ]


def test_file_deleted_between_scan_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_vault(tmp_path, {"a.md": "x\n", "gone.md": "y\n"})
    real = vault.read_file

    def read_file(path: str) -> bytes:
        if path.endswith("gone.md"):
            os.unlink(path)
        return real(path)

    monkeypatch.setattr(vault, "read_file", read_file)
    assert as_rows(diagnostics(tmp_path, ["VC003"])) == [
        ("VC003", "gone.md", 1, 1, "Cannot read: No such file or directory")
    ]


def test_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_vault(tmp_path, {"a.md": "x\n", "locked/b.md": "y\n"})
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(scan.os, "scandir", scandir)
    assert as_rows(diagnostics(tmp_path, ["VC003"])) == [
        ("VC003", "locked", 1, 1, "Cannot read: Permission denied")
    ]


def test_symlink_loops_and_links_outside_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_vault(outside, {"secret.md": "[[should not be read]]\n"})
    vault = write_vault(tmp_path / "vault", {"a.md": "[[secret]] [[loop]]\n"})
    (vault / "out").symlink_to(outside, target_is_directory=True)
    (vault / "secret.md").symlink_to(outside / "secret.md")
    (vault / "loop").symlink_to(vault, target_is_directory=True)
    (vault / "self.md").symlink_to(vault / "self.md")  # a symlink loop
    result = runner.invoke(
        app, ["lint", str(vault), "--select", "LNK001", "--output-format", "concise"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout.splitlines() == [
        f"{vault.as_posix()}/a.md:1:1: LNK001 Broken link: no note named `secret`",
        f"{vault.as_posix()}/a.md:1:12: LNK001 Broken link: no note named `loop`",
        "Found 2 problems (2 errors).",
    ]


def test_fix_never_writes_through_a_symlink(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", {"real.md": "---\ntags: [a, a]\n---\n"})
    (vault / "link.md").symlink_to(vault / "real.md")
    result = runner.invoke(app, ["lint", str(vault), "--select", "TAG006", "--fix"])
    assert (vault / "link.md").is_symlink()
    assert "link.md: is a symbolic link; not written" in result.stderr
    assert (vault / "real.md").read_text() == "---\ntags: [a]\n---\n"


def test_read_only_vault_with_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_vault(tmp_path, {"a.md": "---\ntags: [a, a]\n---\n"})

    def no_temporary(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", no_temporary)  # the fixer's and the cache's
    result = runner.invoke(app, ["lint", str(tmp_path), "--fix"])
    assert result.exit_code == 1
    assert "a.md: Read-only file system; not written" in result.stderr
    assert (tmp_path / "a.md").read_text() == "---\ntags: [a, a]\n---\n"


def test_an_internal_error_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    write_vault(tmp_path, {"a.md": "x\n"})
    code = (
        "import sys, vaultcheck.cli.commands.lint as l\n"
        "def boom(*a, **k): raise MemoryError('simulated')\n"
        "l.Engine = boom\n"
        "from vaultcheck.cli.app import main\n"
        f"sys.argv = ['vaultcheck', 'lint', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("vaultcheck: internal error: MemoryError: simulated")


def test_a_crashing_rule_is_reported_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultcheck.rules.link_form import EmptyLink

    write_vault(tmp_path, {"a.md": "[[missing]] [[]]\n"})

    def broken(self: object, note: object, ctx: object) -> object:
        raise ValueError("bug")

    monkeypatch.setattr(EmptyLink, "check_note", broken)
    rows = as_rows(diagnostics(tmp_path, ["LNK001", "LNK007"]))
    assert rows == [
        ("LNK001", "a.md", 1, 1, "Broken link: no note named `missing`"),
        ("LNK007", "a.md", 1, 1, "Internal error in this rule (ValueError: bug); please report it"),
    ]


def test_a_configuration_error_raised_by_a_rule_ends_the_run_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultcheck.core.errors import ConfigError
    from vaultcheck.rules.link_form import EmptyLink

    write_vault(tmp_path, {"a.md": "[[missing]]\n"})

    def rejects(self: object, note: object, ctx: object) -> object:
        raise ConfigError("[links] option `x` must be a list")

    monkeypatch.setattr(EmptyLink, "check_note", rejects)
    result = runner.invoke(app, ["lint", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "vaultcheck: error: [links] option `x` must be a list\n"


def _parser_fails_on_bad_md(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser raises a bug of its own on `bad.md` (and parses the rest)."""
    from vaultcheck.parse import note as parse

    real = parse.parse_note

    def parse_note(data: bytes, path: str) -> object:
        if path == "bad.md":
            raise IndexError("bug")
        return real(data, path)

    monkeypatch.setattr(parse, "parse_note", parse_note)


def test_a_parser_failure_is_vc004_for_that_note_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    write_vault(tmp_path, {"a.md": "[[missing]]\n", "bad.md": "x\n"})
    _parser_fails_on_bad_md(monkeypatch)
    rows = as_rows(diagnostics(tmp_path, ["VC004", "LNK001"]))
    assert rows == [
        ("LNK001", "a.md", 1, 1, "Broken link: no note named `missing`"),
        ("VC004", "bad.md", 1, 1, "Could not parse this note (IndexError: bug); please report it"),
    ]


def test_a_file_name_that_is_not_utf8_is_vc003_not_an_internal_error(tmp_path: Path) -> None:
    """Linux lets a name hold any bytes (a Latin-1 `café.md` from an old archive). Python
    reads it with surrogates, which the cache key, SARIF, GitLab, the HTML export and
    `--fix` could not encode: every plain `lint` ended in "internal error". The file is
    reported as Obsidian shows its name (U+FFFD for each bad byte), and the rest checked."""
    root = write_vault(tmp_path / "v", {"ok.md": "[[Gone]]\n"})
    (root / os.fsdecode(b"caf\xe9.md")).write_text("[[ok]]\n")
    os.mkdir(root / os.fsdecode(b"dir\xff"))
    (root / os.fsdecode(b"dir\xff") / "inner.md").write_text("x\n")
    shown = ["VC003", "LNK001"]
    assert as_rows(diagnostics(root, shown)) == [
        ("VC003", "caf\ufffd.md", 1, 1, "Cannot read: its name is not valid UTF-8"),
        ("VC003", "dir\ufffd", 1, 1, "Cannot read: its name is not valid UTF-8"),
        ("LNK001", "ok.md", 1, 1, "Broken link: no note named `Gone`"),
    ]
    for args in (["--output-format", "sarif"], ["--output-format", "gitlab"], ["--fix"]):
        done = runner.invoke(app, ["lint", str(root), "--select", ",".join(shown), *args])
        assert done.exit_code == 1, (args, done.stdout, done.stderr)


def test_a_note_not_parsed_is_no_orphan_nor_dead_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note over the size limit (VC005) or one the parser failed on (VC004) has links
    nobody read: `huge.md` links to `a`, yet was reported as an orphan, and `bad.md`,
    linked from `a`, as a dead end."""
    from vaultcheck.parse.text import MAX_NOTE_BYTES

    huge = "[[a]]\n" + "x" * MAX_NOTE_BYTES
    write_vault(tmp_path, {"a.md": "[[bad]]\n", "bad.md": "[[a]]\n", "huge.md": huge})
    _parser_fails_on_bad_md(monkeypatch)
    rows = as_rows(diagnostics(tmp_path, ["GR", "VC004", "VC005"]))
    assert rows == [
        # What is known: no note that was read links to `a` (huge.md's link is unread).
        ("GR002", "a.md", 1, 1, "No backlinks: no other note links here"),
        ("VC004", "bad.md", 1, 1, "Could not parse this note (IndexError: bug); please report it"),
        ("VC005", "huge.md", 1, 1, "Note is 10.0 MB, over the 10 MB limit; not checked"),
    ]


def test_a_note_is_read_to_its_end_whatever_its_size_and_however_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_file`` reads until the system says the file ends, asking no size first: an
    empty file, one of exactly the first read's size, a larger one, and a file system that
    returns less than asked before the end (every read cut to 1,000 bytes here)."""
    sizes = {"empty.md": 0, "small.md": 10, "exact.md": 1 << 16, "big.md": (3 << 20) + 7}
    contents = {name: os.urandom(size) for name, size in sizes.items()}
    for name, content in contents.items():
        (tmp_path / name).write_bytes(content)
    for name, content in contents.items():
        assert vault.read_file(str(tmp_path / name)) == content
    real_read = os.read
    monkeypatch.setattr(vault.os, "read", lambda fd, n: real_read(fd, min(n, 1000)))
    for name, content in contents.items():
        assert vault.read_file(str(tmp_path / name)) == content
    monkeypatch.undo()
    with pytest.raises(IsADirectoryError):
        vault.read_file(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        vault.read_file(str(tmp_path / "gone.md"))
    proc = Path("/proc/self/status")  # sized 0 by the system, and not empty
    if proc.is_file():
        assert vault.read_file(str(proc)).startswith(b"Name:")
