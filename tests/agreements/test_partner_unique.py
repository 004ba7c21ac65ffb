"""Partners are unique by name and country (DOMAIN.md §7), on SQLite and PostgreSQL."""

import pytest

from application.commands.partners import RegisterPartner
from application.errors import DuplicatePartner
from application.service import Caller
from tests.conftest import auth

CLERK = auth("clerk", "olena")
WROCLAW = {"name": "Wrocław", "name_uk": "Вроцлав", "country": "PL", "kind": "city"}


def register(client, body: dict, status: int = 201) -> dict:
    r = client.post("/partners", json=body, headers=CLERK)
    assert r.status_code == status, r.text
    return r.json()


@pytest.mark.parametrize(
    "second",
    [
        {"name": "Wroclaw"},
        {"name": "WROCŁAW"},
        {"name": "Вроцлав"},
        {"name": "Breslau", "name_uk": "Вроцлав"},
    ],
)
def test_a_second_wroclaw_in_poland_is_refused_pointing_to_the_first(runtime, client, second):
    first = register(client, WROCLAW)
    before = runtime.app.position
    r = client.post("/partners", json={"country": "pl", "kind": "city", **second}, headers=CLERK)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["type"].endswith("duplicate-partner")
    assert problem["existing_id"] == first["id"]
    assert problem["existing"] == f"/partners/{first['id']}"
    assert r.headers["location"] == f"/partners/{first['id']}"
    assert runtime.app.position == before  # nothing stored


def test_the_same_name_in_another_country_and_another_name_are_accepted(client):
    register(client, WROCLAW)
    register(client, {**WROCLAW, "country": "DE"})
    register(client, {"name": "Warsaw", "country": "PL", "kind": "city"})


def test_a_distinct_partner_of_the_same_name_is_registered_with_its_reason(client):
    first = register(client, WROCLAW)
    refused = register(client, {**WROCLAW, "distinct": True}, 422)
    assert [e["field"] for e in refused["errors"]] == ["distinct_reason"]
    reason = "Wrocław University, not the city"
    second = register(client, {**WROCLAW, "kind": "organisation", "distinct": True,
                               "distinct_reason": reason})  # fmt: skip
    assert second["id"] != first["id"]
    history = client.get(f"/partners/{second['id']}/history", headers=CLERK).json()
    assert reason in str(history)
    # A third Wrocław is still refused, pointing to the first.
    again = register(client, {**WROCLAW, "name_uk": None}, 409)
    assert again["existing_id"] == first["id"]


def test_two_registrations_racing_for_one_name_store_one_partner(runtime, monkeypatch):
    """The claim, not the look-up, is the rule: both pass the look-up, one insert wins."""
    olena = Caller("olena")
    monkeypatch.setattr(runtime.partners, "name_holder", lambda country, key: None)
    first = runtime.partners.register_partner(
        RegisterPartner(name="Wrocław", country="PL", kind="city"), olena
    )
    monkeypatch.undo()
    before = runtime.app.position
    with pytest.raises(DuplicatePartner) as refused:
        runtime.partners.register_partner(
            RegisterPartner(name="Вроцлав", country="PL", kind="city"), olena
        )
    assert refused.value.existing_id == first.case.id
    assert runtime.app.position == before
