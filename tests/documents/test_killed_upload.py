"""A killed upload leaves nothing: no event, no file, no temporary file, no database row."""

import io
import socket
import time
from urllib.parse import urlsplit

import pytest

from application.documents import Upload
from infrastructure.files import DirectoryFileStore
from interfaces.http.app import create_app
from tests.conftest import token
from tests.documents.helpers import register_request, stored_count, upload_of
from tests.documents.samples import PDF
from tests.http.live import live_server


def test_a_client_cut_off_mid_upload_leaves_nothing(runtime):
    rid = register_request(runtime)
    versions = runtime.foi.get_request(rid).version
    boundary = "cut"
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    declared = len(head) + 5_000_000
    with live_server(create_app(runtime)) as base:
        host, port = urlsplit(base).hostname, urlsplit(base).port
        with socket.create_connection((host, port), timeout=10) as s:
            request = (
                f"POST /foi-requests/{rid}/documents HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {token('clerk')}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {declared}\r\n\r\n"
            ).encode()
            s.sendall(request + head + PDF + b"x" * 1_000_000)
            time.sleep(0.3)  # the server has spooled part of it
        time.sleep(0.5)  # the server notices the disconnect and drops the spool
    assert runtime.foi.get_request(rid).version == versions
    assert stored_count(runtime) == 0


class Exploding(io.BytesIO):
    """A file whose reading fails half-way, as a process killed mid-copy would stop."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise KeyboardInterrupt("killed")
        return super().read(size)


def test_a_store_interrupted_mid_write_keeps_no_partial_file(runtime):
    data = PDF * 40_000  # several chunks
    good = upload_of(data)
    broken = Upload(Exploding(data), good.sha256, good.size, "big.pdf")
    with pytest.raises(KeyboardInterrupt):
        runtime.documents.files.put(broken)
    assert stored_count(runtime) == 0
    runtime.documents.files.put(upload_of(data))  # and the same file is kept whole later
    assert stored_count(runtime) == 1
    assert b"".join(runtime.documents.files.chunks(good.sha256)) == data


def test_a_partial_file_left_by_a_crash_is_swept_when_the_store_opens(tmp_path):
    store = DirectoryFileStore(tmp_path / "files")
    (store.incoming / "tmp123.part").write_bytes(b"half a file")
    DirectoryFileStore(tmp_path / "files")
    assert list(store.incoming.iterdir()) == []
