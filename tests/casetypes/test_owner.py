"""`owner`: the one word for whoever is responsible for a case, FOI requests included."""

from datetime import date

from tests.conftest import auth
from tests.reminders import scenario as sc


def test_an_foi_request_names_its_officer_owner_too_and_lists_by_either_word(runtime, client_for):
    rid = sc.foi(runtime, date(2026, 11, 16))  # assigned to taras
    runtime.extras["projections"].catch_up(timeout=30)
    client = client_for(runtime)
    position = runtime.app.position

    detail = client.get(f"/foi-requests/{rid}", headers=auth("clerk")).json()
    assert detail["officer"] == detail["owner"] == "taras"

    def listed(**params):
        params["min_position"] = position
        answer = client.get("/foi-requests", params=params, headers=auth("clerk"))
        assert answer.status_code == 200, answer.text
        return [(i["id"], i["officer"], i["owner"]) for i in answer.json()["items"]]

    assert listed(owner="taras") == listed(officer="taras") == [(str(rid), "taras", "taras")]
    assert listed(owner="olena") == []
    assert listed(owner="taras", officer="taras") == listed(officer="taras")


def test_owner_and_officer_naming_two_people_is_a_400_naming_owner(client):
    answer = client.get(
        "/foi-requests", params={"owner": "taras", "officer": "olena"}, headers=auth("clerk")
    )
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["owner"]
