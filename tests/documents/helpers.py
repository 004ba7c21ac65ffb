"""Attach files through the application, and reach into the file stores as an intruder would."""

import hashlib
import io
from uuid import UUID

from sqlalchemy import text

from application.commands.documents import AttachDocument
from application.commands.foi import RegisterFoiRequest
from application.documents import Upload
from application.service import Caller
from infrastructure.bootstrap import Runtime
from infrastructure.files import DirectoryFileStore, PostgresFileStore
from tests.foi.test_http import REQUEST

CLERK = Caller(actor="olena", role="clerk")


def register_request(rt: Runtime) -> UUID:
    """A registered FOI request; its id."""
    import msgspec

    cmd = msgspec.convert(REQUEST, RegisterFoiRequest)
    return rt.foi.register_foi_request(cmd, CLERK).case.id


def upload_of(data: bytes, name: str = "letter.pdf", declared: str | None = None) -> Upload:
    """An upload as the HTTP layer hands it over."""
    return Upload(io.BytesIO(data), hashlib.sha256(data).hexdigest(), len(data), name, declared)


def attach(rt: Runtime, case_id: UUID, data: bytes, name: str = "letter.pdf", kind: str = "other"):
    """Attach a file to an FOI request; the document."""
    cmd = AttachDocument(kind=kind)
    _, doc = rt.documents.attach_document(
        "foi-requests", case_id, cmd, upload_of(data, name), CLERK
    )
    return doc


def flip_a_byte(rt: Runtime, sha256: str, at: int = 10) -> None:
    """Change one stored byte behind the application's back."""
    store = rt.documents.files
    if isinstance(store, DirectoryFileStore):
        path = store.path(sha256)
        data = bytearray(path.read_bytes())
        data[at] ^= 0xFF
        path.write_bytes(bytes(data))
        return
    assert isinstance(store, PostgresFileStore)
    with store.engine.begin() as conn:
        row = conn.execute(
            text("SELECT data FROM document_chunks WHERE sha256 = :h AND seq = 0"), {"h": sha256}
        ).one()
        data = bytearray(row.data)
        data[at] ^= 0xFF
        conn.execute(
            text("UPDATE document_chunks SET data = :d WHERE sha256 = :h AND seq = 0"),
            {"d": bytes(data), "h": sha256},
        )


def remove(rt: Runtime, sha256: str) -> None:
    """Delete a stored file behind the application's back."""
    store = rt.documents.files
    if isinstance(store, DirectoryFileStore):
        store.path(sha256).unlink()
        return
    assert isinstance(store, PostgresFileStore)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM document_files WHERE sha256 = :h"), {"h": sha256})


def stored_count(rt: Runtime) -> int:
    """How many files the store holds (and, on disk, no stray temporary files)."""
    store = rt.documents.files
    if isinstance(store, DirectoryFileStore):
        assert list(store.incoming.iterdir()) == []
        return sum(1 for p in store.root.glob("??/*") if p.is_file())
    assert isinstance(store, PostgresFileStore)
    with store.engine.connect() as conn:
        files = conn.execute(text("SELECT count(*) FROM document_files")).scalar_one()
        chunks = conn.execute(text("SELECT count(*) FROM document_chunks")).scalar_one()
    assert (files == 0) == (chunks == 0)
    return int(files)
