"""Stage 5: apply safe fixes to a fixed point, write them atomically, show diffs."""
