"""Every (command, status) pair of the engagement and project tables: allowed or 409; and the
tables against the designed diagrams (docs/ENGAGEMENTS.md)."""

from datetime import date, datetime

import pytest

from domain.engagement import TRANSITIONS as ENGAGEMENT
from domain.engagement import Counterpart, Engagement
from domain.engagement import EngagementStatus as E
from domain.errors import TransitionNotAllowed
from domain.meta import Ctx
from domain.project import TRANSITIONS as PROJECT
from domain.project import Project
from domain.project import ProjectStatus as P

CTX = Ctx("olena", date(2026, 11, 23), datetime(2026, 11, 23, 12))

ENGAGEMENT_DIAGRAM = {
    "postpone": ({E.PLANNED, E.POSTPONED}, E.POSTPONED),
    "hold": ({E.PLANNED, E.POSTPONED}, E.HELD),
    "cancel": ({E.PLANNED, E.POSTPONED}, E.CANCELLED),
    "link": (set(E), None),
    "add_follow_up": ({E.HELD}, None),
    "complete_follow_up": ({E.HELD}, None),
}
PROJECT_DIAGRAM = {
    "start": ({P.PLANNED}, P.ACTIVE),
    "complete": ({P.ACTIVE}, P.COMPLETED),
    "cancel": ({P.PLANNED, P.ACTIVE}, P.CANCELLED),
    "link": (set(P), None),
    "add_milestone": ({P.PLANNED, P.ACTIVE}, None),
    "complete_milestone": ({P.PLANNED, P.ACTIVE}, None),
}


def test_the_tables_are_the_designed_ones():
    assert {c: (set(a), t) for c, (a, t) in ENGAGEMENT.items()} == ENGAGEMENT_DIAGRAM
    assert {c: (set(a), t) for c, (a, t) in PROJECT.items()} == PROJECT_DIAGRAM


def engagement_in(status: E) -> Engagement:
    e = Engagement.plan(
        CTX,
        reference="ENG-2026-0001",
        kind="meeting",
        title="t",
        planned_on=date(2026, 11, 20),
        counterpart=Counterpart("donor", "UNDP"),
    )
    if status is E.POSTPONED:
        e.postpone(CTX, to_on=None, reason="r")
    elif status is E.HELD:
        e.hold(CTX, held_on=date(2026, 11, 20))
    elif status is E.CANCELLED:
        e.cancel(CTX, cancelled_on=date(2026, 11, 20), reason="r")
    return e


def project_in(status: P) -> Project:
    p = Project.plan(
        CTX,
        reference="PRJ-2026-0001",
        title="t",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 1, 1),
    )
    if status in (P.ACTIVE, P.COMPLETED):
        p.start(CTX, started_on=date(2026, 1, 1))
    if status is P.COMPLETED:
        p.complete(CTX, completed_on=date(2026, 11, 1))
    if status is P.CANCELLED:
        p.cancel(CTX, cancelled_on=date(2026, 2, 1), reason="r")
    return p


@pytest.mark.parametrize("status", list(E))
@pytest.mark.parametrize("command", list(ENGAGEMENT))
def test_each_engagement_command_in_each_status_is_allowed_or_refused(command, status):
    e = engagement_in(status)
    assert e.status is status
    allowed, _ = ENGAGEMENT[command]
    if status in allowed:
        assert e.can(command)
        e._require(command)
    else:
        with pytest.raises(TransitionNotAllowed):
            e._require(command)


@pytest.mark.parametrize("status", list(P))
@pytest.mark.parametrize("command", list(PROJECT))
def test_each_project_command_in_each_status_is_allowed_or_refused(command, status):
    p = project_in(status)
    assert p.status is status
    allowed, _ = PROJECT[command]
    if status in allowed:
        p._require(command)
    else:
        with pytest.raises(TransitionNotAllowed):
            p._require(command)
