"""The audit trail: one row per event in log order, filtered, paginated, no contact details."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from application.commands.foi import AssignFoiRequest, RegisterFoiRequest, RequesterBody
from application.service import Caller
from domain.meta import Ctx
from domain.partner import Partner
from projections.audit_query import AuditTrailQuery
from projections.audit_trail import (
    AuditTrailProjection,
    AuditTrailReader,
    audit_events,
    domain_event_classes,
)
from projections.paging import BadCursor
from tests.audit.scenario import write_history
from tests.audit.tamper import Tamper
from tests.conftest import auth
from tests.foi.builders import registered
from tests.projections.helpers import feed, snapshot

KYIV = ZoneInfo("Europe/Kyiv")
EMAIL, PHONE, POSTAL = "ed@gwara.ua", "+380 57 700 00 00", "61002, Kharkiv, Sumska St 1"
CONTACTS = (EMAIL, PHONE, POSTAL)
WRITER = RequesterBody(
    name="Gwara Media", kind="media", email=EMAIL, phone=PHONE, postal_address=POSTAL
)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def ctx(actor: str) -> Ctx:
    return Ctx(actor=actor, today=date(2026, 11, 23), now=datetime(2026, 11, 23, 12, tzinfo=KYIV))


def at(event, moment: datetime):
    """Give a (not yet stored) event a chosen time: the trail's time filters are tested exactly."""
    object.__setattr__(event, "timestamp", moment)
    return event


@pytest.fixture
def fed(runtime):
    """Partners, an FOI request with every kind of contact detail, one event per day."""
    brno = Partner.register(ctx("olena"), name="Brno", country="CZ", kind="city")
    lille = Partner.register(ctx("taras"), name="Lille", country="FR", kind="city")
    brno.suspend(ctx("taras"), decided_on=date(2026, 2, 1), decision_ref="7/2026")
    foi = registered(requester=WRITER.to_domain())
    foi.assign(ctx("olena"), officer="taras")
    events = [*brno.collect_events(), *lille.collect_events(), *foi.collect_events()]
    events = [at(e, START + timedelta(days=i)) for i, e in enumerate(events)]
    # Positions with gaps, as PostgreSQL leaves them after rolled-back saves.
    projection = AuditTrailProjection()
    for i, event in enumerate(events):
        feed(runtime.read_engine, projection, [event], start=10 + 3 * i)
    return runtime, events, {"brno": brno.id, "lille": lille.id, "foi": foi.id}


def trail(runtime, **filters) -> list[dict]:
    """Every item of the trail under filters, following the cursors with small pages."""
    reader = AuditTrailReader(runtime.read_engine)
    items, cursor = [], None
    while True:
        page = reader.events(AuditTrailQuery(limit=2, cursor=cursor, **filters))
        items += page.items
        assert len(page.items) <= 2
        cursor = page.next_cursor
        if cursor is None:
            return items


def test_every_aggregates_events_are_in_the_trail():
    names = {c.__qualname__ for c in domain_event_classes()}
    expected = {"Partner.Registered", "Agreement.Signed", "FoiRequest.Registered"}
    expected |= {"AidShipment.Announced", "ReferenceSequence.Issued"}
    assert expected <= names
    assert AuditTrailProjection.event_classes()


def test_the_trail_has_one_row_per_event_in_log_order_with_its_record_fields(fed):
    runtime, events, ids = fed
    items = trail(runtime)
    assert [i["position"] for i in items] == [10 + 3 * i for i in range(len(events))]
    first = items[0]
    assert first["case_id"] == ids["brno"] and first["case_type"] == "Partner"
    assert (first["type"], first["version"], first["actor"]) == ("Registered", 1, "olena")
    assert first["at"] == START and first["at"].tzinfo is not None
    assert first["description"] == "Registered Brno (CZ), city"
    assert first["description_uk"] == "Зареєстровано партнера Brno (CZ): місто"
    assert first["facts"]["name"] == "Brno"
    assert [i["case_type"] for i in items] == ["Partner"] * 3 + ["FoiRequest"] * 2


def test_the_trail_filters_by_actor_case_case_type_and_event_type(fed):
    runtime, _, ids = fed
    assert {i["actor"] for i in trail(runtime, actor="taras")} == {"taras"}
    assert len(trail(runtime, actor="taras")) == 2
    assert [i["type"] for i in trail(runtime, case_id=ids["brno"])] == ["Registered", "Suspended"]
    assert {i["case_id"] for i in trail(runtime, case_type="FoiRequest")} == {ids["foi"]}
    assert len(trail(runtime, type="Registered")) == 3
    assert [i["case_type"] for i in trail(runtime, type="FoiRequest.Registered")] == ["FoiRequest"]
    assert trail(runtime, type="Agreement.Registered") == []
    assert trail(runtime, actor="nobody") == []


def test_the_trail_filters_by_a_time_range_from_inclusive_to_exclusive(fed):
    runtime, _, _ = fed
    day = timedelta(days=1)
    got = trail(runtime, since=START + day, until=START + 3 * day)
    assert [i["at"] for i in got] == [START + day, START + 2 * day]
    # The same moments in Kyiv time select the same events on every store.
    kyiv = trail(runtime, since=(START + day).astimezone(KYIV), until=(START + 3 * day))
    assert [i["position"] for i in kyiv] == [i["position"] for i in got]
    assert trail(runtime, since=START + 10 * day) == []


def test_the_trail_never_stores_an_foi_requesters_contact_details(fed):
    runtime, _, ids = fed
    with runtime.read_engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(audit_events)).mappings()]
    assert not [c for c in CONTACTS if c in repr(rows)]
    (registration,) = trail(runtime, type="FoiRequest.Registered")
    requester = registration["facts"]["requester"]
    assert requester["name"] == "Gwara Media"
    assert {requester[k] for k in ("email", "phone", "postal_address")} == {"[redacted]"}
    assert sorted(registration["redacted"]) == [
        "requester.email",
        "requester.phone",
        "requester.postal_address",
    ]


def test_a_foreign_cursor_is_refused(fed):
    runtime, _, _ = fed
    with pytest.raises(BadCursor):
        AuditTrailReader(runtime.read_engine).events(AuditTrailQuery(cursor="bm90IGEgY3Vyc29y"))


# -- through the application, the engine and HTTP ----------------------------------------------

OLENA = Caller(actor="olena", role="clerk", correlation_id="req-foi-1", note="by post")


def write_foi_requests(rt) -> list[uuid.UUID]:
    """Two FOI requests whose requesters gave e-mail, phone and postal address."""
    ids = []
    for subject in ("Twin cities", "Aid in 2026"):
        saved = rt.foi.register_foi_request(
            RegisterFoiRequest(
                requester=WRITER,
                channel="post",
                received_on=date(2026, 11, 20),
                subject=subject,
                text="Which agreements were signed?",
            ),
            OLENA,
        )
        ids.append(saved.case.id)
    rt.foi.assign_foi_request(ids[0], AssignFoiRequest(officer="taras"), OLENA)
    return ids


def get_all(client, role: str = "auditor", **params) -> tuple[list[dict], list[str]]:
    """Every item of GET /audit/events, following next_cursor; also every raw body."""
    items, bodies, cursor = [], [], None
    while True:
        query = {**params, "limit": 3, **({"cursor": cursor} if cursor else {})}
        response = client.get("/audit/events", params=query, headers=auth(role))
        assert response.status_code == 200, response.text
        bodies.append(response.text)
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items, bodies


def test_the_trail_over_http_lists_the_whole_log_in_order_and_filters_it(client, runtime):
    ids = write_history(runtime)
    foi = write_foi_requests(runtime)
    runtime.extras["projections"].catch_up()
    items, _ = get_all(client, min_position=runtime.app.position)
    positions = [i["position"] for i in items]
    assert positions == sorted(positions) and len(positions) == len(set(positions))
    assert positions[-1] == runtime.app.position
    stored = runtime.app.recorder.select_notifications(None, 10**6)
    assert positions == [n.id for n in stored]
    agreement = str(ids["agreement"])
    mine, _ = get_all(client, case_id=agreement)
    assert [i["type"] for i in mine] == ["Proposed", "Approved", "Signed", "Renewed"]
    assert mine[2]["description"] == "Signed on 29.06.2023; expires on 29.06.2024"
    assert mine[2]["description_uk"] == "Підписано 29.06.2023; діє до 29.06.2024"
    assert (mine[0]["actor"], mine[0]["note"], mine[0]["correlation_id"]) == (
        "olena",
        "as decided",
        "req-1",
    )
    requests, _ = get_all(client, case_type="FoiRequest")
    assert {i["case_id"] for i in requests} == {str(i) for i in foi}
    signed, _ = get_all(client, type="Agreement.Signed", actor="olena")
    assert [i["case_id"] for i in signed] == [agreement]
    assert get_all(client, actor="somebody-else")[0] == []


def test_the_trail_over_http_takes_a_time_range(client, runtime):
    write_history(runtime)
    runtime.extras["projections"].catch_up()
    everything, _ = get_all(client)
    middle = everything[len(everything) // 2]["at"]
    after, _ = get_all(client, **{"from": middle})
    before, _ = get_all(client, to=middle)
    assert after and before
    assert [i["position"] for i in before + after] == [i["position"] for i in everything]
    day = datetime.fromisoformat(middle).astimezone(KYIV).date()
    whole_day, _ = get_all(client, **{"from": day.isoformat(), "to": day.isoformat()})
    on_day = [
        i for i in everything if datetime.fromisoformat(i["at"]).astimezone(KYIV).date() == day
    ]
    assert whole_day == on_day and middle in [i["at"] for i in whole_day]
    assert get_all(client, to=(day - timedelta(days=1)).isoformat())[0] == []


def test_no_audit_events_response_ever_shows_an_foi_requesters_contact_details(client, runtime):
    write_foi_requests(runtime)
    runtime.extras["projections"].catch_up()
    queries = [{}, {"case_type": "FoiRequest"}, {"type": "Registered"}, {"actor": "olena"}]
    for role in ("auditor", "manager", "admin"):
        for query in queries:
            items, bodies = get_all(client, role=role, **query)
            assert items
            leaked = [c for c in CONTACTS for body in bodies if c in body]
            assert leaked == [], (role, query)
    registrations, _ = get_all(client, type="FoiRequest.Registered")
    assert len(registrations) == 2
    assert registrations[0]["facts"]["requester"]["email"] == "[redacted]"
    said = [(r["description"], r["description_uk"]) for r in registrations]
    assert [
        " received by post on 20.11.2026" in en and "засобу масової інформації" in uk
        for en, uk in said
    ] == [True, True]
    assert [s for s in said if WRITER.name in repr(s)] == []  # the requester's name stays out


def test_only_those_who_oversee_read_the_trail_and_bad_queries_are_400(client, runtime):
    assert client.get("/audit/events", headers=auth("clerk")).status_code == 403
    assert client.get("/audit/events").status_code == 401
    for role in ("auditor", "manager", "admin"):
        body = client.get("/audit/events", headers=auth(role)).json()
        assert body == {"items": [], "next_cursor": None}
    for bad in (
        {"cursor": "not-a-cursor"},
        {"from": "yesterday"},
        {"case_id": "123"},
        {"type": "Agreement.Signed; drop"},
        {"limit": "0"},
    ):
        response = client.get("/audit/events", params=bad, headers=auth("auditor"))
        assert response.status_code == 400, (bad, response.text)


def test_the_trail_rebuilt_from_the_log_equals_the_incrementally_built_one(runtime):
    engine = runtime.extras["projections"]
    write_history(runtime)
    engine.catch_up()
    write_foi_requests(runtime)
    engine.catch_up()
    incremental = snapshot(runtime.read_engine, (audit_events,))
    assert len(incremental["audit_events"]) == len(Tamper(runtime).positions())
    report = engine.rebuild(AuditTrailProjection.name)
    assert report.position == runtime.app.position
    assert snapshot(runtime.read_engine, (audit_events,)) == incremental
