"""The engagement, project, link and deadline read models rebuilt from position 0 equal the ones
built incrementally in small batches, row for row (SQLite and PostgreSQL)."""

from datetime import date

import pytest
from sqlalchemy import select

from application.commands.engagements import (
    AddFollowUp,
    CompleteFollowUp,
    LinkEngagement,
    LinksBody,
)
from application.commands.projects import AddMilestone
from application.service import Caller
from domain.errors import TransitionNotAllowed
from infrastructure.reminders import reminder_service
from interfaces.demo import load
from projections.case_links import CaseLinksProjection
from projections.deadlines import DeadlinesProjection, deadlines
from projections.engagements import EngagementsProjection
from projections.projects import ProjectFilter, ProjectsProjection, list_projects
from projections.reads.engagement_queries import EngagementFilter, list_engagements
from projections.reminders import RemindersProjection, reminders
from projections.runtime.engine import ProjectionEngine
from tests.projections.helpers import snapshot

MINE = (
    EngagementsProjection,
    ProjectsProjection,
    CaseLinksProjection,
    DeadlinesProjection,
    RemindersProjection,
)
TABLES = tuple(t for p in MINE for t in p.tables)
OLENA = Caller(actor="olena")


def test_a_rebuild_equals_the_tables_built_in_small_batches(runtime):
    engine = ProjectionEngine(runtime.app, runtime.read_engine, MINE, batch_size=25)
    list(load(runtime))
    engine.catch_up()
    with runtime.read_engine.connect() as conn:
        rows = list_engagements(conn, EngagementFilter(status="held"), 500).items
    last = rows[0]  # the latest held: 06.12.2023 (Leeds) or later
    eid = last["id"]
    services = runtime.engagements
    services.add_engagement_follow_up(
        eid, AddFollowUp(action="draft agreement", owner="petro", due_on=date(2026, 11, 30)), OLENA
    )
    services.add_engagement_follow_up(
        eid, AddFollowUp(action="report", owner="iryna", due_on=date(2026, 11, 1)), OLENA
    )
    services.complete_engagement_follow_up(
        eid, CompleteFollowUp(no=2, done_on=date(2026, 11, 2)), OLENA
    )
    with runtime.read_engine.connect() as conn:
        others = list_engagements(conn, EngagementFilter(), 500).items
    services.link_engagement(
        eid, LinkEngagement(links=LinksBody(engagement_ids=[others[-1]["id"]])), OLENA
    )
    engine.catch_up()
    reminder_service(runtime).run()
    engine.catch_up()

    built = snapshot(runtime.read_engine, TABLES)
    assert len(built["engagements"]) == 19 and len(built["projects"]) == 1
    d, r = deadlines.c, reminders.c
    with runtime.read_engine.connect() as conn:
        owners = conn.execute(
            select(d.kind, d.owner, d.open).where(d.case_id == eid).order_by(d.kind)
        ).all()
        reminded = conn.execute(select(r.key).where(r.case_id == eid)).scalars().all()
    assert [tuple(o) for o in owners] == [
        ("follow_up:1", "petro", True),
        ("follow_up:2", "iryna", False),
    ]
    assert reminded == ["fu1:7:2026-11-30"]
    for projection in MINE:
        engine.rebuild(projection.name)
    assert snapshot(runtime.read_engine, TABLES) == built


def test_a_milestone_added_to_a_completed_project_is_refused_and_stores_nothing(runtime):
    list(load(runtime))
    runtime.extras["projections"].catch_up(timeout=30)
    with runtime.read_engine.connect() as conn:
        project = list_projects(conn, ProjectFilter(), 10).items[0]
    before = runtime.app.position
    with pytest.raises(TransitionNotAllowed):
        runtime.projects.add_project_milestone(
            project["id"], AddMilestone(title="more", due_on=date(2024, 1, 1)), OLENA
        )
    assert runtime.app.position == before
