"""The language server (``vaultcheck server``): the checks, fixes and links of a vault in an
editor, over the Language Server Protocol."""
