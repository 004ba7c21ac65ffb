"""Fixtures of the read-model tests."""

import pytest

from infrastructure.migrations import upgrade_read_models
from infrastructure.readdb import create_read_engine


@pytest.fixture
def read_engine(tmp_path):
    """A migrated SQLite read database, for read models fed events directly."""
    engine = create_read_engine(f"sqlite:///{tmp_path / 'read.sqlite3'}")
    upgrade_read_models(engine)
    yield engine
    engine.dispose()
