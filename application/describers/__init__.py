"""Describers of each case type's events, one module per case type (see application.describe)."""
