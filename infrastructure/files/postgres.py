"""Files kept in PostgreSQL itself, beside the events: one backup holds the record and its papers.

Each file is one row in `document_files` and its bytes in 1 MiB `bytea` chunks in
`document_chunks`, written in one transaction: a killed upload rolls back and leaves nothing.
Large objects were the alternative; plain tables need no `lo_unlink` housekeeping, go through
pg_dump like any table and are read a chunk at a time, so memory stays bounded.
"""

import hashlib
from collections.abc import Iterator

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert

from application.documents import Upload
from infrastructure.readdb import create_read_engine

CHUNK = 1024 * 1024

metadata = MetaData()
files = Table(
    "document_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("chunks", Integer, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
chunks = Table(
    "document_chunks",
    metadata,
    Column(
        "sha256",
        String(64),
        ForeignKey("document_files.sha256", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)


def create_file_tables(engine: Engine) -> None:
    """Create the file tables in the events' database if missing (`pobratym db upgrade`)."""
    metadata.create_all(engine, checkfirst=True)


class PostgresFileStore:
    """A content-addressed store of files in PostgreSQL tables."""

    def __init__(self, database_url: str, engine: Engine | None = None) -> None:
        self.engine = engine or create_read_engine(database_url, pool_size=2)

    def put(self, upload: Upload) -> None:
        """Keep the bytes under their hash in one transaction; a second put of a hash waits for
        the first to commit, then does nothing."""
        count = -(-upload.size // CHUNK)
        with self.engine.begin() as conn:
            claimed = conn.execute(
                insert(files)
                .values(sha256=upload.sha256, size=upload.size, chunks=count)
                .on_conflict_do_nothing()
                .returning(files.c.sha256)
            ).first()
            if claimed is None:
                return
            digest = hashlib.sha256()
            upload.file.seek(0)
            seq = 0
            while block := upload.file.read(CHUNK):
                digest.update(block)
                conn.execute(chunks.insert().values(sha256=upload.sha256, seq=seq, data=block))
                seq += 1
            upload.file.seek(0)
            if digest.hexdigest() != upload.sha256:
                raise ValueError("the upload changed while it was being kept")

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The bytes, one chunk per query (FileNotFoundError if the hash is not kept)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(files.c.chunks).where(files.c.sha256 == sha256)).first()
        if row is None:
            raise FileNotFoundError(sha256)
        return self._chunks(sha256, row.chunks)

    def _chunks(self, sha256: str, count: int) -> Iterator[bytes]:
        for seq in range(count):
            with self.engine.connect() as conn:
                data = conn.execute(
                    select(chunks.c.data).where(chunks.c.sha256 == sha256, chunks.c.seq == seq)
                ).scalar_one_or_none()
            if data is None:
                return
            yield bytes(data)

    def digest(self, sha256: str) -> str | None:
        """The SHA-256 of the chunks kept under the hash now, or None if nothing is."""
        with self.engine.connect() as conn:
            if conn.execute(select(files.c.sha256).where(files.c.sha256 == sha256)).first() is None:
                return None
            h = hashlib.sha256()
            result = conn.execution_options(yield_per=4).execute(
                select(chunks.c.data).where(chunks.c.sha256 == sha256).order_by(chunks.c.seq)
            )
            for (data,) in result:
                h.update(data)
            return h.hexdigest()

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()
