"""Opening a case from the console: an FOI request, an agreement, a meeting (engagement)."""

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from application.commands.agreements import ProposeAgreement
from application.commands.engagements import PlanEngagement
from application.commands.foi import RegisterFoiRequest
from domain.agreement import AgreementKind
from domain.engagement import CounterpartType, EngagementFormat, EngagementKind
from domain.errors import DomainError
from domain.foi_request import Channel, RequesterKind
from interfaces.http.context import runtime_of
from interfaces.http.problems import build_problem
from interfaces.web.cases import refuse_unless
from interfaces.web.forms import Field, FormInvalid
from interfaces.web.render import render
from interfaces.web.session import WRITERS, caller_for
from projections.partners import PartnerFilter
from projections.reads import Listing

FOI_FIELDS = (
    Field("requester.name", "text", "Requester's name"),
    Field("requester.kind", "select", "Requester is", options=tuple(map(str, RequesterKind))),
    Field("requester.email", "text", "E-mail", required=False),
    Field("requester.postal_address", "text", "Postal address", required=False),
    Field("channel", "select", "Received by", options=tuple(map(str, Channel))),
    Field("received_on", "date", "Received on"),
    Field("subject", "text", "Subject"),
    Field("text", "textarea", "Text of the request"),
)
AGREEMENT_FIELDS = (
    Field("kind", "select", "Kind", options=tuple(map(str, AgreementKind))),
    Field("title", "text", "Title"),
    Field("partner_ids", "select", "Partner"),
    Field("owner", "text", "Responsible", required=False),
    Field("notice_period_days", "number", "Notice period (days)", required=False),
)
ENGAGEMENT_FIELDS = (
    Field("kind", "select", "Kind", options=tuple(map(str, EngagementKind))),
    Field("format", "select", "Event format", False, ("", *map(str, EngagementFormat))),
    Field("title", "text", "Title"),
    Field("planned_on", "date", "Planned for"),
    Field("place", "text", "Place", required=False),
    Field("counterpart.type", "select", "Counterpart is", options=tuple(map(str, CounterpartType))),
    Field("counterpart.name", "text", "Counterpart"),
    Field("counterpart.country", "text", "Country (2 letters)", required=False),
    Field("officer", "text", "Responsible", required=False),
)
FIELDS = {"foi": FOI_FIELDS, "agreements": AGREEMENT_FIELDS, "engagements": ENGAGEMENT_FIELDS}


def _data(fields: tuple[Field, ...], posted: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields:
        value = posted.get(f.name, "").strip()
        if not value:
            continue
        head, _, tail = f.name.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        elif f.name == "partner_ids":
            data[f.name] = [value]
        else:
            data[f.name] = value
    if posted.get("note", "").strip():
        data["note"] = posted["note"].strip()
    return data


def _partners(request: Request[Any, Any, Any]) -> list[tuple[str, str]]:
    page = runtime_of(request).reads.partners(Listing(PartnerFilter(status="active"), 200))
    return [(str(p.id), f"{p.name_uk or p.name} ({p.country})") for p in page.items]


def _form(request: Request[Any, Any, Any], kind: str, status: int = 200, **ctx: Any) -> Template:
    fields = FIELDS[kind]
    partners = _partners(request) if kind == "agreements" else []
    return render(
        request,
        "new_case.html",
        status,
        kind=kind,
        fields=fields,
        partners=partners,
        posted=ctx.pop("posted", {}),
        errors=ctx.pop("errors", {}),
        refusal=ctx.pop("refusal", None),
        today=runtime_of(request).clock.today(),
    )


@get("/{kind:str}/new", sync_to_thread=True)
def new_case(request: Request[Any, Any, Any], kind: str) -> Template:
    """The form that opens a case (writers only)."""
    refuse_unless(request.user, WRITERS)
    if kind not in FIELDS:
        from litestar.exceptions import NotFoundException

        raise NotFoundException(f"no such case type: {kind}")
    return _form(request, kind)


@post("/{kind:str}/new", sync_to_thread=True, status_code=303)
def open_case(request: Request[Any, Any, Any], kind: str) -> Response[Any]:
    """Register or propose; then the new case's page."""
    refuse_unless(request.user, WRITERS)
    posted: dict[str, str] = request.state.form
    rt = runtime_of(request)
    caller = caller_for(request, request.user, posted.get("note"))
    try:
        if kind == "foi":
            cmd: Any = _convert(_data(FOI_FIELDS, posted), RegisterFoiRequest)
            saved = rt.foi.register_foi_request(cmd, caller)
        elif kind == "agreements":
            cmd = _convert(_data(AGREEMENT_FIELDS, posted), ProposeAgreement)
            saved = rt.agreements.propose_agreement(cmd, caller)
        elif kind == "engagements":
            cmd = _convert(_data(ENGAGEMENT_FIELDS, posted), PlanEngagement)
            saved = rt.engagements.plan_engagement(cmd, caller)
        else:
            from litestar.exceptions import NotFoundException

            raise NotFoundException(f"no such case type: {kind}")
    except FormInvalid as e:
        return _form(
            request, kind, 400, posted=posted, errors={e.field: e.message}, refusal=e.message
        )
    except DomainError as e:
        problem, _ = build_problem(e, request.url.path)
        return _form(
            request,
            kind,
            problem.status,
            posted=posted,
            refusal=problem.detail,
            errors={f.field: f.message for f in problem.errors},
        )
    return Redirect(f"/console/{kind}/{saved.case.id}", status_code=303)


def _convert(data: dict[str, Any], cls: type[Any]) -> Any:
    try:
        return msgspec.convert(data, cls, strict=False)
    except msgspec.ValidationError as e:
        message = str(e)
        field = message.split("`$.", 1)[1].split("`", 1)[0] if "`$." in message else ""
        raise FormInvalid(field.split("[")[0], message) from None
