"""Benchmarks: speed of the engines, quality on the shipped test sets, corpus throughput."""
