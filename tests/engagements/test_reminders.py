"""Follow-ups and milestones are reminded to their owners by the reminder job (SQLite, PG)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from application.commands.engagements import (
    CounterpartBody,
    FollowUpBody,
    HoldEngagement,
    PlanEngagement,
)
from application.commands.projects import MilestoneBody, PlanProject, ReachMilestone
from application.service import Caller
from infrastructure.reminders import reminder_service
from projections.reminders import reminders

OLENA = Caller(actor="olena")


def reminder_rows(rt) -> list[tuple[str, str, str, str | None]]:
    rt.extras["projections"].catch_up(timeout=30)
    r = reminders.c
    query = select(r.case_type, r.key, r.what, r.responsible).order_by(r.case_type, r.key)
    with rt.read_engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_the_job_reminds_each_follow_up_owner_and_each_milestone_once(runtime):
    rt = runtime
    e = rt.engagements.plan_engagement(
        PlanEngagement(
            kind="meeting",
            title="UNDP office",
            planned_on=date(2026, 11, 10),
            counterpart=CounterpartBody(type="international_organisation", name="UNDP"),
        ),
        OLENA,
    ).case
    rt.engagements.hold_engagement(
        e.id,
        HoldEngagement(
            held_on=date(2026, 11, 10),
            follow_ups=[
                FollowUpBody(
                    action="send the list of shelters", owner="petro", due_on=date(2026, 11, 20)
                ),
                FollowUpBody(action="draft a memorandum", owner="olena", due_on=date(2026, 11, 24)),
                FollowUpBody(action="invite to the forum", owner="iryna", due_on=date(2027, 1, 15)),
            ],
        ),
        OLENA,
    )
    p = rt.projects.plan_project(
        PlanProject(
            title="Heating points",
            starts_on=date(2026, 10, 1),
            ends_on=date(2027, 3, 31),
            amount=Decimal("250000"),
            currency="EUR",
            milestones=[
                MilestoneBody(title="procurement", due_on=date(2026, 11, 30)),
                MilestoneBody(title="installation", due_on=date(2026, 11, 23)),
            ],
            officer="olena",
        ),
        OLENA,
    ).case
    rt.projects.reach_project_milestone(
        p.id, ReachMilestone(no=2, done_on=date(2026, 11, 22)), OLENA
    )
    rt.extras["projections"].catch_up(timeout=30)

    report = reminder_service(rt).run()
    # Per follow-up one chain: the overdue one says so once; the one due tomorrow, its 1-day
    # reminder (its 7-day one superseded); the one due in January nothing yet. The reached
    # milestone is not reminded.
    assert reminder_rows(rt) == [
        ("engagement", "fu1:overdue:2026-11-20", "engagement_follow_up_overdue", "petro"),
        ("engagement", "fu2:1:2026-11-24", "engagement_follow_up", "olena"),
        ("project", "ms1:7:2026-11-30", "project_milestone", "olena"),
    ]
    # Superseded (recorded, never sent): fu1's 7-day, 1-day and due-day reminders, fu2's 7-day.
    assert report.skipped == 4
    again = reminder_service(rt).run()
    assert again.issued == 0


def test_a_follow_up_with_nothing_due_is_not_a_candidate(runtime):
    from infrastructure.reminders import ReadModelCandidates

    rt = runtime
    e = rt.engagements.plan_engagement(
        PlanEngagement(
            kind="meeting",
            title="UNDP office",
            planned_on=date(2026, 11, 10),
            counterpart=CounterpartBody(type="international_organisation", name="UNDP"),
        ),
        OLENA,
    ).case
    later = FollowUpBody(action="invite", owner="iryna", due_on=date(2027, 1, 15))
    rt.engagements.hold_engagement(
        e.id, HoldEngagement(held_on=date(2026, 11, 10), follow_ups=[later]), OLENA
    )
    rt.extras["projections"].catch_up(timeout=30)
    candidates = ReadModelCandidates(rt.read_engine)
    assert e.id not in candidates.candidates(date(2026, 11, 23))
    assert e.id in candidates.candidates(date(2027, 1, 8))  # 7 days before
