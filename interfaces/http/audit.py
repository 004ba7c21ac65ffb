"""GET /audit/verify and /audit/head: the tamper-evidence check over HTTP.

GET /audit/events (the audit trail, filtered and paginated) is not here yet: it reads the
audit-trail read model that comes with the projection engine. The seam is
application.audit_trail (AuditTrailQuery, AuditTrail); its handler joins AuditController.
"""

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.audit import Head, VerifyReport
from infrastructure.audit_chain import audit_service
from interfaces.http.auth import allow
from interfaces.http.context import runtime_of

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


def _head(text: str, name: str) -> Head:
    try:
        return Head.parse(text)
    except ValueError as e:
        raise ValidationException(str(e), extra=[{"key": name, "message": str(e)}]) from None


class AuditController(Controller):
    """The tamper-evident chain over the whole log."""

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
        return verification(audit_service(rt.app, rt.read_engine).verify(start, expect))

    @get("/head", sync_to_thread=True)
    def head(self, request: Request[Any, Any, Any]) -> ChainHead:
        """The latest position and its digest, to copy elsewhere."""
        rt = runtime_of(request)
        return chain_head(audit_service(rt.app, rt.read_engine).head())
