"""The read models' MetaData: every projection declares its tables on it; Alembic reads it."""

from sqlalchemy import MetaData

metadata = MetaData()
"""All tables owned by projections; infrastructure.readdb.metadata holds the service tables."""
