"""Stage 4, a lint run: run the rules, settle the findings, reuse stored ones, check only what
changed."""
