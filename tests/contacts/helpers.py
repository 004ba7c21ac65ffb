"""Shared bodies, steps and probes of the directory, consul and membership tests."""

import hashlib
from pathlib import Path

from sqlalchemy import MetaData, select

from infrastructure.readdb import create_read_engine
from tests.conftest import auth

CLERK = auth("clerk", "olena")
MANAGER = auth("manager", "iryna")
AUDITOR = auth("auditor", "audit-office")

# A person no other test or demo record holds: each string is looked for in every store.
PERSON = {
    "name": "Zoryana Kvitkova-Probe",
    "position": "Second Secretary, Consular Section",
    "email": "z.kvitkova.probe@example.org",
    "phone": "+380 57 700 12 34",
    "language": "uk",
}
PLAINTEXTS = ("Zoryana", "Kvitkova", "kvitkova.probe@example.org", "700 12 34", "Second Secretary")


def post(client, path: str, body: dict, status: int = 200, headers: dict | None = None) -> dict:
    r = client.post(path, json=body, headers=headers or CLERK)
    assert r.status_code == status, r.text
    return r.json()


def get(client, path: str, headers: dict | None = None, status: int = 200) -> dict:
    r = client.get(path, headers=headers or CLERK)
    assert r.status_code == status, r.text
    return r.json()


def counterpart(client, **overrides) -> dict:
    body = {
        "name": "Embassy of the Republic of Poland in Ukraine",
        "country": "PL",
        "kind": "diplomatic_mission",
        "city": "Kyiv",
    }
    body.update(overrides)
    return post(client, "/counterparts", body, 201)


def contact(client, counterpart_id: str, person: dict | None = None) -> dict:
    body = {"counterpart_id": counterpart_id, "person": person or PERSON}
    return post(client, "/contacts", body, 201)


def consul_body(**overrides) -> dict:
    body = {
        "person": PERSON,
        "represents": "AT",
        "seat_country": "UA",
        "seat_city": "Kharkiv",
        "district": "Kharkiv, Poltava and Sumy regions",
        "appointed_on": "2020-05-12",
        "term_ends_on": "2027-02-01",
    }
    body.update(overrides)
    return body


def every_row(url: str) -> bytes:
    """Every value of every table of a database (a schema on PostgreSQL), as bytes to grep."""
    engine = create_read_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        out = bytearray()
        with engine.connect() as conn:
            for table in meta.sorted_tables:
                for row in conn.execute(select(table)):
                    for value in row:
                        raw = value if isinstance(value, bytes | memoryview) else str(value)
                        out += bytes(raw) if not isinstance(raw, str) else raw.encode()
                        out += b"\x00"
        return bytes(out)
    finally:
        engine.dispose()


def files_of(url: str) -> bytes:
    """The raw bytes of a SQLite database and its WAL (free pages included); b"" otherwise."""
    if not url.startswith("sqlite:///"):
        return b""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def found(blob: bytes) -> list[str]:
    """The probe's plaintexts present in a blob."""
    return [p for p in PLAINTEXTS if p.encode() in blob]


def event_digests(app) -> list[tuple[int, str]]:
    """(position, SHA-256 of the stored state) of every event in the log."""
    out = []
    for n in app.recorder.select_notifications(start=1, limit=100_000):
        out.append((n.id, hashlib.sha256(n.state).hexdigest()))
    return out
