"""Errors that end a run with exit code 2: bad usage or bad configuration."""

from __future__ import annotations


class VaultcheckError(Exception):
    """A problem with how vaultcheck was called; the message is shown to the user as is."""


class UsageError(VaultcheckError):
    """Bad command-line arguments: unknown rule code or format, missing path."""


class ConfigError(VaultcheckError):
    """A configuration file that cannot be read or has unknown keys or bad values."""


class NothingFound(Exception):
    """A question with an empty answer (no backlinks, a filter that keeps no note): the
    message goes to stderr and the exit code is 1, as grep does when nothing matches."""
