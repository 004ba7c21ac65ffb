"""HTTP resource /engagements: commands, one engagement's detail and history, lists, counts."""

from domain.case_types import url_of
from interfaces.http.engagements.commands import EngagementCommandController
from interfaces.http.engagements.detail import EngagementDetailController
from interfaces.http.engagements.lists import EngagementListController


class EngagementController(
    EngagementCommandController, EngagementDetailController, EngagementListController
):
    """Meetings, visits and events of the department."""

    path = url_of("engagement")
    tags = ["engagements"]


__all__ = ["EngagementController"]
