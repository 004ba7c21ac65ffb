"""State as of a version or a moment equals a replay of the events up to it, for every case type."""

import uuid
from datetime import date, timedelta

import pytest

from application.commands.partners import RegisterPartner
from application.history import HistoryService
from domain.agreement import Agreement
from domain.describe import describe, generic
from tests.audit.scenario import CLERK, write_history
from tests.conftest import auth

SKIP = {"_pending_events"}


def state(case) -> dict:
    return {k: v for k, v in vars(case).items() if k not in SKIP}


def replay(app, case_id, lte=None, until=None):
    """A fold of the stored events, up to a version or a moment (no snapshots, no repository)."""
    case = None
    for event in app.events.get(case_id, lte=lte):
        if until is not None and event.timestamp > until:
            break
        case = event.mutate(case)
    return case


def every_case(app):
    return {n.originator_id for n in app.recorder.select_notifications(None, 10**6)}


def test_state_at_every_version_of_every_case_equals_a_replay(memory_runtime):
    from interfaces.demo import load

    for _ in load(memory_runtime):
        pass
    app = memory_runtime.app
    service = HistoryService(app, memory_runtime.clock)
    types = set()
    for case_id in every_case(app):
        now = app.repository.get(case_id)
        types.add(type(now).__name__)
        for version in range(1, now.version + 1):
            as_of = service.get_as_of(type(now), case_id, version)
            assert state(as_of) == state(replay(app, case_id, lte=version))
    assert {"Partner", "Agreement"} <= types


def test_state_as_of_a_moment_equals_a_replay_of_the_events_until_then(memory_runtime):
    from interfaces.demo import load

    for _ in load(memory_runtime):
        pass
    app = memory_runtime.app
    service = HistoryService(app, memory_runtime.clock)
    for case_id in every_case(app):
        cls = type(app.repository.get(case_id))
        for event in app.events.get(case_id):
            for moment in (event.timestamp, event.timestamp + timedelta(microseconds=1)):
                version = service.version_at(cls, case_id, moment)
                expected = replay(app, case_id, until=moment)
                assert state(service.get_as_of(cls, case_id, version)) == state(expected)


def test_state_as_of_a_version_after_a_snapshot_equals_a_replay(memory_runtime):
    rt = memory_runtime
    partner = rt.partners.register_partner(
        RegisterPartner(name="Brno", country="CZ", kind="city"), CLERK
    ).case
    ctx = rt.partners.ctx(CLERK)
    for _ in range(59):
        partner.link_agreement(ctx, uuid.uuid4())
    rt.app.save(partner)
    assert [s.originator_version for s in rt.app.snapshots.get(partner.id)] == [50]
    for version in (49, 50, 55, 60):
        assert state(rt.partners.get_partner(partner.id, version)) == state(
            replay(rt.app, partner.id, lte=version)
        )


def test_a_moment_before_a_case_existed_is_not_found(memory_runtime):
    from application.errors import CaseNotFound

    ids = write_history(memory_runtime)
    service = HistoryService(memory_runtime.app, memory_runtime.clock)
    first = next(iter(memory_runtime.app.events.get(ids["agreement"])))
    with pytest.raises(CaseNotFound):
        service.version_at(Agreement, ids["agreement"], first.timestamp - timedelta(seconds=1))


def test_agreements_and_partners_answer_as_of_a_moment_over_http(client, runtime):
    ids = write_history(runtime)
    agreement = ids["agreement"]
    events = list(runtime.app.events.get(agreement))
    signed = events[2]
    body = client.get(
        f"/agreements/{agreement}", params={"as_of": signed.timestamp.isoformat()}, headers=auth()
    )
    assert body.status_code == 200 and body.headers["etag"] == '"3"'
    assert body.json()["status"] == replay(runtime.app, agreement, lte=3).status == "signed"
    by_version = client.get(f"/agreements/{agreement}", params={"version": 2}, headers=auth())
    assert by_version.json()["status"] == "approved"
    partner = ids["partners"][0]
    first = next(iter(runtime.app.events.get(partner)))
    old = client.get(
        f"/partners/{partner}", params={"as_of": first.timestamp.isoformat()}, headers=auth()
    ).json()
    assert old["version"] == 1 and old["agreement_ids"] == []
    both = client.get(
        f"/partners/{partner}",
        params={"as_of": first.timestamp.isoformat(), "version": 1},
        headers=auth(),
    )
    assert both.status_code == 400


def test_a_signature_is_described_as_ukrainians_write_dates():
    facts = {
        "signed_on": "2023-06-29",
        "signatories": [
            {"party": "Kharkiv", "name": "Ihor Terekhov", "position": "Mayor"},
            {"party": "Nürnberg", "name": "T. Keller", "position": "Mayor"},
        ],
        "effective_from": "2023-06-29",
        "expires_on": None,
    }
    assert describe("Agreement.Signed", facts) == (
        "Signed on 29.06.2023 by I. Terekhov and T. Keller"
    )


def test_an_event_without_a_describer_gets_a_generic_line_with_its_first_date():
    facts = {"notice_sent_on": date(2024, 1, 3)}
    assert describe("FoiRequest.NoticeResent", facts) == "Notice resent on 03.01.2024"
    assert describe("FoiRequest.NoticeResent", facts, "uk") == "Подія «NoticeResent», 03.01.2024"
    assert generic("Shipment.Closed", {}).en == "Closed"
    assert describe("Agreement.Signed", {}) == "Signed"  # a describer that fails falls back
