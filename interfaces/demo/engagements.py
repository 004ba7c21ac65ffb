"""Demo engagements and projects from the seeds (../shared/seeds/*.txt) and the public facts.

Documented: the I International Conference of 05.12.2018 at the council (seed 000: "33 twin
cities in 22 countries", 12 honorary consuls); the Albuquerque partnership steps (protocol of
intent 29.06.2023, agreement 2023); the Košice agreement and the Cincinnati MoU renewal
(19.09.2023); the Leeds pledge (06.12.2023) and the project «Письменництво в етері» with twin
cities Lille and Brno on Leeds's initiative (seed 001), which preceded it.
Illustrative (flagged `illustrative` on the creation event, so every report row says so): the
reply of 12.01.2024 counts "over 70 meetings and events" of 2023 with missions, municipalities
and organisations but names none; the 2023 meetings with missions and organisations below, the
sport and cultural visits, and the project's dates and milestones are made up to show them.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.clock import FixedClock
from application.commands.engagements import (
    CounterpartBody,
    HoldEngagement,
    LinksBody,
    ParticipantsBody,
    PlanEngagement,
)
from application.commands.projects import (
    CompleteProject,
    MilestoneBody,
    PlanProject,
    ReachMilestone,
    StartProject,
)
from application.engagements import EngagementService
from application.projects import ProjectService
from domain.agreement import Agreement
from domain.partner import Partner
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import DEMO_ACTOR, illustrative

COUNCIL = "Kharkiv City Council, 7 Constitution Square"
# (day, kind, format, counterpart type, counterpart, country, topic): made-up 2023 meetings and
# visits of the kinds the reply of 12.01.2024 names; none of them is a documented fact.
ILLUSTRATIVE_2023 = [
    ("2023-01-24", "meeting", None, "diplomatic_mission", "Embassy of France", "FR", "generators"),
    ("2023-02-09", "meeting", None, "diplomatic_mission", "Embassy of Germany", "DE", "water"),
    ("2023-03-15", "meeting", None, "diplomatic_mission", "Embassy of Poland", "PL", "housing"),
    ("2023-04-12", "meeting", None, "diplomatic_mission", "Embassy of Japan", "JP", "equipment"),
    ("2023-05-18", "meeting", None, "consular_office", "Consulate of Lithuania", "LT", "schools"),
    ("2023-06-07", "meeting", None, "consular_office", "Consulate of Czechia", "CZ", "medicine"),
    ("2023-02-21", "meeting", None, "international_organisation", "UNDP Ukraine", None, "debris"),
    ("2023-04-04", "meeting", None, "international_organisation", "UNICEF Ukraine", None, "pupils"),
    ("2023-07-11", "meeting", None, "international_organisation", "ICRC delegation", None, "water"),
    ("2023-10-03", "meeting", None, "donor", "A charitable foundation", "PL", "heating points"),
    ("2023-08-22", "visit_outgoing", "sport", "partner_city", "Poznań", "PL", "youth tournament"),
    ("2023-09-12", "event_attended", "exhibition", "partner_city", "Nürnberg", "DE", "art show"),
    (
        "2023-10-17",
        "event_attended",
        "forum",
        "international_organisation",
        "Eurocities",
        None,
        "recovery",
    ),
]


def _ids(runtime: Runtime, event_class: Any, attr: str) -> dict[str, UUID]:
    """Cases already loaded by the other demo parts, by a name field (bounded scan)."""
    found: dict[str, UUID] = {}
    topic = get_topic(event_class)
    for n in runtime.app.recorder.select_notifications(start=None, limit=10_000, topics=[topic]):
        event = runtime.app.mapper.to_domain_event(n)
        found[getattr(event, attr)] = event.originator_id
    return found


class Desk:
    """Engagement and project services on a movable clock."""

    def __init__(self, runtime: Runtime) -> None:
        self.clock = FixedClock.on(date(2018, 12, 5), runtime.settings.timezone)
        self.engagements = EngagementService(runtime.app, self.clock)
        self.projects = ProjectService(runtime.app, self.clock)

    def on(self, day: str | date) -> "Desk":
        self.clock.set(date.fromisoformat(day) if isinstance(day, str) else day)
        return self

    def meeting(
        self,
        day: str,
        title: str,
        counterpart: CounterpartBody,
        *,
        kind: str = "meeting",
        format: str | None = None,
        links: LinksBody | None = None,
        topics: list[str] | None = None,
        outcome: str | None = None,
        made_up: bool = False,
        place: str = COUNCIL,
    ) -> UUID:
        """Plan and record one engagement on its day."""
        self.on(day)
        who = illustrative("made-up engagement") if made_up else DEMO_ACTOR
        saved = self.engagements.plan_engagement(
            PlanEngagement(
                kind=kind,
                format=format,
                title=title,
                planned_on=date.fromisoformat(day),
                place=place,
                counterpart=counterpart,
                links=links or LinksBody(),
                officer="international-cooperation",
            ),
            who,
            illustrative=made_up,
        )
        self.engagements.hold_engagement(
            saved.case.id,
            HoldEngagement(held_on=date.fromisoformat(day), topics=topics or [], outcome=outcome),
            who,
        )
        return saved.case.id


def load(runtime: Runtime) -> Iterator[str]:
    """The conference, the 2023 steps with partner cities, the project, illustrative meetings."""
    partners = _ids(runtime, Partner.Registered, "name")
    agreements = _ids(runtime, Agreement.Proposed, "title")
    desk = Desk(runtime)

    desk.on("2018-12-05")
    saved = desk.engagements.plan_engagement(
        PlanEngagement(
            kind="event_hosted",
            format="conference",
            title="I International Conference «Peculiarities of Interaction between Foreign and "
            "Diplomatic Missions and Local Authorities»",
            planned_on=date(2018, 12, 5),
            place=COUNCIL,
            counterpart=CounterpartBody(
                type="international_organisation",
                name="Association of Towns Awarded the Europe Prize (office in Ukraine)",
            ),
        ),
        DEMO_ACTOR,
    )
    desk.engagements.hold_engagement(
        saved.case.id,
        HoldEngagement(
            held_on=date(2018, 12, 5),
            participants=[
                ParticipantsBody(
                    side="council",
                    count=3,
                    who="Deputy Mayor; Director and Deputy Director of the International "
                    "Cooperation Department",
                ),
                ParticipantsBody(
                    side="third_party",
                    count=1,
                    who="Ministry of Foreign Affairs of Ukraine, State Protocol Department",
                ),
            ],
            topics=[
                "interaction of foreign and diplomatic missions with local authorities",
                "interim results of honorary consulates and embassies",
                "trends in cooperation of local authorities, missions and organisations",
            ],
            outcome="The department reported 33 twin cities in 22 countries and 12 honorary "
            "consuls in Kharkiv (as stated at the conference).",
        ),
        DEMO_ACTOR,
    )
    count = 1

    albuquerque = CounterpartBody(type="partner_city", name="Albuquerque", country="US")
    desk.meeting(
        "2023-06-29",
        "Protocol of intent with Albuquerque signed",
        albuquerque,
        links=LinksBody(
            partner_ids=[partners["Albuquerque"]],
            agreement_ids=[agreements["Protocol of intent Albuquerque – Kharkiv"]],
        ),
        topics=["partnership of the two cities"],
        outcome="protocol of intent signed",
        place="online",
    )
    desk.meeting(
        "2023-11-15",
        "Partnership agreement with Albuquerque signed (date illustrative, year documented)",
        albuquerque,
        links=LinksBody(
            partner_ids=[partners["Albuquerque"]],
            agreement_ids=[agreements["Partnership agreement Albuquerque – Kharkiv"]],
        ),
        outcome="partnership agreement signed; the protocol of intent superseded",
        place="online",
    )
    desk.meeting(
        "2023-09-19",
        "Partnership agreement with Košice signed",
        CounterpartBody(type="partner_city", name="Košice", country="SK"),
        links=LinksBody(
            partner_ids=[partners["Košice"]],
            agreement_ids=[agreements["Partnership agreement Košice – Kharkiv"]],
        ),
        outcome="partnership agreement signed",
    )
    desk.meeting(
        "2023-09-19",
        "Memorandum of understanding with Cincinnati renewed for 5 years",
        CounterpartBody(type="partner_city", name="Cincinnati", country="US"),
        links=LinksBody(
            partner_ids=[partners["Cincinnati"]],
            agreement_ids=[agreements["Memorandum of understanding Cincinnati – Kharkiv"]],
        ),
        outcome="memorandum renewed",
    )
    leeds = desk.meeting(
        "2023-12-06",
        "Pledge of friendship with Leeds signed",
        CounterpartBody(type="partner_city", name="Leeds", country="GB"),
        links=LinksBody(
            partner_ids=[partners["Leeds"]],
            agreement_ids=[agreements["Pledge of friendship Leeds – Kharkiv"]],
        ),
        outcome="the start of talks on a fuller agreement",
    )
    count += 5
    yield f"engagements: {count} documented (the 2018 conference, 2023 steps with partner cities)"

    project = _project(desk, partners, agreements, leeds)
    yield f"projects: «Письменництво в етері» ({project})"

    for day, kind, fmt, ctype, name, country, topic in ILLUSTRATIVE_2023:
        desk.meeting(
            day,
            f"{name}: {topic}" if kind == "meeting" else f"{name}: {topic} ({kind})",
            CounterpartBody(type=ctype, name=name, country=country),
            kind=kind,
            format=fmt,
            links=LinksBody(partner_ids=[partners[name]]) if name in partners else None,
            topics=[topic],
            made_up=True,
        )
    yield f"engagements: {len(ILLUSTRATIVE_2023)} illustrative 2023 meetings, visits and events"


def _project(
    desk: Desk, partners: dict[str, UUID], agreements: dict[str, UUID], leeds: UUID
) -> str:
    """The joint project with Lille and Brno on Leeds's initiative (dates illustrative)."""
    who = illustrative("project dates and milestones (the project and its partners documented)")
    desk.on("2023-09-01")
    saved = desk.projects.plan_project(
        PlanProject(
            title="Письменництво в етері",
            starts_on=date(2023, 9, 15),
            ends_on=date(2023, 11, 30),
            milestones=[
                MilestoneBody(title="Kharkiv poets recorded", due_on=date(2023, 10, 15)),
                MilestoneBody(title="Broadcast on ChapelFM, Leeds", due_on=date(2023, 11, 15)),
            ],
            links=LinksBody(
                partner_ids=[partners["Lille"], partners["Brno"], partners["Leeds"]],
                engagement_ids=[leeds],
                agreement_ids=[agreements["Pledge of friendship Leeds – Kharkiv"]],
            ),
            officer="international-cooperation",
        ),
        who,
        illustrative=True,
    )
    pid = saved.case.id
    desk.on("2023-09-15").projects.start_project(
        pid, StartProject(started_on=date(2023, 9, 15)), who
    )
    desk.on("2023-10-14").projects.reach_project_milestone(
        pid, ReachMilestone(no=1, done_on=date(2023, 10, 14)), who
    )
    desk.on("2023-11-15").projects.reach_project_milestone(
        pid, ReachMilestone(no=2, done_on=date(2023, 11, 15)), who
    )
    desk.on("2023-11-30").projects.complete_project(
        pid, CompleteProject(completed_on=date(2023, 11, 30)), who
    )
    return f"{saved.case.reference}, completed"
