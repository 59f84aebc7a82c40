"""Stage 1: one note's bytes to a ``Note`` (frontmatter, Markdown body, links, tags), and many
notes on several cores."""
