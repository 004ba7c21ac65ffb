"""HTTP resource /engagements: commands, one engagement's detail and history, lists, counts."""

from interfaces.http.engagements.commands import EngagementCommandController
from interfaces.http.engagements.detail import EngagementDetailController
from interfaces.http.engagements.lists import EngagementListController


class EngagementController(
    EngagementCommandController, EngagementDetailController, EngagementListController
):
    """Meetings, visits and events of the department."""

    path = "/engagements"
    tags = ["engagements"]


__all__ = ["EngagementController"]
