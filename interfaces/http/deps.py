"""What handlers receive by name, injected with Litestar's `Provide` (no service locator).

A handler declares what it needs as typed parameters, and these providers supply them from the
runtime the app was built with and from the request:

    @post("/{agreement_id:uuid}/sign", guards=[can_write], sync_to_thread=True)
    def sign(
        self, agreement_id: UUID, data: SignAgreement, agreements: AgreementService,
        caller: Caller, if_match: IfMatch,
    ) -> Response[AgreementDetail]:
        return self.reply(agreements.sign_agreement(agreement_id, data, caller, if_match))
"""

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide

from application.accounts import AccountService
from application.agreements import AgreementService
from application.calendar import CalendarService
from application.clock import Clock
from application.correspondence import CorrespondenceService
from application.documents import DocumentService
from application.engagements import EngagementService
from application.foi import FoiService
from application.letters import LetterService
from application.partners import PartnerService
from application.projects import ProjectService
from application.service import Caller
from application.shipments import ShipmentService
from infrastructure.bootstrap import Runtime
from interfaces.http.context import caller as caller_of
from interfaces.http.context import expected_version
from projections.reads import ReadModels

IfMatch = int | None
"""The case version named by If-Match (`"3"`), or None: a stale one answers 412."""


def _runtime(state: State) -> Runtime:
    runtime: Runtime = state.runtime
    return runtime


def provide_agreements(state: State) -> AgreementService:
    """The agreements' use cases."""
    return _runtime(state).agreements


def provide_partners(state: State) -> PartnerService:
    """The partners' use cases."""
    return _runtime(state).partners


def provide_foi(state: State) -> FoiService:
    """The FOI requests' use cases."""
    return _runtime(state).foi


def provide_shipments(state: State) -> ShipmentService:
    """The aid shipments' use cases."""
    return _runtime(state).shipments


def provide_engagements(state: State) -> EngagementService:
    """The engagements' use cases (meetings, visits, events)."""
    return _runtime(state).engagements


def provide_projects(state: State) -> ProjectService:
    """The projects' use cases."""
    return _runtime(state).projects


def provide_calendar(state: State) -> CalendarService:
    """The working-day calendar's use cases."""
    return _runtime(state).calendar


def provide_accounts(state: State) -> AccountService:
    """The staff accounts' use cases."""
    return _runtime(state).accounts


def provide_documents(state: State) -> DocumentService:
    """The documents' use cases (attach, list, download, withdraw)."""
    return _runtime(state).documents


def provide_correspondence(state: State) -> CorrespondenceService:
    """The correspondence register's use cases."""
    return _runtime(state).correspondence


def provide_letters(state: State) -> LetterService:
    """Letters generated from a case's facts."""
    return _runtime(state).letters


def provide_reads(state: State) -> ReadModels:
    """The read front door: every read of the read models, typed."""
    return _runtime(state).reads


def provide_clock(state: State) -> Clock:
    """The business clock (Europe/Kyiv; tests set it)."""
    return _runtime(state).clock


def provide_caller(request: Request[Any, Any, Any]) -> Caller:
    """Who sends the command: the authenticated principal and the request id (never the body)."""
    return caller_of(request)


def provide_if_match(request: Request[Any, Any, Any]) -> IfMatch:
    """The version the client expects the case to be at (If-Match), or None."""
    return expected_version(request)


DEPENDENCIES: dict[str, Provide] = {
    "agreements": Provide(provide_agreements, sync_to_thread=False),
    "partners": Provide(provide_partners, sync_to_thread=False),
    "foi": Provide(provide_foi, sync_to_thread=False),
    "shipments": Provide(provide_shipments, sync_to_thread=False),
    "engagements": Provide(provide_engagements, sync_to_thread=False),
    "projects": Provide(provide_projects, sync_to_thread=False),
    "calendar": Provide(provide_calendar, sync_to_thread=False),
    "accounts": Provide(provide_accounts, sync_to_thread=False),
    "documents": Provide(provide_documents, sync_to_thread=False),
    "correspondence": Provide(provide_correspondence, sync_to_thread=False),
    "letters": Provide(provide_letters, sync_to_thread=False),
    "reads": Provide(provide_reads, sync_to_thread=False),
    "clock": Provide(provide_clock, sync_to_thread=False),
    "caller": Provide(provide_caller, sync_to_thread=False),
    "if_match": Provide(provide_if_match, sync_to_thread=False),
}
