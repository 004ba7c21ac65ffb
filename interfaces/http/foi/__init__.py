"""HTTP resource /foi-requests: commands, one request's detail and history, lists and counts."""

from domain.case_types import url_of
from interfaces.http.foi.commands import FoiCommandController
from interfaces.http.foi.detail import FoiDetailController
from interfaces.http.foi.lists import FoiListController


class FoiController(FoiCommandController, FoiDetailController, FoiListController):
    """Requests for public information (Law 2939-VI) and their deadlines."""

    path = url_of("foi_request")
    tags = ["foi-requests"]


__all__ = ["FoiController"]
