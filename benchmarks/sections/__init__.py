"""The sections of a benchmark run, one module each (see benchmarks/run.py)."""
