"""``python -m vaultcheck``."""

from vaultcheck.cli.entry import main

main()
