"""The staff console: server-rendered pages from the same app (Jinja2, gettext), no JavaScript.

Everything here is outside the API's bearer middleware (`exclude_from_auth`): the console reads
the accounts module's session cookie itself (interfaces/web/guard.py), sends a browser without
one to the sign-in page, and checks every form's CSRF token.
"""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from interfaces.web import (
    admin,
    audit,
    cases,
    directory_pages,
    documents,
    engagement_pages,
    letters,
    new_cases,
    pages,
    sign_in,
)
from interfaces.web.guard import error_page, signed_in

HERE = Path(__file__).parent
OPEN = {"exclude_from_auth": True}


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


TEMPLATES: TemplateConfig[JinjaTemplateEngine] = TemplateConfig(
    instance=JinjaTemplateEngine.from_environment(_environment())
)

console = Router(
    path="/console",
    route_handlers=[
        sign_in.sign_in_page,
        sign_in.sign_in,
        sign_in.change_password,
        sign_in.sign_out,
        sign_in.switch_language,
        pages.today,
        pages.partners,
        pages.agreements,
        pages.foi_requests,
        pages.shipments,
        pages.stock,
        new_cases.new_case,
        new_cases.open_case,
        admin.admin,
        admin.create_account,
        admin.change_account,
        admin.override_day,
        admin.retry_deliveries,
        admin.me,
        admin.new_feed,
        audit.audit_events,
        audit.verify_chain,
        audit.export,
        cases.case_page,
        cases.run_command,
        documents.download,
        documents.upload,
        documents.withdraw,
        documents.generate_letter,
        letters.letters,
        letters.register_letter,
        directory_pages.counterparts,
        directory_pages.contacts,
        directory_pages.consuls,
        directory_pages.memberships,
        engagement_pages.engagements,
        engagement_pages.projects,
    ],
    opt=OPEN,
    before_request=signed_in,
    exception_handlers={Exception: error_page},
    include_in_schema=False,
)

WEB_HANDLERS: list[Any] = [
    sign_in.home,
    sign_in.console,
    console,
    create_static_files_router(
        path="/console/static",
        directories=[HERE / "static"],
        include_in_schema=False,
        opt=OPEN,
        cache_control=CacheControlHeader(max_age=3600),
    ),
]
