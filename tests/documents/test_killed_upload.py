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


def test_a_server_killed_mid_upload_leaves_nothing(store_urls, tmp_path, clock):
    import httpx

    from infrastructure.bootstrap import build
    from infrastructure.settings import Settings
    from tests.foi.test_http import REQUEST
    from tests.reliability.support import ApiServer, cli, server_env

    events_url, read_url = store_urls
    spool = tmp_path / "spool"
    spool.mkdir()
    env = server_env(
        events_url,
        tmp_path,
        POBRATYM_READ_DATABASE_URL=read_url,
        POBRATYM_FILES_DIR=str(tmp_path / "files"),
        TMPDIR=str(spool),
    )
    cli(env, "db", "upgrade")
    server = ApiServer(env, tmp_path).start()
    try:
        auth = {"Authorization": f"Bearer {token('clerk')}"}
        r = httpx.post(f"{server.url}/foi-requests", json=REQUEST, headers=auth, timeout=30)
        assert r.status_code == 201, r.text
        rid = r.json()["id"]
        boundary = "killed"
        head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(
                (
                    f"POST /foi-requests/{rid}/documents HTTP/1.1\r\nHost: x\r\n"
                    f"Authorization: Bearer {token('clerk')}\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                    f"Content-Length: {len(head) + 8_000_000}\r\n\r\n"
                ).encode()
                + head
                + PDF
                + b"x" * 3_000_000
            )
            time.sleep(0.5)  # the server is spooling the file
            server.kill()
    finally:
        server.kill()
    assert list(spool.iterdir()) == []
    rt = build(Settings.from_env(env), clock)
    try:
        from uuid import UUID

        assert rt.foi.get_request(UUID(rid)).version == 1
        assert stored_count(rt) == 0
    finally:
        rt.close()
