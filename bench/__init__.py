"""Benchmark of the dashboard's data path at national scale (`make bench`, `make bench-quick`)."""
