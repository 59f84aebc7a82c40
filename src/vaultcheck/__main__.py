"""``python -m vaultcheck``."""

from vaultcheck.cli.app import main

main()
