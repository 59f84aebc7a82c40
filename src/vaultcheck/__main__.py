"""``python -m vaultcheck``."""

from vaultcheck.cli import main

main()
