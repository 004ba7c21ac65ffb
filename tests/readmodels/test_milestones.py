"""Agreement milestones fed events directly: what was signed, renewed, ended in a year."""

from datetime import date

from domain.agreement import Agreement
from domain.values import Term
from projections.milestones import MilestonesProjection, milestones_between
from tests.agreements.builders import ctx
from tests.projections.helpers import partner
from tests.readmodels.builders import events_of, feed


def agreement(ref: str, partners, kind: str = "memorandum", term=Term(years=5)) -> Agreement:
    a = Agreement.propose(
        ctx(),
        reference=ref,
        kind=kind,
        title=f"Agreement {ref}",
        partner_ids=[p.id for p in partners],
        term=term,
    )
    return a


def signed(a: Agreement, on: date) -> Agreement:
    a.approve(ctx(), council_decision_ref="d", council_decided_on=on)
    a.sign(ctx(), signed_on=on)
    return a


def test_a_year_lists_each_step_with_partners_and_countries(read_engine):
    cincinnati = partner("Cincinnati", "US", name_uk="Цинциннаті")
    kosice = partner("Košice", "SK", name_uk="Кошице")
    brno = partner("Brno", "CZ")
    mou = signed(agreement("AGR-2017-0001", [cincinnati]), date(2017, 5, 17))
    mou.expire(ctx())  # 17.05.2022
    mou.renew(ctx(), renewed_on=date(2023, 9, 19), term=Term(years=5))
    twins = signed(agreement("AGR-2023-0001", [kosice, brno], "partnership"), date(2023, 9, 19))
    twins.renew(ctx(), renewed_on=date(2024, 1, 10))
    ended = signed(agreement("AGR-2020-0001", [brno]), date(2020, 1, 1))
    ended.terminate(ctx(), terminated_on=date(2023, 3, 1), grounds="g", decision_ref="d")
    dropped = agreement("AGR-2023-0002", [kosice])
    dropped.withdraw(ctx(), reason="no longer needed", withdrawn_on=date(2023, 4, 1))
    projection = MilestonesProjection()
    n = feed(read_engine, projection, events_of(cincinnati, kosice, brno, mou, twins))
    feed(read_engine, projection, events_of(ended, dropped), start=n)

    with read_engine.connect() as conn:
        year = milestones_between(conn, date(2023, 1, 1), date(2023, 12, 31))
        before = milestones_between(conn, date(2022, 1, 1), date(2022, 12, 31))
        after = milestones_between(conn, date(2024, 1, 1), date(2024, 12, 31))

    def steps(what, found=year):
        return [(r["reference"], r["happened_on"]) for r in found[what]]

    assert steps("signed") == [("AGR-2023-0001", date(2023, 9, 19))]
    assert steps("renewed") == [("AGR-2017-0001", date(2023, 9, 19))]
    assert steps("terminated") == [("AGR-2020-0001", date(2023, 3, 1))]
    assert steps("withdrawn") == [("AGR-2023-0002", date(2023, 4, 1))]
    assert steps("expired") == [] and steps("superseded") == []
    assert year["renewed"][0]["expires_on"] == date(2028, 9, 19)
    both = year["signed"][0]
    assert both["countries"] == ["SK", "CZ"]
    assert [(p["name"], p["name_uk"], p["country"]) for p in both["partners"]] == [
        ("Košice", "Кошице", "SK"),
        ("Brno", None, "CZ"),
    ]
    assert steps("expired", before) == [("AGR-2017-0001", date(2022, 5, 17))]
    # A second renewal is a step of its own year; the first stays in 2023.
    assert steps("renewed", after) == [("AGR-2023-0001", date(2024, 1, 10))]
