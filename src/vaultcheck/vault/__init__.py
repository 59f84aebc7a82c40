"""Stage 2, the vault: scan the files, load the (cached) notes, resolve links as Obsidian does,
build the link graph."""
