"""What several rules share: references, related entries, property schema, suppressions,
frontmatter edits."""
