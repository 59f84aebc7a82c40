"""vaultcheck: a linter and knowledge-graph CLI for Obsidian vaults."""

__version__ = "0.1.0"
