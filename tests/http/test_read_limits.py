"""Heavy reads are bounded: a statement time limit on read-model reads, indexes for filters."""

import pytest
from sqlalchemy import inspect, select, text

from projections.reads import models
from tests.conftest import auth

READER = auth("auditor")


def test_a_read_past_its_statement_timeout_is_503_with_retry_after(runtime, client, monkeypatch):
    runtime.settings = runtime.settings.model_copy(update={"read_statement_timeout": 0.05})
    endless = (
        "SELECT pg_sleep(5)"
        if runtime.settings.is_postgres
        else "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
        "SELECT count(*) FROM n"
    )

    def heavy(conn, *args, **kwargs):
        conn.execute(text(endless))
        raise AssertionError("the statement timeout did not cut the read")

    with monkeypatch.context() as patched:  # undone alone: other fixtures' patches stay
        patched.setattr(models, "list_partners", heavy)
        r = client.get("/partners", headers=READER)
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"]
    assert r.json()["type"] == "urn:pobratym:problem:read-timeout"
    runtime.settings = runtime.settings.model_copy(update={"read_statement_timeout": 5.0})
    assert client.get("/partners", headers=READER).status_code == 200, "the next read is served"


def test_the_reminder_filters_have_indexes(runtime):
    found = inspect(runtime.read_engine)
    reminders = {i["name"] for i in found.get_indexes("reminders")}
    deliveries = {i["name"] for i in found.get_indexes("reminder_deliveries")}
    assert {"ix_reminders_case_type", "ix_reminders_what"} <= reminders
    assert "ix_reminder_deliveries_status" in deliveries


def test_pending_reminders_are_found_through_the_delivery_status_index(runtime):
    """Not by probing the deliveries of every reminder (6.7 s at 529k reminders)."""
    if runtime.settings.is_postgres:
        pytest.skip("PostgreSQL plans by statistics; SQLite's plan follows the query's form")
    from infrastructure.outbox import _delivery_clause
    from projections.reminders import reminders

    query = (
        select(reminders)
        .where(_delivery_clause("pending"))
        .order_by(reminders.c.position.desc())
        .limit(51)
    )
    compiled = query.compile(runtime.read_engine, compile_kwargs={"literal_binds": True})
    with runtime.read_engine.connect() as conn:
        plan = [str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert not any(step.startswith("SCAN reminders") for step in plan), plan
    assert any("ix_reminder_deliveries_status" in step for step in plan), plan
