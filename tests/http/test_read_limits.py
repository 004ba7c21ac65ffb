"""Heavy reads are bounded: a statement timeout on read-model reads (PostgreSQL), indexes."""

import dataclasses

import pytest
from sqlalchemy import inspect, text

from interfaces.http import lists
from tests.conftest import auth

READER = auth("auditor")


def test_a_read_past_its_statement_timeout_is_503_with_retry_after(runtime, client, monkeypatch):
    if not runtime.settings.is_postgres:
        pytest.skip("SQLite has no statement timeout (an embedded, single-office store)")
    runtime.settings = dataclasses.replace(runtime.settings, read_statement_timeout=0.05)

    def heavy(conn, *args, **kwargs):
        conn.execute(text("SELECT pg_sleep(2)"))
        raise AssertionError("the statement timeout did not cut the read")

    monkeypatch.setattr(lists, "list_partners", heavy)
    r = client.get("/partners", headers=READER)
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"]
    assert r.json()["type"] == "urn:pobratym:problem:read-timeout"
    assert client.get("/agreements", headers=READER).status_code == 200


def test_the_reminder_filters_have_indexes(runtime):
    found = inspect(runtime.read_engine)
    reminders = {i["name"] for i in found.get_indexes("reminders")}
    deliveries = {i["name"] for i in found.get_indexes("reminder_deliveries")}
    assert {"ix_reminders_case_type", "ix_reminders_what"} <= reminders
    assert "ix_reminder_deliveries_status" in deliveries
