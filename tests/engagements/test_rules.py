"""The engagement and project rules on the aggregates themselves (fast, no store)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.engagement import Counterpart, Engagement, FollowUp
from domain.errors import RuleViolation
from domain.meta import Ctx
from domain.project import Project, funding

CTX = Ctx("olena", date(2026, 11, 23), datetime(2026, 11, 23, 12))


def refused(field: str):
    """The rule names the field it refuses."""

    class Check:
        def __enter__(self):
            self.raised = pytest.raises(RuleViolation)
            self.info = self.raised.__enter__()
            return self

        def __exit__(self, *exc):
            result = self.raised.__exit__(*exc)
            assert [p.field for p in self.info.value.problems] == [field]
            return result

    return Check()


def meeting(**facts) -> Engagement:
    values = {
        "reference": "ENG-2026-0001",
        "kind": "meeting",
        "title": "t",
        "planned_on": date(2026, 11, 20),
        "counterpart": Counterpart("diplomatic_mission", "Embassy of Japan", "JP"),
    }
    return Engagement.plan(CTX, **{**values, **facts})


def test_an_engagement_held_in_the_future_is_refused():
    with refused("held_on"):
        meeting().hold(CTX, held_on=date(2026, 11, 24))


def test_a_follow_up_due_before_the_engagement_is_refused():
    with refused("follow_ups.0.due_on"):
        meeting().hold(
            CTX,
            held_on=date(2026, 11, 20),
            follow_ups=[FollowUp(0, "write", "olena", date(2026, 11, 19))],
        )


def test_a_follow_up_is_done_once_and_not_before_the_engagement():
    e = meeting()
    e.hold(CTX, held_on=date(2026, 11, 20))
    no = e.add_follow_up(CTX, action="write", owner="olena", due_on=date(2026, 11, 30))
    with refused("done_on"):
        e.complete_follow_up(CTX, no=no, done_on=date(2026, 11, 19))
    e.complete_follow_up(CTX, no=no, done_on=date(2026, 11, 21))
    with refused("no"):
        e.complete_follow_up(CTX, no=no, done_on=date(2026, 11, 22))
    assert e.reminders_due(date(2026, 12, 31)) == []


def test_a_postponement_names_a_later_day():
    with refused("to_on"):
        meeting().postpone(CTX, to_on=date(2026, 11, 20), reason="flights")


def test_an_event_needs_a_format_and_a_meeting_has_none():
    with refused("format"):
        meeting(kind="event_attended")
    with refused("format"):
        meeting(format="forum")


def test_a_project_ends_on_or_after_its_start():
    with refused("ends_on"):
        Project.plan(
            CTX,
            reference="PRJ-2026-0001",
            title="t",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 2, 28),
        )


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        (Decimal("10"), None, "currency"),
        (Decimal("10"), "ABC", "currency"),
        (None, "EUR", "amount"),
        (Decimal("-1"), "EUR", "amount"),
    ],
)
def test_an_amount_needs_a_known_currency_and_a_currency_an_amount(amount, currency, field):
    with refused(field):
        funding(amount, currency)


def test_a_known_currency_is_upper_cased():
    money = funding(Decimal("12.5"), "uah")
    assert money is not None and (money.amount, money.currency) == (Decimal("12.5"), "UAH")
