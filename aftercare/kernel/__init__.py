"""Shared value types and helpers. Imports no domain app."""
