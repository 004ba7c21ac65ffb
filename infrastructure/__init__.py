"""Adapters: settings, the event store, databases, migrations and delivery."""
