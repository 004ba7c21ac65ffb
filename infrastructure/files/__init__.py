"""Keeping the bytes of attached documents: a spool for uploads and the FileStore adapters."""

from pathlib import Path

from application.documents import FileStore
from infrastructure.files.directory import DirectoryFileStore
from infrastructure.files.postgres import PostgresFileStore
from infrastructure.files.spool import Spool
from infrastructure.settings import Settings

__all__ = ["DirectoryFileStore", "PostgresFileStore", "Spool", "file_store", "files_dir"]


def files_dir(settings: Settings) -> Path:
    """Where files live on the embedded store: POBRATYM_FILES_DIR, else beside the SQLite file."""
    if settings.files_dir is not None:
        return settings.files_dir
    if settings.database_url.startswith("sqlite:///"):
        return Path(settings.database_url.removeprefix("sqlite:///")).parent / "files"
    return settings.home / "files"


def file_store(settings: Settings) -> FileStore:
    """PostgreSQL deployments keep files in the events' database (one backup holds both)."""
    if settings.is_postgres:
        return PostgresFileStore(settings.database_url)
    return DirectoryFileStore(files_dir(settings))
