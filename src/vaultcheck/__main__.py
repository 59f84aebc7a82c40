"""``python -m vaultcheck``."""

from vaultcheck.cli.entry import console

console()
