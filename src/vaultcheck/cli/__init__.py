"""The command line (``vaultcheck``): Typer parses, a function returns the exit code."""
