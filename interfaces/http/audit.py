"""GET /audit/events, /audit/verify and /audit/head: the audit trail and the tamper check.

/audit/events reads the audit-trail read model (projections.audit_trail, behind the seam
projections.audit_query): every event in log order, filtered and paginated, with an FOI
requester's contact details already redacted when the row was written.
"""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter, QueryParameter

from application.audit import Head, VerifyReport
from infrastructure.audit_chain import audit_service
from interfaces.http.auth import allow
from interfaces.http.case_types import CaseTypeParam, case_type_filter
from interfaces.http.context import runtime_of
from interfaces.http.lists import Cursor, Limit, MinPosition, waits_for
from projections.audit_query import AuditTrailQuery
from projections.reads import ReadModels
from projections.reads.trail import AuditEventPage

# The whole log across cases is oversight material: auditors, managers and admins read it;
# clerks read the history of the cases they handle, not the audit endpoints.
AUDIT = frozenset({"auditor", "manager", "admin"})
can_audit = allow(AUDIT)


class ChainHead(msgspec.Struct):
    """A position of the chain and its digest: copy it where the database admin cannot reach."""

    position: int
    digest: str
    count: int | None


class VerifyProblem(msgspec.Struct):
    """One place where the log no longer matches its seals."""

    position: int
    reason: str
    detail: str


class Verification(msgspec.Struct):
    """The tamper-evidence check: ok, or the first position where the log was altered."""

    ok: bool
    checked: int
    sealed: int
    unsealed: int
    first_bad_position: int | None
    reason: str | None
    detail: str | None
    problems: list[VerifyProblem]
    head: ChainHead
    started_from: ChainHead | None
    seconds: float


def chain_head(head: Head) -> ChainHead:
    """Render a head."""
    return ChainHead(head.position, head.digest.hex(), head.count)


def verification(report: VerifyReport) -> Verification:
    """Render a verification report."""
    return Verification(
        ok=report.ok,
        checked=report.checked,
        sealed=report.sealed,
        unsealed=report.unsealed,
        first_bad_position=report.first_bad_position,
        reason=report.reason,
        detail=report.detail,
        problems=[VerifyProblem(p.position, p.reason, p.detail) for p in report.problems],
        head=chain_head(report.head),
        started_from=chain_head(report.started_from) if report.started_from else None,
        seconds=round(report.seconds, 3),
    )


EventType = Annotated[
    str | None,
    QueryParameter(
        name="type",
        pattern=r"^([A-Za-z][A-Za-z0-9]{0,39}\.)?[A-Za-z][A-Za-z0-9]{0,59}$",
        description="Signed, or Agreement.Signed",
    ),
]


def moment(text: str | None, name: str, tz: ZoneInfo, end_of_day: bool = False) -> datetime | None:
    """A date or ISO datetime of a query; naive ones are in the council's time zone."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text) + timedelta(days=1 if end_of_day else 0)
            return datetime.combine(day, time(), tz)
        value = datetime.fromisoformat(text)
    except ValueError:
        message = f"not a date or ISO datetime: {text!r}"
        raise ValidationException(message, extra=[{"key": name, "message": message}]) from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _head(text: str, name: str) -> Head:
    try:
        return Head.parse(text)
    except ValueError as e:
        raise ValidationException(str(e), extra=[{"key": name, "message": str(e)}]) from None


class AuditController(Controller):
    """The audit trail and the tamper-evident chain over the whole log."""

    path = "/audit"
    tags = ["audit"]
    guards = [can_audit]

    @get("/verify", sync_to_thread=True)
    def verify(
        self,
        request: Request[Any, Any, Any],
        from_head: Annotated[
            str | None, Parameter(description="POSITION:DIGEST to start from")
        ] = None,
        expect_head: Annotated[
            list[str] | None, Parameter(description="POSITION:DIGEST the chain must pass")
        ] = None,
    ) -> Verification:
        """Recompute the chain from the stored events and compare it with the seals."""
        rt = runtime_of(request)
        start = _head(from_head, "from_head") if from_head else None
        expect = [_head(h, "expect_head") for h in expect_head or []]
        if start is not None and any(h.position < start.position for h in expect):
            message = "an expect_head lies before from_head: verify from further back"
            raise ValidationException(message, extra=[{"key": "expect_head", "message": message}])
        service = audit_service(rt.app, rt.read_engine, rt.documents.file_problems)
        return verification(service.verify(start, expect))

    @get("/head", sync_to_thread=True)
    def head(self, request: Request[Any, Any, Any]) -> ChainHead:
        """The latest position and its digest, to copy elsewhere."""
        rt = runtime_of(request)
        return chain_head(audit_service(rt.app, rt.read_engine).head())

    @get("/events", sync_to_thread=True, before_request=waits_for("audit_trail"))
    def events(
        self,
        reads: ReadModels,
        request: Request[Any, Any, Any],
        actor: Annotated[str | None, Parameter(max_length=1000)] = None,
        case_id: UUID | None = None,
        case_type: CaseTypeParam = None,
        event_type: EventType = None,
        since: Annotated[
            str | None,
            QueryParameter(name="from", max_length=40, description="date or datetime, inclusive"),
        ] = None,
        until: Annotated[
            str | None,
            QueryParameter(
                name="to", max_length=40, description="datetime, exclusive; a date: its end"
            ),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> AuditEventPage:
        """Every event of the log, oldest first: who did what to which case, when and why."""
        rt = runtime_of(request)
        tz = ZoneInfo(rt.settings.timezone)
        query = AuditTrailQuery(
            actor=actor,
            case_id=case_id,
            case_type=case_type_filter(case_type),
            type=event_type,
            since=moment(since, "from", tz),
            until=moment(until, "to", tz, end_of_day=True),
            limit=limit,
            cursor=cursor,
        )
        return reads.audit_events(query, min_position)
