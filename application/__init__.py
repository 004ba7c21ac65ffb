"""Use cases: commands in, aggregates loaded and saved, queries over read models."""
