"""Engagement and project events said word for word in English and Ukrainian."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import msgspec

from domain.describe import describe_both
from domain.engagement import Counterpart, FollowUp, Participants
from domain.links import Links
from domain.project import Funder, Milestone
from domain.values import Money


def both(event_type: str, **facts) -> tuple[str, str]:
    return tuple(describe_both(event_type, msgspec.to_builtins(facts)))


def test_a_conference_held_is_said_with_its_counterpart_and_figures():
    assert both(
        "Engagement.Held",
        held_on=date(2018, 12, 5),
        ended_on=None,
        place="Kharkiv",
        counterpart=Counterpart("international_organisation", "Association"),
        participants=[Participants("council", 3), Participants("third_party", 1)],
        topics=["a", "b"],
        outcome=None,
        decisions=[],
        follow_ups=[FollowUp(1, "write", "olena", date(2018, 12, 20))],
    ) == (
        "Held on 05.12.2018 with international organisation Association: 4 participants, "
        "2 topics, 0 decisions, 1 follow-ups",
        "Проведено 05.12.2018, міжнародна організація Association: учасників 4, тем 2, "
        "рішень 0, доручень 1",
    )


def test_a_meeting_planned_is_said_with_its_kind_and_country():
    assert both(
        "Engagement.Planned",
        reference="ENG-2023-0001",
        kind="meeting",
        format=None,
        title="Protocol",
        planned_on=date(2023, 6, 29),
        counterpart=Counterpart("partner_city", "Albuquerque", "US"),
    ) == (
        'Planned ENG-2023-0001, meeting "Protocol" on 29.06.2023 with partner city '
        "Albuquerque (US)",
        "Заплановано ENG-2023-0001: зустріч «Protocol» на 29.06.2023, місто-партнер "
        "Albuquerque (US)",
    )


def test_a_project_planned_is_said_with_its_funding_and_links():
    pid = UUID(int=1)
    assert both(
        "Project.Planned",
        reference="PRJ-2023-0001",
        title="Radio",
        funder=Funder("Leeds", "partner_city", "GB"),
        budget=Money(Decimal("12000.50"), "EUR"),
        starts_on=date(2023, 9, 15),
        ends_on=date(2023, 11, 30),
        milestones=[Milestone(1, "x", date(2023, 10, 1))],
        links=Links(partner_ids=(pid,)),
    ) == (
        'Planned PRJ-2023-0001 "Radio", 15.09.2023–30.11.2023, funder Leeds, 12000.5 EUR, '
        "1 milestones",
        "Заплановано проєкт PRJ-2023-0001 «Radio», 15.09.2023–30.11.2023, фінансує Leeds, "
        "12000,5 EUR, етапів: 1",
    )
    assert both("Project.Linked", links=Links(partner_ids=(pid,), engagement_ids=(pid,))) == (
        "Linked: partners: 1, engagements: 1",
        "Пов'язано: партнери: 1, заходи: 1",
    )
