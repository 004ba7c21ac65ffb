"""The correspondence register in the console: search, a year, the CSV export, and for staff
the forms that register an incoming or an outgoing letter (application.correspondence).

Letters generated from a case are numbered by the same register (interfaces/web/documents.py).
"""

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from application.commands.correspondence import RegisterIncomingLetter, RegisterOutgoingLetter
from domain.correspondence import LetterDirection
from domain.errors import DomainError
from interfaces.http.context import runtime_of
from interfaces.http.problems import build_problem
from interfaces.web.cases import refuse_unless
from interfaces.web.document_section import CASE_TYPES
from interfaces.web.forms import Field, FormInvalid
from interfaces.web.new_cases import _convert
from interfaces.web.pages import PAGE, _text, _word
from interfaces.web.render import render
from interfaces.web.session import WRITERS, caller_for
from projections.correspondence import LetterFilter
from projections.reads import BadReadQuery, Listing

INCOMING_FIELDS = (
    Field("received_on", "date", "Received on"),
    Field("correspondent", "text", "Correspondent"),
    Field("subject", "text", "Subject"),
    Field("sender_number", "text", "Sender's number", required=False),
    Field("sender_dated_on", "date", "Sender's date", required=False),
)
OUTGOING_FIELDS = (
    Field("dated_on", "date", "Dated on"),
    Field("correspondent", "text", "Correspondent"),
    Field("subject", "text", "Subject"),
)
REGISTER = {
    "incoming": ("Register an incoming letter", INCOMING_FIELDS, RegisterIncomingLetter),
    "outgoing": ("Register an outgoing letter", OUTGOING_FIELDS, RegisterOutgoingLetter),
}
FORM_LABELS = tuple(label for label, _, _ in REGISTER.values())
SETTLE_SECONDS = 1.0  # how long a registration waits for the register to show it
YEARS_BACK = 10  # the year filter offers this many years before this one


def _year(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1991 <= int(value) <= 2199:
        raise BadReadQuery("year", "year: a year between 1991 and 2199")
    return int(value)


def _page(request: Request[Any, Any, Any], status_code: int = 200, **extra: Any) -> Template:
    q = request.query_params.get("q")
    year = _year(request.query_params.get("year"))
    direction = _word(
        "direction", request.query_params.get("direction"), tuple(map(str, LetterDirection))
    )
    f = LetterFilter(
        year=year, direction=LetterDirection(direction) if direction else None, q=_text("q", q)
    )
    rt = runtime_of(request)
    cursor = _text("cursor", request.query_params.get("cursor"), 1000)
    page = rt.reads.letters(Listing(f, PAGE, cursor))
    this_year = rt.clock.today().year
    params = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    base = "/console/letters" + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )
    return render(
        request,
        "letters.html",
        status_code,
        page=page,
        q=q or "",
        year=year,
        direction=direction or "",
        years=list(range(this_year, this_year - YEARS_BACK - 1, -1)),
        export_year=year or this_year,
        base=base,
        register=REGISTER,
        links={v: k for k, v in CASE_TYPES.items()},
        errors=extra.pop("errors", {}),
        posted=extra.pop("posted", {}),
        failed=extra.pop("failed", None),
        refusal=extra.pop("refusal", None),
    )


@get("/letters", sync_to_thread=True)
def letters(request: Request[Any, Any, Any]) -> Template:
    """The register, newest first: search, year, direction; pages of 50."""
    return _page(request)


@post("/letters/{direction:str}", sync_to_thread=True, status_code=303)
def register_letter(request: Request[Any, Any, Any], direction: str) -> Response[Any]:
    """Register a letter from the form; back to the register, or the form with its refusal."""
    found = REGISTER.get(direction)
    if found is None:
        raise NotFoundException(f"no such register: {direction}")
    refuse_unless(request.user, WRITERS)
    posted: dict[str, str] = request.state.form
    data = {f.name: posted[f.name].strip() for f in found[1] if posted.get(f.name, "").strip()}
    try:
        cmd = _convert(data, found[2])
        service = runtime_of(request).correspondence
        method = (
            service.register_incoming_letter
            if direction == "incoming"
            else service.register_outgoing_letter
        )
        saved = method(cmd, caller_for(request, request.user, posted.get("note")))
    except FormInvalid as e:
        return _page(
            request,
            400,
            errors={e.field: e.message},
            posted=posted,
            failed=direction,
            refusal=e.message,
        )
    except DomainError as e:
        problem, _ = build_problem(e, request.url.path)
        errors = {f.field: f.message for f in problem.errors}
        return _page(
            request,
            problem.status,
            errors=errors,
            posted=posted,
            failed=direction,
            refusal=problem.detail,
        )
    if saved.position:  # the register shows the letter just registered (bounded wait)
        rt = runtime_of(request)
        rt.extras["projections"].wait_for(saved.position, ["letters"], timeout=SETTLE_SECONDS)
    return Redirect("/console/letters", status_code=303)
