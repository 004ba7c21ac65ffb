"""The directory, consuls and memberships over HTTP on SQLite and PostgreSQL: references, bad
input (422 naming the field, nothing stored), roles, If-Match, Idempotency-Key, lists, as-of."""

from tests.contacts.helpers import (
    AUDITOR,
    CLERK,
    MANAGER,
    PERSON,
    consul_body,
    contact,
    counterpart,
    every_row,
    found,
    get,
    post,
)


def events(runtime) -> int:
    return runtime.app.position


def refused(client, path: str, body: dict, field: str, runtime, status: int = 422) -> dict:
    """A refusal naming `field`, with nothing stored."""
    before = events(runtime)
    r = client.post(path, json=body, headers=CLERK)
    assert r.status_code == status, r.text
    problem = r.json()
    assert field in {e["field"] for e in problem.get("errors", [])}, problem
    assert events(runtime) == before
    return problem


def test_references_are_gapless_per_year_for_each_case_type(client):
    org = counterpart(client)
    assert org["reference"] == "CPT-2026-0001"
    assert counterpart(client, name="OSCE")["reference"] == "CPT-2026-0002"
    assert contact(client, org["id"])["reference"] == "CNT-2026-0001"
    assert contact(client, org["id"])["reference"] == "CNT-2026-0002"
    assert post(client, "/consuls", consul_body(), 201)["reference"] == "HCN-2026-0001"
    joined = {"association": "Eurocities", "joined_on": "2016-01-01"}
    assert post(client, "/memberships", joined, 201)["reference"] == "MEM-2026-0001"


def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(client, runtime):
    org = counterpart(client)
    body = consul_body(appointed_on="2020-05-12", term_ends_on="2020-05-01")
    problem = refused(client, "/consuls", body, "term_ends_on", runtime)
    assert "Zoryana" not in str(problem)  # a refusal never quotes the person
    refused(
        client, "/consuls", consul_body(represents="PL", seat_country="DE"), "represents", runtime
    )
    refused(client, "/consuls", consul_body(appointed_on="2027-01-01"), "appointed_on", runtime)
    refused(client, "/consuls", consul_body(represents="RU"), "represents", runtime)
    bad_mail = {**PERSON, "email": "z.kvitkova at example"}
    problem = refused(
        client,
        "/contacts",
        {"counterpart_id": org["id"], "person": bad_mail},
        "person.email",
        runtime,
    )
    assert "example" not in str(problem)
    bad_phone = {**PERSON, "phone": "call me"}
    refused(
        client,
        "/contacts",
        {"counterpart_id": org["id"], "person": bad_phone},
        "person.phone",
        runtime,
    )
    unknown = "00000000-0000-4000-8000-000000000000"
    refused(
        client,
        "/contacts",
        {"counterpart_id": unknown, "person": PERSON},
        "counterpart_id",
        runtime,
    )
    refused(client, "/contacts", {"partner_id": unknown, "person": PERSON}, "partner_id", runtime)
    refused(client, "/contacts", {"person": PERSON}, "counterpart_id", runtime)
    refused(
        client, "/counterparts", {"name": "X", "country": "RU", "kind": "other"}, "country", runtime
    )
    joined = {
        "association": "Eurocities",
        "joined_on": "2016-01-01",
        "renewal_due_on": "2015-12-31",
    }
    refused(client, "/memberships", joined, "renewal_due_on", runtime)
    # Nothing was sealed for the refused people either: no key was made.
    with runtime.read_engine.connect() as conn:
        keys = conn.exec_driver_sql("SELECT count(*) FROM personal_data_keys").scalar()
    assert keys == 0


def test_auditors_read_but_never_write_and_only_managers_erase(client):
    org = counterpart(client)
    c = contact(client, org["id"])
    for path, body in (
        ("/counterparts", {"name": "OSCE", "country": "AT", "kind": "international_organisation"}),
        ("/contacts", {"counterpart_id": org["id"], "person": PERSON}),
        ("/consuls", consul_body()),
        ("/memberships", {"association": "Eurocities", "joined_on": "2016-01-01"}),
    ):
        assert client.post(path, json=body, headers=AUDITOR).status_code == 403
    erase = {"requested_on": "2026-11-20", "grounds": "request"}
    assert client.post(f"/contacts/{c['id']}/erase", json=erase, headers=AUDITOR).status_code == 403
    assert client.post(f"/contacts/{c['id']}/erase", json=erase, headers=CLERK).status_code == 403
    assert get(client, f"/counterparts/{org['id']}", AUDITOR)["name"] == org["name"]
    assert get(client, f"/contacts/{c['id']}", AUDITOR)["person_state"] == "hidden"
    assert client.post(f"/contacts/{c['id']}/erase", json=erase, headers=MANAGER).status_code == 200


def test_if_match_and_idempotency_key_and_no_person_in_stored_answers(client, runtime):
    org = counterpart(client)
    body = {"counterpart_id": org["id"], "person": PERSON}
    headers = {**CLERK, "Idempotency-Key": "contact-1"}
    first = client.post("/contacts", json=body, headers=headers)
    again = client.post("/contacts", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["person"] is None
    cid = first.json()["id"]
    changed = {"person": {**PERSON, "phone": "+380 57 700 99 99"}}
    stale = client.post(
        f"/contacts/{cid}/change", json=changed, headers={**CLERK, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    ok = client.post(f"/contacts/{cid}/change", json=changed, headers={**CLERK, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    assert get(client, f"/contacts/{cid}")["person"]["phone"] == "+380 57 700 99 99"
    assert get(client, f"/contacts/{cid}?version=1")["person"]["phone"] == PERSON["phone"]
    # The stored answers of Idempotency-Key (read database) hold no person in clear.
    assert found(every_row(runtime.settings.read_url)) == []


def test_lists_filter_and_search_the_office_never_the_person(client, runtime):
    engine = runtime.extras["projections"]
    mission = counterpart(client)
    osce = counterpart(
        client,
        name="OSCE Special Monitoring Mission",
        country="AT",
        kind="international_organisation",
    )
    contact(client, mission["id"])
    contact(client, osce["id"], {**PERSON, "name": "Another Person"})
    post(client, "/consuls", consul_body(), 201)
    post(
        client,
        "/consuls",
        consul_body(
            represents="UA",
            seat_country="DE",
            seat_city="Munich",
            district="Bavaria",
            term_ends_on="2029-01-01",
        ),
        201,
    )
    post(client, "/memberships", {"association": "Eurocities", "joined_on": "2016-01-01"}, 201)
    engine.catch_up()
    kinds = get(client, "/counterparts?kind=international_organisation")["items"]
    assert [c["name"] for c in kinds] == [osce["name"]]
    assert [c["country"] for c in get(client, "/counterparts?q=polan")["items"]] == ["PL"]
    assert len(get(client, "/contacts?q=osce")["items"]) == 1
    assert get(client, "/contacts?q=zoryana")["items"] == []  # no search over personal data
    abroad = get(client, "/consuls?of_ukraine=true")["items"]
    assert [(c["seat_city"], c["represents"]) for c in abroad] == [("Munich", "UA")]
    assert [c["represents"] for c in get(client, "/consuls?q=poltava")["items"]] == ["AT"]
    assert len(get(client, "/consuls?term_ends_before=2027-03-01")["items"]) == 1
    assert get(client, "/memberships?q=eurocit")["items"][0]["association"] == "Eurocities"
    page = get(client, "/counterparts?limit=1")
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = get(client, f"/counterparts?limit=1&cursor={page['next_cursor']}")["items"]
    assert rest[0]["id"] != page["items"][0]["id"]


def test_a_consul_as_of_a_version_and_its_history(client, runtime):
    consul = post(client, "/consuls", consul_body(), 201)
    extended = client.post(
        f"/consuls/{consul['id']}/extend",
        json={"term_ends_on": "2032-02-01", "decision_ref": "MFA 71/22-2027"},
        headers={**CLERK, "If-Match": '"1"'},
    )
    assert extended.status_code == 200, extended.text
    assert get(client, f"/consuls/{consul['id']}?version=1")["term_ends_on"] == "2027-02-01"
    assert get(client, f"/consuls/{consul['id']}")["term_ends_on"] == "2032-02-01"
    history = get(client, f"/consuls/{consul['id']}/history", AUDITOR)["items"]
    assert [h["type"] for h in history] == ["Appointed", "TermExtended"]
    assert history[0]["facts"]["sealed"] == "[sealed]"
    assert "Почесного" not in history[0]["description_uk"] and history[0]["description_uk"]
    shorter = {"term_ends_on": "2030-01-01", "decision_ref": "x"}
    r = client.post(f"/consuls/{consul['id']}/extend", json=shorter, headers=CLERK)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "term_ends_on"
