"""The cache and parallel parsing: same findings either way, and a bad cache never hurts."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pickle
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, as_rows, write_vault
from vaultcheck.cli.app import app
from vaultcheck.core.config import load_config
from vaultcheck.engine.run import lint
from vaultcheck.parse.parallel import MIN_PARALLEL
from vaultcheck.rules.selection import select_rules
from vaultcheck.vault.cache import (
    LIBRARIES,
    Cache,
    code_fingerprint,
    library_fingerprint,
    source_files,
)
from vaultcheck.vault.cachefile import sealed

runner = CliRunner()
BENCH = Path(__file__).resolve().parent.parent / "bench"


def example_rows(**options: object) -> list[tuple[str, str, int, int, str]]:
    config = load_config(EXAMPLE_VAULT)
    result = lint(EXAMPLE_VAULT, select_rules(["ALL"]), config=config, **options)  # type: ignore[arg-type]
    return as_rows(result.diagnostics)


def test_same_findings_with_and_without_cache_and_with_one_or_two_workers(tmp_path: Path) -> None:
    baseline = example_rows()
    cache = Cache(tmp_path / "cache")
    assert example_rows(cache=cache, jobs=1) == baseline  # cold: parses, writes the cache
    assert example_rows(cache=cache, jobs=2) == baseline  # warm: the stored result
    cache.result_file.unlink()
    assert example_rows(cache=cache, jobs=2) == baseline  # parsed notes from the cache


def _generated_vault(root: Path, count: int) -> Path:
    """A vault from the benchmark's generator (links, aliases, tags, related lists, ...)."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, count, seed=3)
    return root


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_generated_vault_gives_the_same_diagnostics_on_one_or_more_cores(
    tmp_path: Path, jobs: int
) -> None:
    root = _generated_vault(tmp_path, MIN_PARALLEL + 100)  # enough notes to use workers
    config = load_config(root)
    one = lint(root, select_rules(["ALL"]), config=config, jobs=1).diagnostics
    assert len(one) > 500
    assert lint(root, select_rules(["ALL"]), config=config, jobs=jobs).diagnostics == one


def test_cache_folder_is_tagged_and_ignores_itself(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    runner.invoke(app, ["lint", str(tmp_path)])
    folder = tmp_path / ".vaultcheck_cache"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert runner.invoke(app, ["clean", str(tmp_path)]).stdout == f"Removed {folder}\n"
    assert not folder.exists()


def _lint_in_subprocess(root: Path, max_file_size: int | None = None) -> int:
    """Run the real CLI; with ``max_file_size``, every write past that many bytes fails (EFBIG),
    as writes do when the disk fills."""

    def limit() -> None:
        if max_file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, not the process
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_size, max_file_size))

    done = subprocess.run(
        [sys.executable, "-m", "vaultcheck", "lint", str(root)],
        capture_output=True,
        preexec_fn=limit,
        check=False,
    )
    assert done.stderr == b""
    return done.returncode


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def test_cache_markers_are_written_whole_and_repaired(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    _git(tmp_path, "init", "-q")
    folder = tmp_path / ".vaultcheck_cache"
    # The disk fills while the cache folder is first made: the lint still runs, and leaves no
    # empty or cut-short marker (nor any half-written file) behind.
    assert _lint_in_subprocess(tmp_path, max_file_size=10) == 0
    assert sorted(p.name for p in folder.iterdir()) == []
    # The next run writes both markers whole.
    assert _lint_in_subprocess(tmp_path) == 0
    assert (folder / ".gitignore").read_text() == "# Created by vaultcheck\n*\n"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    # Markers an interrupted older version left empty or wrong are repaired by the next run,
    # so `git add -A` never commits the cache.
    (folder / ".gitignore").write_bytes(b"")
    (folder / "CACHEDIR.TAG").write_bytes(b"Signature: 8a47")
    assert (
        _git(tmp_path, "status", "--porcelain", "--untracked-files=all").count(".vaultcheck_cache/")
        > 2
    )
    assert _lint_in_subprocess(tmp_path) == 0
    assert (folder / ".gitignore").read_text() == "# Created by vaultcheck\n*\n"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    _git(tmp_path, "add", "-A")
    assert _git(tmp_path, "diff", "--cached", "--name-only").splitlines() == ["a.md", "b.md"]


def _stderr_on_a_terminal(args: list[str]) -> str:
    """What the real CLI writes to stderr when stderr is a terminal (a pseudo-terminal)."""
    leader, follower = os.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "vaultcheck", *args],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            check=False,
        )
        os.close(follower)
        chunks = []
        with contextlib.suppress(OSError):  # EIO once everything written has been read
            while chunk := os.read(leader, 4096):
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    finally:
        os.close(leader)


def test_a_first_run_on_a_terminal_says_why_it_takes_longer(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    folder = tmp_path / ".vaultcheck_cache"
    first = _stderr_on_a_terminal(["lint", str(tmp_path)])
    assert first == f"vaultcheck: parsing every note once; later runs reuse {folder}\n"
    assert _stderr_on_a_terminal(["lint", str(tmp_path)]) == ""
    assert _stderr_on_a_terminal(["lint", str(tmp_path), "--no-cache"]) == ""


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "x\n"})
    runner.invoke(app, ["lint", str(tmp_path), "--no-cache"])
    assert not (tmp_path / ".vaultcheck_cache").exists()


def test_cache_dir_option(tmp_path: Path) -> None:
    write_vault(tmp_path / "v", {"a.md": "[[missing]]\n"})
    first = runner.invoke(app, ["lint", str(tmp_path / "v"), "--cache-dir", str(tmp_path / "c")])
    second = runner.invoke(app, ["lint", str(tmp_path / "v"), "--cache-dir", str(tmp_path / "c")])
    assert first.stdout == second.stdout
    assert (tmp_path / "c" / "CACHEDIR.TAG").exists()


def test_a_change_is_seen(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    args = ["lint", str(tmp_path), "--output-format", "concise"]
    assert runner.invoke(app, args).exit_code == 0
    (tmp_path / "b.md").write_text("[[gone]]\n")  # same size, new content
    assert "LNK001" in runner.invoke(app, args).stdout
    (tmp_path / ".vaultcheck.toml").write_text('ignore = ["LNK001", "GR"]\n')  # config counts
    assert runner.invoke(app, args).exit_code == 0


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle",
        b"\x80\x05garbage",
        sealed(pickle.dumps({"kind": "notes", "notes": 3})),  # ours, of the wrong shape
        sealed(b"\x80\x05garbage"),
        sealed(pickle.dumps({"kind": "notes", "notes": {}, "chunks": []}))[:-3],  # cut short
    ],
)
def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    write_vault(tmp_path, {"a.md": "[[missing]]\n"})
    cache = Cache.for_vault(tmp_path)
    runner.invoke(app, ["lint", str(tmp_path)])
    cache.notes_file.write_bytes(content)
    cache.result_file.write_bytes(content)
    cache.state_file.write_bytes(content)
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "concise"])
    assert result.exit_code == 1 and "LNK001" in result.stdout
    assert cache.load_findings("a key that was never stored") is None
    assert Cache.for_vault(tmp_path).load_notes() != ({}, [])  # rebuilt


@pytest.mark.parametrize(
    "tamper",
    [
        {"digests": {"a.md": 7}},
        {"reads": {"a.md": 5}, "targets": {"b.md": 3}},
        {"tags": {"a.md": [1, 2]}, "incoming": {"a.md": "x"}},
        {"by_name": {"b": 9}, "by_path": 4},
        {"kept": {"a.md": ["not a diagnostic"]}},
    ],
)
def test_a_state_of_the_wrong_shape_is_never_fatal(
    tmp_path: Path, tamper: dict[str, object]
) -> None:
    """A state file of ours with garbage inside (the findings it goes with intact) gives the
    findings of a full run."""
    write_vault(tmp_path, {"a.md": "[[b]] #x\n", "b.md": "# B\n[[a#Nope]]\n"})
    cache = Cache.for_vault(tmp_path)
    args = ["lint", str(tmp_path), "--output-format", "concise"]
    runner.invoke(app, args)
    state = cache.load_state()
    assert state is not None
    cache.save_state({**state, **tamper}, {**state, **tamper})
    (tmp_path / "a.md").write_text("[[b#Gone]] [[c]]\n")
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == runner.invoke(app, [*args, "--no-cache"]).stdout


@pytest.mark.parametrize(
    ("kind", "written", "damaged"),
    [
        ("result", b"Broken link", b"Brokem link"),  # a message
        ("result", b"a.md", b"b.md"),  # where a finding is
        ("state", b"a.md", b"c.md"),  # a path the state knows
        ("lasting", b"a.md", b"c.md"),
        ("notes", b"a.md", b"c.md"),
    ],
)
def test_a_damaged_cache_file_gives_the_findings_of_a_cold_run(
    tmp_path: Path, kind: str, written: bytes, damaged: bytes
) -> None:
    """A byte changed inside a cache file (a disk's or a copy's damage) still unpickles, into
    another message or path: the file's checksum finds it, and the file is ignored."""
    notes = {"a.md": "[[missing]] [[b#Top]]\n", "b.md": "# Top\n[[a]]\n", "c.md": "x\n"}
    write_vault(tmp_path, notes)
    args = ["lint", str(tmp_path), "--output-format", "concise"]
    runner.invoke(app, args)
    (tmp_path / "c.md").write_text("y\n")  # an incremental run reads the state
    cold = runner.invoke(app, [*args, "--no-cache"])
    path = Cache.for_vault(tmp_path).directory / f"{kind}-{code_fingerprint()}.pickle"
    data = path.read_bytes()
    assert written in data
    path.write_bytes(data.replace(written, damaged, 1))
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stdout) == (cold.exit_code, cold.stdout)


class Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch PWNED",))


def test_a_planted_cache_cannot_run_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_vault(tmp_path, {"a.md": "x\n"})
    cache = Cache.for_vault(tmp_path)
    cache.directory.mkdir()
    planted = {"kind": "notes", "notes": {"a.md": Exploit()}, "chunks": []}
    cache.notes_file.write_bytes(sealed(pickle.dumps(planted)))  # the checksum is no defence
    assert cache.load_notes() == ({}, [])
    runner.invoke(app, ["lint", str(tmp_path)])
    assert not (tmp_path / "PWNED").exists()


def _shared_vault(root: Path, count: int) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(count):
        files[f"f{i}/Same.md"] = (
            "---\naliases: [Shared]\ntags: [common, Common]\nrelated: [Same]\n---\n[[Same]] [[Shared]] #common\n"
        )
    write_vault(root, files)


def test_shared_tag_alias_and_basename_scale_linearly(tmp_path: Path) -> None:
    """One basename, alias and tag shared by every note: time must grow about linearly."""
    timings = []
    for count in (800, 3200):
        root = tmp_path / str(count)
        _shared_vault(root, count)
        # CPU time of this process: other load on the machine barely moves it.
        start = time.process_time()
        result = lint(root, select_rules(["ALL"]))
        timings.append(time.process_time() - start)
        assert max(len(d.message) for d in result.diagnostics) < 400
    # 4x the notes: linear is ~4x, quadratic ~16x. Allow generous noise.
    assert timings[1] / timings[0] < 8, timings


def test_other_code_never_reads_this_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by other code (another version, or an edited parser) is not loaded:
    its notes could have another layout. Found when a new Note field shifted old tuples."""
    from vaultcheck.vault import cache as cache_module

    write_vault(tmp_path, {"a.md": "one\ntwo [[missing]]\n"})
    runner.invoke(app, ["lint", str(tmp_path)])
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "other-code")
    fresh = Cache.for_vault(tmp_path)
    assert fresh.load_notes() == ({}, [])
    result = runner.invoke(app, ["lint", str(tmp_path), "--output-format", "concise"])
    assert "a.md:2:5: LNK001" in result.stdout
    assert sorted(p.name for p in fresh.directory.glob("*.pickle")) == [
        "lasting-other-code.pickle",
        "notes-other-code.pickle",
        "result-other-code.pickle",
        "state-other-code.pickle",
    ]


def test_a_cache_hit_shows_the_same_report(tmp_path: Path) -> None:
    write_vault(tmp_path, {"a.md": "one\fstill line one\r\n[[missing]]\u2028same line\n"})
    args = ["lint", str(tmp_path), "--no-color"]
    cold = runner.invoke(app, [*args, "--no-cache"]).stdout
    runner.invoke(app, args)  # fills the cache
    warm = runner.invoke(app, args)
    assert warm.stdout == cold
    assert "    2 | [[missing]]\u2028same line" in cold


def test_obsidian_settings_are_part_of_the_cache_key(tmp_path: Path) -> None:
    # LNK005 names the attachment folder from .obsidian/app.json: a cached run must not show
    # the folder it had before the setting changed.
    vault = write_vault(tmp_path, {".obsidian/app.json": '{"attachmentFolderPath": "Assets"}'})
    (vault / "A.md").write_text("![[pic.png]]\n")
    args = ["lint", str(vault), "--select", "LNK005", "--output-format", "concise"]
    first = runner.invoke(app, args)
    assert "new attachments go to `Assets/` (attachmentFolderPath)" in first.stdout
    (vault / ".obsidian" / "app.json").write_text('{"attachmentFolderPath": "Media"}')
    second = runner.invoke(app, args)
    assert "new attachments go to `Media/` (attachmentFolderPath)" in second.stdout
    assert (vault / ".vaultcheck_cache").is_dir()


def test_built_sources_give_back_every_note_s_bytes_without_holding_them_twice(
    tmp_path: Path,
) -> None:
    from vaultcheck.core.model import Note
    from vaultcheck.vault.build import build_vault, read_sources, with_content
    from vaultcheck.vault.textbytes import TextBytes

    files: dict[str, str | bytes] = {
        "plain.md": "# Plain\n\n[[latin]] \r\n",
        "bom.md": b"\xef\xbb\xbf# BOM\n",
        "latin.md": b"caf\xe9\n",  # not UTF-8: its text is not its bytes
        "binary.md": b"\x00\x01\x02",
        "empty.md": b"",
    }
    root = write_vault(tmp_path, files)
    sources = read_sources(root)
    before = dict(sources.data)
    vault = build_vault(sources)
    held = sources.data
    assert isinstance(held, TextBytes)
    assert dict(held) == before and list(held) == list(before)
    # Only the notes whose text encodes back to their bytes are held as notes.
    kept = {path for path, value in held._held.items() if isinstance(value, Note)}
    assert kept == {"plain.md", "bom.md", "empty.md"}
    assert held._held["plain.md"] is vault.notes["plain.md"]
    edited = with_content(sources, "latin.md", b"now UTF-8\n")
    assert edited.data["latin.md"] == b"now UTF-8\n" and sources.data["latin.md"] == b"caf\xe9\n"
    assert edited.data["plain.md"] == before["plain.md"]


def test_the_cache_is_keyed_by_the_libraries_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes parsed by another markdown-it-py or PyYAML (an upgrade, libyaml installed) are
    not reused: the libraries' versions and compiled extensions are in the cache's name."""
    import importlib

    assert {"markdown_it", "yaml"} <= set(LIBRARIES)
    package = tmp_path / "vcfakelib"
    package.mkdir()
    (package / "__init__.py").write_text('__version__ = "1.0"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    first = library_fingerprint(("vcfakelib",))
    assert library_fingerprint(("vcfakelib",)) == first
    (package / "__init__.py").write_text('__version__ = "1.1"\n')  # upgraded
    second = library_fingerprint(("vcfakelib",))
    (package / "_speedups.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")  # an extension
    third = library_fingerprint(("vcfakelib",))
    assert len({first, second, third}) == 3
    assert library_fingerprint(("vcfakelib_missing",)) != first  # not installed


def test_the_code_fingerprint_reads_every_source_file_and_no_compiled_one(tmp_path: Path) -> None:
    """The cache's name hashes every ``.py`` file of the package, in subfolders too, by its
    path inside it; not the compiled files in ``__pycache__`` (they differ by interpreter)."""
    import vaultcheck

    (tmp_path / "rules" / "shared").mkdir(parents=True)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "rules" / "__pycache__").mkdir()
    for name in ("model.py", "rules/base.py", "rules/shared/fixes.py", "rules-old.py"):
        (tmp_path / name).write_text("x = 1\n")
    for name in ("__pycache__/model.cpython-311.pyc", "rules/__pycache__/base.py", "graph.html"):
        (tmp_path / name).write_text("")
    found = source_files(str(tmp_path))
    assert found == [
        (name, str(tmp_path / name))
        for name in ("model.py", "rules-old.py", "rules/base.py", "rules/shared/fixes.py")
    ]
    package = Path(vaultcheck.__file__).resolve().parent
    assert [name for name, _ in source_files(str(package))] == [
        path.relative_to(package).as_posix() for path in sorted(package.rglob("*.py"))
    ]


def test_a_report_from_the_cache_shows_the_source_lines_a_parsing_run_shows(
    tmp_path: Path,
) -> None:
    """The full report quotes each finding's line: from the cache, a note is read again for
    it, and decoded as the parser decodes it (a binary note has no text to quote)."""
    write_vault(tmp_path, {"a.md": "[[x]]\n", "b.md": "\ufeff[[Missing]] caf\xe9\n"})
    (tmp_path / "nul.md").write_bytes(b"Hello\x00 world [[x]]\nsecond\n")
    (tmp_path / "utf16.md").write_bytes("[[x]]\n".encode("utf-16"))
    (tmp_path / "latin1.md").write_bytes("[[x]] caf\xe9 [[Gone]]\n".encode("latin-1"))
    args = ["lint", str(tmp_path), "--output-format", "full"]
    runner.invoke(app, args)
    cached = runner.invoke(app, args)
    cold = runner.invoke(app, [*args, "--no-cache"])
    assert "TXT002" in cold.stdout and "    1 | [[x]] caf\ufffd [[Gone]]" in cold.stdout
    assert (cached.exit_code, cached.stdout) == (cold.exit_code, cold.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "v"],
        ["lint", "v", "--fix"],
        ["graph", "orphans", "--vault", "v"],
        ["clean", "v"],
    ],
)
def test_a_file_as_the_cache_folder_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """--cache-dir naming a file would fail every write, passed over: no cache, in silence."""
    write_vault(tmp_path / "v", {"a.md": "[[a]]\n"})
    (tmp_path / "f").write_text("mine\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, "--cache-dir", "f"])
    assert (result.exit_code, result.output) == (
        2,
        "vaultcheck: error: --cache-dir f: a file, not a folder\n",
    )
    assert (tmp_path / "f").read_text() == "mine\n"
    assert not (tmp_path / "v" / ".vaultcheck_cache").exists()
