"""Scorers of the extractors on peers' test suites (used by benchmarks/accuracy.py)."""
