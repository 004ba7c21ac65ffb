"""Crypto-shredding, proved on SQLite and PostgreSQL: a contact person's data never enters the
event log in clear, and after erasure it is unreadable everywhere while the log's events, their
hashes and the audit chain stay intact (`pobratym audit verify` passes)."""

import json
import logging
from uuid import UUID

from click.testing import CliRunner
from sqlalchemy import select

from application.audit_export import AuditExport, ExportFilter
from infrastructure.audit_chain import audit_service, raw_log
from infrastructure.keyvault import personal_data_keys
from interfaces.cli import main
from projections.registry import PROJECTIONS
from tests.conftest import SECRET
from tests.contacts.helpers import (
    AUDITOR,
    MANAGER,
    PERSON,
    consul_body,
    contact,
    counterpart,
    event_digests,
    every_row,
    files_of,
    found,
    get,
    post,
)
from tests.projections.helpers import snapshot

ERASE = {"requested_on": "2026-11-20", "grounds": "the person's request under Art. 8 of 2297-VI"}


def exported(runtime, case_id: str) -> list[dict]:
    """The audit export's event records of one case (as `pobratym audit export` writes them)."""
    export = AuditExport(runtime.app, raw_log(runtime.app.recorder))
    lines = export.lines(ExportFilter(case_id=UUID(case_id)))
    return [line for line in lines if line["kind"] == "event"]


def verify_cli(runtime, monkeypatch) -> dict:
    """`pobratym audit verify --json` against the runtime's stores."""
    monkeypatch.setenv("POBRATYM_DATABASE_URL", runtime.settings.database_url)
    monkeypatch.setenv("POBRATYM_READ_DATABASE_URL", runtime.settings.read_url)
    monkeypatch.setenv("POBRATYM_SECRET_KEY", SECRET)
    result = CliRunner().invoke(main, ["audit", "verify", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_contact_is_sealed_in_the_log_and_erasure_makes_it_unreadable_everywhere(
    runtime, client, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)
    engine = runtime.extras["projections"]
    events_url, read_url = runtime.settings.database_url, runtime.settings.read_url
    org = counterpart(client)
    c = contact(client, org["id"])
    assert c["reference"] == "CNT-2026-0001" and c["person_state"] == "omitted"
    engine.catch_up()

    # Staff read the person in clear; an auditor never does.
    shown = get(client, f"/contacts/{c['id']}")
    assert shown["person"] == PERSON and shown["person_state"] == "clear"
    listed = get(client, f"/contacts?counterpart_id={org['id']}")["items"]
    assert listed[0]["person"]["email"] == PERSON["email"]
    assert get(client, f"/contacts/{c['id']}", AUDITOR)["person"] is None
    assert get(client, "/contacts", AUDITOR)["items"][0]["person_state"] == "hidden"

    # Before erasure: no plaintext in the event store (any table, raw file), nor in the read
    # database (read models, audit trail, idempotency answers), only ciphertext.
    assert found(every_row(events_url)) == [] and found(files_of(events_url)) == []
    assert found(every_row(read_url)) == [] and found(files_of(read_url)) == []
    history = get(client, f"/contacts/{c['id']}/history")["items"]
    assert history[0]["facts"]["sealed"] == "[sealed]"
    with runtime.read_engine.connect() as conn:
        key = conn.execute(select(personal_data_keys.c.data_key)).scalar_one()
    assert key is not None and len(key) == 32
    before = event_digests(runtime.app)
    assert verify_cli(runtime, monkeypatch)["ok"] is True
    records = exported(runtime, c["id"])
    assert records[0]["facts"]["sealed"] == "[sealed]" and records[0]["state_b64"] is None

    # Erase (a manager's command, with If-Match): the key is destroyed, `Erased` recorded.
    erased = client.post(
        f"/contacts/{c['id']}/erase", json=ERASE, headers={**MANAGER, "If-Match": '"1"'}
    )
    assert erased.status_code == 200, erased.text
    assert erased.json()["status"] == "erased" and erased.json()["person_state"] == "erased"
    engine.catch_up()

    # The events are untouched: the same states and hashes, one event more.
    after = event_digests(runtime.app)
    assert after[: len(before)] == before and len(after) == len(before) + 1
    report = verify_cli(runtime, monkeypatch)
    assert report["ok"] is True and report["checked"] == len(after)
    assert audit_service(runtime.app, runtime.read_engine).verify().ok

    # The key is gone (a tombstone remembers when), in the table and in the raw file.
    with runtime.read_engine.connect() as conn:
        row = conn.execute(select(personal_data_keys)).one()
    assert row.data_key is None and row.destroyed_at is not None
    assert key not in files_of(read_url)
    assert (
        runtime.contacts.person_of(runtime.contacts.get_contact(UUID(c["id"]), version=1)) is None
    )

    # Every reader says "erased": the case, every version of it, lists, history, the trail.
    for headers in ({}, AUDITOR):
        now = get(client, f"/contacts/{c['id']}", headers or None)
        old = get(client, f"/contacts/{c['id']}?version=1", headers or None)
        for shown in (now, old):
            assert shown["person"] is None and shown["person_state"] == "erased"
        history = get(client, f"/contacts/{c['id']}/history", headers or None)["items"]
        assert history[0]["facts"]["sealed"] == "[erased]"
        assert history[-1]["type"] == "Erased" and "erased" in history[-1]["description"]
    assert get(client, "/contacts")["items"][0]["person_state"] == "erased"
    trail = get(client, f"/audit/events?case_id={c['id']}", AUDITOR)["items"]
    assert [t["facts"].get("sealed") for t in trail] == ["[erased]", None]
    records = exported(runtime, c["id"])
    assert [r["facts"].get("sealed") for r in records] == ["[erased]", None]
    assert found(json.dumps(records).encode()) == []

    # Rebuilt read models are the same as the ones built live.
    tables = tuple(t for p in PROJECTIONS for t in p.tables)
    built = snapshot(runtime.read_engine, tables)
    for projection in PROJECTIONS:
        engine.rebuild(projection.name)
    assert snapshot(runtime.read_engine, tables) == built

    # Nowhere in clear, before or after: events, read database, raw files, logs.
    for blob in (every_row(events_url), every_row(read_url), files_of(events_url)):
        assert found(blob) == []
    assert found(caplog.text.encode()) == []


def test_an_erased_consul_keeps_the_office_on_record_and_the_chain_verifies(
    runtime, client, monkeypatch
):
    engine = runtime.extras["projections"]
    consul = post(client, "/consuls", consul_body(), 201)
    engine.catch_up()
    assert get(client, f"/consuls/{consul['id']}")["person"]["name"] == PERSON["name"]
    before = event_digests(runtime.app)
    post(client, f"/consuls/{consul['id']}/erase", ERASE, headers=MANAGER)
    engine.catch_up()
    assert event_digests(runtime.app)[: len(before)] == before
    assert verify_cli(runtime, monkeypatch)["ok"] is True
    shown = get(client, f"/consuls/{consul['id']}")
    assert (shown["person"], shown["person_state"]) == (None, "erased")
    assert (shown["represents"], shown["district"]) == ("AT", consul["district"])
    assert shown["status"] == "serving"  # the office is not erased, only the person
    listed = get(client, "/consuls?represents=AT")["items"]
    assert listed[0]["person_state"] == "erased"
    trail = get(client, f"/audit/events?case_id={consul['id']}", AUDITOR)["items"]
    assert trail[0]["facts"]["sealed"] == "[erased]"
    for url in (runtime.settings.database_url, runtime.settings.read_url):
        assert found(every_row(url)) == []


def test_nothing_can_be_sealed_for_an_erased_person_again(runtime, client):
    org = counterpart(client)
    c = contact(client, org["id"])
    post(client, f"/contacts/{c['id']}/erase", ERASE, headers=MANAGER)
    r = client.post(f"/contacts/{c['id']}/change", json={"person": PERSON}, headers=MANAGER)
    assert r.status_code == 409, r.text
    r = client.post(f"/contacts/{c['id']}/erase", json=ERASE, headers=MANAGER)
    assert r.status_code == 409, r.text
    assert runtime.vault.destroy(runtime.contacts.get_contact(UUID(c["id"])).key_id) is False
