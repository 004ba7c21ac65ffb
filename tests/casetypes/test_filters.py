"""Every filter on a case type takes every spelling of every case type, and refuses the rest."""

from datetime import date

import pytest

from domain.case_types import CASE_TYPES, EVERY_TYPE
from infrastructure.reminders import reminder_service
from tests.conftest import auth
from tests.reminders import scenario as sc

# filter -> (the types it can hold, the field its items name the case type in, its stored form)
FILTERS = {
    "/audit/events": (EVERY_TYPE, "case_type", "aggregate"),
    "/deadlines": (CASE_TYPES, "case_type", "slug"),
    "/reminders": (CASE_TYPES, "case_type", "slug"),
}


@pytest.fixture
def served(runtime, client_for):
    """An agreement, an FOI request and a shipment with deadlines and reminders, served."""
    sc.agreement(runtime, signed_on=date(2021, 12, 1))
    sc.foi(runtime, date(2026, 11, 16))
    sc.shipment(runtime, expected_on=date(2026, 11, 1))
    runtime.extras["projections"].catch_up(timeout=30)
    reminder_service(runtime).run()
    runtime.extras["projections"].catch_up(timeout=30)
    return client_for(runtime), runtime.app.position


def _listed(client, path, position, spelling):
    params = {"case_type": spelling, "min_position": position, "limit": 500}
    if path == "/deadlines":
        params["as_of"] = "2026-11-23"
    answer = client.get(path, params=params, headers=auth("admin"))
    assert answer.status_code == 200, (path, spelling, answer.text)
    return answer.json()["items"]


@pytest.mark.parametrize("path", FILTERS)
def test_every_spelling_of_every_case_type_selects_the_same_items_on_every_filter(served, path):
    client, position = served
    types, field, stored = FILTERS[path]
    seen = 0
    for case_type in types:
        answers = [_listed(client, path, position, s) for s in case_type.spellings]
        assert len(case_type.spellings) >= 2
        assert all(a == answers[0] for a in answers), (path, case_type.slug)
        assert {i[field] for i in answers[0]} <= {getattr(case_type, stored)}
        seen += len(answers[0])
    assert seen > 0  # the scenario put something in every list


def test_the_three_scenario_case_types_show_up_under_their_own_filter(served):
    client, position = served
    for path in FILTERS:
        for slug in ("agreement", "foi_request", "shipment"):
            assert _listed(client, path, position, slug), (path, slug)


@pytest.mark.parametrize("path", FILTERS)
@pytest.mark.parametrize("spelling", ["aid_shipments", "Foi", "agreementz", "x"])
def test_an_unknown_case_type_is_a_400_problem_naming_the_parameter(served, path, spelling):
    client, _ = served
    answer = client.get(path, params={"case_type": spelling}, headers=auth("admin"))
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert [e["field"] for e in problem["errors"]] == ["case_type"]
    assert spelling in problem["detail"] and "shipment" in problem["errors"][0]["message"]


@pytest.mark.parametrize("path", FILTERS)
def test_a_case_type_of_the_wrong_shape_is_refused_by_the_schema(served, path):
    client, _ = served
    answer = client.get(path, params={"case_type": "1; drop"}, headers=auth("admin"))
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["case_type"]
