"""Foundations every stage may use: errors, configuration, the note model, diagnostics."""
