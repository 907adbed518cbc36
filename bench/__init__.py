"""Benchmarks (`make bench`): volume data, query budgets, throughput, races. Not tests."""
