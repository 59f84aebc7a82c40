"""``vaultcheck lint --watch``: lint, then lint again whenever a file of the vault changes.

Each run after the first goes through the cache, so it is incremental: the engine reuses the
findings of every note an edit cannot affect and checks only the notes it reaches (see
``engine.py``). watchfiles tells what changed, with native file events and a short settling
time, so a save shows its problems in well under a second. Ctrl-C ends the watch with exit
code 0: it is the only way to stop it, not a failure (an editor's task runner would otherwise
call every watch session failed); SIGTERM, how editors end a task, does the same.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import watchfiles

from vaultcheck.cli.commands.lint import LintOptions, run_lint
from vaultcheck.cli.commands.lintpaths import locate
from vaultcheck.core.config import CONFIG_FILE_NAMES, find_config, load_config
from vaultcheck.core.configcheck import FILE_OPTIONS
from vaultcheck.core.errors import UsageError, VaultcheckError
from vaultcheck.vault.cache import Cache
from vaultcheck.vault.scan import is_note

#: Hidden files that change what a run reports. Everything else hidden is skipped, as the
#: scan skips it (Obsidian rewrites .obsidian/workspace.json on every click).
_HIDDEN_FILES = {".gitignore", ".vaultcheck.toml"}
#: Obsidian's settings that rules read (``engine.fingerprint.extra_files``): property types,
#: the attachment folder and link format, the templates folders of both template plugins.
_OBSIDIAN_FILES = {
    (".obsidian", "types.json"),
    (".obsidian", "app.json"),
    (".obsidian", "templates.json"),
    (".obsidian", "plugins", "templater-obsidian", "data.json"),
}

#: Wait this long for more events after the first (ms): one save is often several events
#: (a temporary file renamed over the note), and a checkout changes many files at once.
_SETTLE_MS = 50
#: How long one wait for events lasts before it returns empty. The watcher starts with the
#: first wait, so this is also the delay before the first run; the later empty returns cost
#: nothing to speak of.
_TICK_MS = 200


class VaultFilter(watchfiles.DefaultFilter):
    """The changes that can change the report. A note's content; a file's coming or going (links
    to attachments resolve by the set of files); the config and the files it names (a
    bibliography, a tag list); ``.gitignore`` and the Obsidian settings vaultcheck reads. Not
    the cache, and not the content of other files: a report written into the vault would
    otherwise start the next run, forever."""

    def __init__(self, root: Path, ignored: Iterable[Path] = ()) -> None:
        super().__init__(ignore_paths=tuple(str(path) for path in ignored))
        self.root = root
        #: Files besides notes whose content the run reads (absolute paths).
        self.read_files: set[str] = set()

    def refresh(self, config_path: Path | None) -> None:
        """Learn the files the config names, after each run (the config may have changed)."""
        self.read_files = set()
        if config_path is None:
            return
        config_path = config_path.resolve()
        self.read_files.add(str(config_path))
        try:
            data = load_config(self.root, config_path).options
        except VaultcheckError:  # the run has said what is wrong; watch the file itself
            return
        for table, key in FILE_OPTIONS:
            value = data.get(table, {}).get(key)
            for name in value if isinstance(value, list) else [value] if value else []:
                self.read_files.add(str((config_path.parent / name).resolve()))

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):  # the cache, editors' swap files
            return False
        if path in self.read_files:
            return True
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return False
        hidden = [part for part in parts if part.startswith(".")]
        if hidden:
            if hidden == [parts[-1]]:  # a hidden file in a visible folder
                return parts[-1] in _HIDDEN_FILES
            return parts in _OBSIDIAN_FILES
        # A file at the root that may become the config: a `[tool.vaultcheck]` table added
        # to a `pyproject.toml` that had none is a new config, which ``refresh`` cannot know of.
        if len(parts) == 1 and parts[0] in CONFIG_FILE_NAMES:
            return True
        return change != watchfiles.Change.modified or is_note(parts[-1])


def run_watch(options: LintOptions, err: TextIO | None = None) -> int:
    """Lint, then lint again after each change, until Ctrl-C; returns 0."""
    err = err or sys.stderr
    for flag, given in (
        ("--fix", options.fix),
        ("--diff", options.diff),
        ("--write-baseline", options.write_baseline is not None),
    ):
        if given:
            raise UsageError(f"--watch cannot be combined with {flag}")
    root = locate(options.paths)[0].resolve()
    cache = Cache.for_vault(root, options.cache_dir) if options.cache else None
    watched = [root]
    config = _config_path(root, options)
    if config is not None and not config.resolve().is_relative_to(root):
        watched.append(config.resolve())
    # Its own writes start no run: the cache, and reports written into the vault (as notes too).
    written = [Path(spec.partition(":")[2]) for spec in options.also_write]
    if options.output_file is not None:
        written.append(options.output_file)
    if cache is not None:
        written.append(cache.directory)
    vault_filter = VaultFilter(root, [path.resolve() for path in written])
    previous = signal.signal(signal.SIGTERM, _stop)  # an editor ends a task with SIGTERM
    try:
        batches = watchfiles.watch(
            *watched,
            watch_filter=vault_filter,
            step=_SETTLE_MS,
            debounce=1000,
            rust_timeout=_TICK_MS,
            yield_on_timeout=True,
        )
        next(batches)  # the watcher runs from here: nothing saved during the first run is missed
        _lint(options, err, changed=())
        vault_filter.refresh(_config_path(root, options))
        for changes in batches:
            if changes:  # empty: a tick without changes
                _lint(options, err, changed=sorted({path for _, path in changes}))
                vault_filter.refresh(_config_path(root, options))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    err.write("vaultcheck: stopped watching\n")
    return 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _config_path(root: Path, options: LintOptions) -> Path | None:
    try:
        return options.config or find_config(root)
    except VaultcheckError:  # a pyproject.toml that is not TOML: the run says so
        return None


def _lint(options: LintOptions, err: TextIO, changed: Iterable[str]) -> None:
    """One run, its report on stdout, then a line on stderr saying what happens next."""
    if sys.stdout.isatty() and options.output_file is None:
        sys.stdout.write("\x1b[2J\x1b[H")  # a terminal shows the current problems only
        sys.stdout.flush()
    names = [Path(path).name for path in changed]
    if names:
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        err.write(f"\n[{time.strftime('%H:%M:%S')}] {names[0]}{more} changed\n")
    try:
        run_lint(options)
    except VaultcheckError as error:  # a broken config: say so, and wait for the fix
        err.write(f"vaultcheck: error: {error}\n")
    sys.stdout.flush()
    err.write(f"[{time.strftime('%H:%M:%S')}] watching for changes (Ctrl-C to stop)\n")
    err.flush()
