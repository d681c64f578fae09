"""Benchmarks: the union query against the raw-SQL floor, and reminder delivery."""
