"""Blind evaluation corpus: composite personal-injury productions (see README.md)."""
