"""HTTP resource /projects: commands, one project's detail and history, lists, counts."""

from domain.case_types import url_of
from interfaces.http.projects.commands import ProjectCommandController
from interfaces.http.projects.detail import ProjectDetailController
from interfaces.http.projects.lists import ProjectListController


class ProjectController(ProjectCommandController, ProjectDetailController, ProjectListController):
    """Joint projects with partner cities and donors."""

    path = url_of("project")
    tags = ["projects"]


__all__ = ["ProjectController"]
