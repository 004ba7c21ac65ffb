"""Engagements and projects in the console (issue 17): their forms, facts and computed dates.

The same case page as the other types (interfaces/web/cases.py). The follow-ups and milestones
are listed with their due dates and owners in their own table (templates/case.html), and the
linked cases as links to their console pages. Marking an engagement held takes one follow-up
in the same form (more are added afterwards, one by one).
"""

from typing import Any

import msgspec

from application.commands.engagements import (
    AddFollowUp,
    CancelEngagement,
    CompleteFollowUp,
    HoldEngagement,
    PostponeEngagement,
)
from application.commands.projects import (
    AddMilestone,
    CancelProject,
    CompleteProject,
    ReachMilestone,
    StartProject,
)
from domain.engagement import TRANSITIONS as ENGAGEMENT_TRANSITIONS
from domain.engagement import Engagement
from domain.project import TRANSITIONS as PROJECT_TRANSITIONS
from domain.project import Project
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal
from interfaces.http.engagements.detail import engagement_detail
from interfaces.http.projects.detail import project_detail
from interfaces.web.case_kinds import CaseKind, Dates
from interfaces.web.forms import CommandForm, Field
from interfaces.web.session import WRITERS

ENGAGEMENT_FORMS = (
    CommandForm(
        "hold",
        "Mark as held",
        WRITERS,
        HoldEngagement,
        "hold_engagement",
        (
            Field("held_on", "date", "Held on"),
            Field("outcome", "textarea", "Outcome", required=False),
            Field("follow_ups.0.action", "text", "Follow-up: what to do", required=False),
            Field("follow_ups.0.owner", "text", "Follow-up: who", required=False),
            Field("follow_ups.0.due_on", "date", "Follow-up: by when", required=False),
        ),
    ),
    CommandForm(
        "postpone",
        "Postpone",
        WRITERS,
        PostponeEngagement,
        "postpone_engagement",
        (Field("to_on", "date", "Postponed to", required=False), Field("reason", "text", "Reason")),
    ),
    CommandForm(
        "cancel",
        "Cancel",
        WRITERS,
        CancelEngagement,
        "cancel_engagement",
        (Field("cancelled_on", "date", "Cancelled on"), Field("reason", "text", "Reason")),
    ),
    CommandForm(
        "add_follow_up",
        "Add a follow-up",
        WRITERS,
        AddFollowUp,
        "add_engagement_follow_up",
        (
            Field("action", "text", "What to do"),
            Field("owner", "text", "Responsible"),
            Field("due_on", "date", "Due on"),
        ),
    ),
    CommandForm(
        "complete_follow_up",
        "Mark a follow-up done",
        WRITERS,
        CompleteFollowUp,
        "complete_engagement_follow_up",
        (Field("no", "number", "Follow-up number"), Field("done_on", "date", "Done on")),
    ),
)
PROJECT_FORMS = (
    CommandForm(
        "start",
        "Activate",
        WRITERS,
        StartProject,
        "start_project",
        (Field("started_on", "date", "Started on"),),
    ),
    CommandForm(
        "complete",
        "Complete",
        WRITERS,
        CompleteProject,
        "complete_project",
        (Field("completed_on", "date", "Completed on"),),
    ),
    CommandForm(
        "cancel",
        "Cancel",
        WRITERS,
        CancelProject,
        "cancel_project",
        (Field("cancelled_on", "date", "Cancelled on"), Field("reason", "text", "Reason")),
    ),
    CommandForm(
        "add_milestone",
        "Add a milestone",
        WRITERS,
        AddMilestone,
        "add_project_milestone",
        (Field("title", "text", "Title"), Field("due_on", "date", "Due on")),
    ),
    CommandForm(
        "complete_milestone",
        "Mark a milestone reached",
        WRITERS,
        ReachMilestone,
        "reach_project_milestone",
        (Field("no", "number", "Milestone number"), Field("done_on", "date", "Reached on")),
    ),
)


def _engagement_detail(case: Engagement, rt: Runtime, p: Principal) -> msgspec.Struct:
    return engagement_detail(case, rt.engagements.last_position(case.id))


def _engagement_dates(d: Any) -> Dates:
    rows: Dates = [("Planned for", d.planned_on, "as planned", {})]
    if d.postponed_to is not None:
        rows.append(("Postponed to", d.postponed_to, "the new day given when postponed", {}))
    if d.held_on is not None:
        rows.append(("Held on", d.held_on, "as recorded", {}))
    return rows


def _project_detail(case: Project, rt: Runtime, p: Principal) -> msgspec.Struct:
    return project_detail(case, rt.projects.last_position(case.id))


def _project_dates(d: Any) -> Dates:
    return [
        ("Starts on", d.starts_on, "as planned", {}),
        ("Ends on", d.ends_on, "as planned", {}),
    ]


DATE_TEXTS = (
    ("Planned for", "as planned"),
    ("Postponed to", "the new day given when postponed"),
    ("Held on", "as recorded"),
    ("Starts on", "as planned"),
    ("Ends on", "as planned"),
)
"""Each computed date and how it is computed (the catalogue translates them)."""

# The facts of these pages (the catalogue translates them).
FACT_WORDS = (
    "kind",
    "format",
    "title",
    "planned_on",
    "postponed_to",
    "held_on",
    "ended_on",
    "place",
    "counterpart",
    "type",
    "topics",
    "outcome",
    "decisions",
    "officer",
    "reason",
    "funder",
    "budget",
    "amount",
    "currency",
    "starts_on",
    "ends_on",
    "started_on",
    "closed_on",
)

ENGAGEMENT_KINDS = {
    "engagements": CaseKind(
        "engagements",
        Engagement,
        lambda rt: rt.engagements,
        "get_engagement",
        _engagement_detail,
        _engagement_dates,
        ENGAGEMENT_FORMS,
        ENGAGEMENT_TRANSITIONS,
    ),
    "projects": CaseKind(
        "projects",
        Project,
        lambda rt: rt.projects,
        "get_project",
        _project_detail,
        _project_dates,
        PROJECT_FORMS,
        PROJECT_TRANSITIONS,
    ),
}
