"""No valid request stops a read model, and a stopped one never shows row data to anyone."""

import json
from typing import Any

import pytest
from click.testing import CliRunner

from domain.partner import Partner
from interfaces.cli import main
from projections.partners import PartnersProjection
from projections.runtime.engine import ProjectionEngine
from projections.runtime.projection import handles
from projections.runtime.rows import Rows
from tests.conftest import SECRET, auth
from tests.foi.test_http import REQUEST
from tests.projections.helpers import register_partners

CLERK, ADMIN = auth("clerk"), auth("admin")
PERSONAL = ("Olena Kovalenko", "olena.k@example.ua", "+380 57 725 2000")


@pytest.fixture
def running(runtime):
    """The projection engine running in the background, as under `pobratym serve`."""
    engine = runtime.extras["projections"]
    engine.start()
    yield engine
    engine.close()


def test_a_transfer_to_a_holder_named_in_500_characters_is_listed_and_the_list_keeps_going(
    client, running
):
    rid = client.post("/foi-requests", json=REQUEST, headers=CLERK).json()["id"]
    holder = "Регіональний офіс " + "x" * 482
    assert len(holder) == 500
    r = client.post(
        f"/foi-requests/{rid}/transfer",
        json={
            "to_holder": holder,
            "transferred_on": "2026-11-10",
            "requester_notified_on": "2026-11-10",
        },
        headers=CLERK,
    )
    assert r.status_code == 200, r.text
    after = client.post("/foi-requests", json=REQUEST, headers=CLERK).json()

    r = client.get(f"/foi-requests?min_position={after['position']}", headers=ADMIN)
    assert r.status_code == 200, r.text
    items = {i["id"]: i for i in r.json()["items"]}
    assert set(items) == {rid, after["id"]}
    assert items[rid]["status"] == "transferred"
    assert running.status()[0].last_error is None
    assert all(p["error"] is None for p in client.get("/health").json()["projections"].values())


class LeakyPartners(PartnersProjection):
    """The partners read model with a handler whose error quotes the row (names, contacts)."""

    @handles(Partner.Registered)
    def registered(self, rows: Rows, e: Any, position: int) -> None:
        """Fail on the second partner, quoting it."""
        if e.name.endswith("0001"):
            raise ValueError(f"cannot list {PERSONAL[0]} <{PERSONAL[1]}> {PERSONAL[2]} {e.name}")
        super().registered(rows, e, position)


def test_a_failing_handler_shows_class_and_position_only_on_health_and_status(
    runtime, client, store_urls
):
    made = register_partners(runtime, 3, prefix="Kovalenko")
    engine = ProjectionEngine(runtime.app, runtime.read_engine, [LeakyPartners], retry_seconds=60)
    engine.catch_up()
    runtime.extras["projections"].close()
    runtime.extras["projections"] = engine

    [status] = engine.status()
    assert status.error_position is not None
    assert status.last_error.startswith("ValueError ")
    assert f"position {status.error_position}" in status.last_error
    assert str(made[1].id) in status.last_error

    health = client.get("/health")
    assert health.status_code == 503  # a stopped projection: not ready
    assert "projection partners stopped on an error" in " ".join(health.json()["reasons"])
    shown = health.json()["projections"]["partners"]
    assert shown["error"] == status.last_error
    assert shown["error_position"] == status.error_position

    env = {
        "POBRATYM_DATABASE_URL": store_urls[0],
        "POBRATYM_READ_DATABASE_URL": store_urls[1],
        "POBRATYM_SECRET_KEY": SECRET,
    }
    runner = CliRunner()
    as_json = runner.invoke(main, ["projections", "status", "--json"], env=env)
    as_table = runner.invoke(main, ["projections", "status"], env=env)
    assert as_json.exit_code == 0 and as_table.exit_code == 0, as_json.output + as_table.output
    [stored] = [s for s in json.loads(as_json.output) if s["name"] == "partners"]
    assert stored["last_error"] == status.last_error

    for text in (status.last_error, health.text, as_json.output, as_table.output):
        for datum in (*PERSONAL, "Kovalenko", "cannot list"):
            assert datum not in text


def test_an_error_stored_before_the_upgrade_keeps_only_its_class(runtime):
    from alembic import command
    from sqlalchemy import update

    from infrastructure.migrations import alembic_config
    from projections.runtime.positions import projection_positions as P

    runtime.extras["projections"].ensure_rows()
    with runtime.read_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007_search_indexes")
        conn.execute(
            update(P)
            .where(P.c.name == "partners")
            .values(last_error=f"DataError: (psycopg.errors.X) [parameters: {PERSONAL}]")
        )
        command.upgrade(alembic_config(conn), "heads")
    with runtime.read_engine.connect() as conn:
        stored = conn.execute(P.select().where(P.c.name == "partners")).one().last_error
    assert stored.startswith("DataError ")
    assert not [d for d in PERSONAL if d in stored]
