"""Each read model fed domain events directly (no event store), then queried."""

from datetime import date, timedelta

import pytest

from domain.agreement import Agreement
from domain.values import Term
from infrastructure.migrations import upgrade_read_models
from infrastructure.readdb import create_read_engine
from projections.agreements import AgreementsProjection
from projections.deadlines import DeadlineFilter, DeadlinesProjection, list_deadlines
from projections.paging import BadCursor
from projections.partners import PartnerFilter, PartnersProjection, list_partners, partner_stats
from projections.reads.agreement_queries import (
    AgreementFilter,
    list_agreements,
    renewal_window,
    renewals_due,
)
from tests.agreements.builders import ctx
from tests.projections.helpers import events_of, feed, partner

TODAY = date(2026, 11, 23)


@pytest.fixture
def read_engine(tmp_path):
    engine = create_read_engine(f"sqlite:///{tmp_path / 'read.sqlite3'}")
    upgrade_read_models(engine)
    yield engine
    engine.dispose()


def names(page):
    return [r["name"] for r in page.items]


def test_partners_are_listed_by_name_and_filtered_by_country_relationship_and_status(read_engine):
    nuremberg = partner("Nürnberg", "DE", name_uk="Нюрнберг", relationship="twin_city")
    bologna = partner("Bologna", "IT", name_uk="Болонья", relationship="twin_city")
    cincinnati = partner("Cincinnati", "US", relationship="partner_city")
    kaunas = partner("Kaunas", "LT", name_uk="Каунас", relationship="friendship")
    projection = PartnersProjection()
    n = feed(read_engine, projection, events_of(nuremberg, bologna, cincinnati, kaunas))
    c = ctx()
    kaunas.suspend(c, decided_on=TODAY, decision_ref="R-1")
    cincinnati.link_agreement(c, bologna.id)
    feed(read_engine, projection, events_of(kaunas, cincinnati), start=n)

    with read_engine.connect() as conn:
        everyone = list_partners(conn, PartnerFilter(), 50)
        assert names(everyone) == ["Bologna", "Cincinnati", "Kaunas", "Nürnberg"]
        assert everyone.next_cursor is None
        assert names(list_partners(conn, PartnerFilter(country="de"), 50)) == ["Nürnberg"]
        twins = list_partners(conn, PartnerFilter(relationship="twin_city"), 50)
        assert names(twins) == ["Bologna", "Nürnberg"]
        suspended = list_partners(conn, PartnerFilter(status="suspended"), 50)
        assert names(suspended) == ["Kaunas"]
        assert suspended.items[0]["decision_ref"] == "R-1"
        us = list_partners(conn, PartnerFilter(country="US"), 50).items[0]
        assert us["agreements"] == 1
        assert us["version"] == 2

        stats = partner_stats(conn, PartnerFilter())
    assert stats["total"] == 4
    assert stats["by_country"] == {"DE": 1, "IT": 1, "LT": 1, "US": 1}
    assert stats["by_relationship"] == {"friendship": 1, "partner_city": 1, "twin_city": 2}
    assert stats["by_status"] == {"active": 3, "suspended": 1}


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("нюрн", ["Nürnberg"]),
        ("НЮРНБЕРГ", ["Nürnberg"]),
        ("nurnberg", ["Nürnberg"]),
        ("NÜRN", ["Nürnberg"]),
        ("кам'ян", ["Kamianske"]),
        ("Кам’янське", ["Kamianske"]),
        ("КИЇВ", ["Kyiv"]),
        ("o", ["Bologna"]),
        ("ськ", ["Kamianske"]),
        ("100%", []),
        ("_", []),
    ],
)
def test_partner_search_ignores_case_in_ukrainian_and_latin(read_engine, q, found):
    made = [
        partner("Nürnberg", "DE", name_uk="Нюрнберг"),
        partner("Bologna", "IT", name_uk="Болонья"),
        partner("Kamianske", "UA", name_uk="Кам’янське"),
        partner("Kyiv", "UA", name_uk="Київ"),
    ]
    feed(read_engine, PartnersProjection(), events_of(*made))
    with read_engine.connect() as conn:
        assert names(list_partners(conn, PartnerFilter(q=q), 50)) == found


def test_partner_pages_follow_the_cursor_without_gaps_or_repeats(read_engine):
    made = [partner(f"Місто {i:02d}", "PL") for i in range(7)]
    feed(read_engine, PartnersProjection(), events_of(*made))
    seen, cursor = [], None
    with read_engine.connect() as conn:
        for _ in range(3):
            page = list_partners(conn, PartnerFilter(), 3, cursor)
            seen += names(page)
            cursor = page.next_cursor
        assert cursor is None
        with pytest.raises(BadCursor):
            list_partners(conn, PartnerFilter(), 3, "not-a-cursor")
        with pytest.raises(BadCursor):
            list_partners(conn, PartnerFilter(), 3, "WzEsMiwzXQ")  # [1,2,3]: wrong shape
    assert seen == [f"Місто {i:02d}" for i in range(7)]


def agreement_with(partners, *, title="Memorandum", notice=None, term=Term(years=5), **facts):
    return Agreement.propose(
        ctx(),
        reference=facts.pop("reference", "AGR-2026-0001"),
        kind=facts.pop("kind", "memorandum"),
        title=title,
        partner_ids=[p.id for p in partners],
        term=term,
        notice_period_days=notice,
        **facts,
    )


def sign(a, signed_on, **facts):
    c = ctx()
    a.approve(c, council_decision_ref="1", council_decided_on=signed_on)
    a.sign(c, signed_on=signed_on, **facts)


def test_agreements_follow_their_life_with_partner_countries_and_search(read_engine):
    nuremberg = partner("Nürnberg", "DE", name_uk="Нюрнберг")
    bologna = partner("Bologna", "IT", name_uk="Болонья")
    first = agreement_with([nuremberg, bologna], title="Twinning", notice=90, kind="twinning")
    sign(first, date(2020, 3, 1))
    first.renew(ctx(), renewed_on=date(2024, 12, 1))
    second = agreement_with([bologna], title="Меморандум про культуру", reference="AGR-2026-0002")
    projection = AgreementsProjection()
    feed(read_engine, projection, events_of(nuremberg, bologna, first, second))

    with read_engine.connect() as conn:
        every = list_agreements(conn, AgreementFilter(), 50).items
        assert [a["reference"] for a in every] == ["AGR-2026-0002", "AGR-2026-0001"]
        row = every[1]
        assert row["status"] == "renewed"
        assert row["in_force"] is True
        assert row["renewals"] == 1
        assert row["expires_on"] == date(2030, 3, 1)
        # 01.03.2030 - 90 days = Saturday 01.12.2029: Monday 03.12 (Civil Code Art. 254(5)).
        assert row["notice_deadline_on"] == date(2029, 12, 3)
        assert row["countries"] == ["DE", "IT"]
        assert row["partner_ids"] == [str(nuremberg.id), str(bologna.id)]

        def refs(**f):
            return [a["reference"] for a in list_agreements(conn, AgreementFilter(**f), 50).items]

        assert refs(country="de") == ["AGR-2026-0001"]
        assert refs(country="IT") == ["AGR-2026-0002", "AGR-2026-0001"]
        assert refs(partner_id=nuremberg.id) == ["AGR-2026-0001"]
        assert refs(status="proposed") == ["AGR-2026-0002"]
        assert refs(kind="twinning") == ["AGR-2026-0001"]
        assert refs(in_force=True) == ["AGR-2026-0001"]
        assert refs(in_force=False) == ["AGR-2026-0002"]
        assert refs(q="НЮРНБЕРГ") == ["AGR-2026-0001"]
        assert refs(q="культур") == ["AGR-2026-0002"]
        assert refs(q="agr-2026-0002") == ["AGR-2026-0002"]
        page = list_agreements(conn, AgreementFilter(), 1)
        rest = list_agreements(conn, AgreementFilter(), 1, page.next_cursor)
        assert [a["reference"] for a in page.items + rest.items] == refs()
        assert rest.next_cursor is None


def test_a_resumed_agreement_returns_to_its_status_before_the_suspension(read_engine):
    p = partner("Kaunas", "LT")
    a = agreement_with([p])
    sign(a, date(2020, 1, 1))
    a.renew(ctx(), renewed_on=date(2024, 12, 1))
    a.suspend(ctx(), suspended_on=date(2025, 1, 1), reason="review")
    projection = AgreementsProjection()
    n = feed(read_engine, projection, events_of(p, a))
    with read_engine.connect() as conn:
        assert list_agreements(conn, AgreementFilter(), 5).items[0]["status"] == "suspended"
    a.resume(ctx(), resumed_on=date(2025, 2, 1))
    feed(read_engine, projection, events_of(a), start=n)
    with read_engine.connect() as conn:
        row = list_agreements(conn, AgreementFilter(), 5).items[0]
    assert (row["status"], row["status_before_suspension"], row["in_force"]) == (
        "renewed",
        None,
        True,
    )


def test_renewals_list_agreements_in_force_by_expiry_with_their_reminder_window(read_engine):
    p = partner("Bologna", "IT")
    made = []
    for i, days in enumerate([20, 45, 80, 120, -3]):
        a = agreement_with([p], reference=f"AGR-2026-{i:04d}", term=None)
        sign(a, date(2020, 1, 1), expires_on=TODAY + timedelta(days=days))
        made.append(a)
    ended = agreement_with([p], reference="AGR-2026-0099", term=None)
    sign(ended, date(2020, 1, 1), expires_on=TODAY + timedelta(days=10))
    ended.terminate(ctx(), terminated_on=date(2021, 1, 1), grounds="g", decision_ref="d")
    feed(read_engine, AgreementsProjection(), events_of(p, *made, ended))
    with read_engine.connect() as conn:
        due = renewals_due(conn, TODAY, 90, 50).items
        page = renewals_due(conn, TODAY, 90, 2)
        second = renewals_due(conn, TODAY, 90, 2, page.next_cursor)
    days = [(r["expires_on"] - TODAY).days for r in due]
    assert days == [-3, 20, 45, 80]
    assert [renewal_window(d, [90, 60, 30]) for d in days] == [0, 30, 60, 90]
    assert renewal_window(120, [90, 60, 30]) is None
    assert [r["reference"] for r in page.items + second.items] == [r["reference"] for r in due]


def test_signing_opens_the_expiry_and_notice_deadlines_soonest_first(read_engine):
    p = partner("Nürnberg", "DE")
    a = agreement_with([p], notice=180, owner="olena", term=None)
    sign(a, date(2020, 1, 1), expires_on=date(2027, 3, 1))
    b = agreement_with([p], reference="AGR-2026-0002", term=None)
    sign(b, date(2020, 1, 1), expires_on=date(2026, 12, 1))
    projection = DeadlinesProjection()
    feed(read_engine, projection, events_of(a, b))
    with read_engine.connect() as conn:
        due = list_deadlines(conn, DeadlineFilter(as_of=TODAY), 50).items
        overdue = list_deadlines(conn, DeadlineFilter(as_of=TODAY, overdue=True), 50).items
        upcoming = list_deadlines(conn, DeadlineFilter(as_of=TODAY, overdue=False), 50).items
        notices = list_deadlines(conn, DeadlineFilter(as_of=TODAY, kind="agreement_notice"), 50)
        mine = list_deadlines(conn, DeadlineFilter(as_of=TODAY, owner="olena"), 50).items
    assert [(d["reference"], d["kind"], d["due_on"]) for d in due] == [
        ("AGR-2026-0001", "agreement_notice", date(2026, 9, 2)),
        ("AGR-2026-0002", "agreement_expiry", date(2026, 12, 1)),
        ("AGR-2026-0001", "agreement_expiry", date(2027, 3, 1)),
    ]
    assert [d["due_on"] for d in overdue] == [date(2026, 9, 2)]
    assert [d["due_on"] for d in upcoming] == [date(2026, 12, 1), date(2027, 3, 1)]
    assert [d["kind"] for d in notices.items] == ["agreement_notice"]
    assert {d["owner"] for d in mine} == {"olena"} and len(mine) == 2
    assert {d["case_type"] for d in due} == {"agreement"}
    assert {d["case_status"] for d in due} == {"signed"}


def test_renewal_moves_the_deadlines_and_an_ending_closes_them(read_engine):
    p = partner("Kaunas", "LT")
    a = agreement_with([p], notice=30, term=Term(years=1))
    sign(a, date(2025, 1, 1))
    projection = DeadlinesProjection()
    n = feed(read_engine, projection, events_of(a))
    a.renew(ctx(), renewed_on=date(2025, 12, 1))
    a.suspend(ctx(), suspended_on=date(2026, 1, 1), reason="war")
    n = feed(read_engine, projection, events_of(a), start=n)

    def open_ones():
        with read_engine.connect() as conn:
            page = list_deadlines(conn, DeadlineFilter(as_of=TODAY), 50)
        return [(d["kind"], d["due_on"], d["case_status"]) for d in page.items]

    assert open_ones() == [
        ("agreement_notice", date(2026, 12, 2), "suspended"),
        ("agreement_expiry", date(2027, 1, 1), "suspended"),
    ]
    a.resume(ctx(), resumed_on=date(2026, 2, 1))
    a.terminate(ctx(), terminated_on=date(2026, 3, 1), grounds="g", decision_ref="d")
    feed(read_engine, projection, events_of(a), start=n)
    assert open_ones() == []


def test_an_expired_agreement_that_is_renewed_is_due_again(read_engine):
    p = partner("Cincinnati", "US")
    a = agreement_with([p], term=Term(years=1))
    sign(a, date(2024, 1, 1))
    a.expire(ctx())
    projection = DeadlinesProjection()
    n = feed(read_engine, projection, events_of(a))
    with read_engine.connect() as conn:
        assert list_deadlines(conn, DeadlineFilter(as_of=TODAY), 50).items == []
    a.renew(ctx(), renewed_on=date(2025, 6, 1))
    feed(read_engine, projection, events_of(a), start=n)
    with read_engine.connect() as conn:
        items = list_deadlines(conn, DeadlineFilter(as_of=TODAY), 50).items
    assert [(d["kind"], d["due_on"], d["case_status"]) for d in items] == [
        ("agreement_expiry", date(2026, 6, 1), "renewed")
    ]
