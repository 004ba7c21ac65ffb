"""The composition root: builds the application, its services and adapters from settings."""

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from application.accounts import AccountService
from application.agreements import AgreementService
from application.calendar import CalendarService, calendar_of
from application.casework import Casework
from application.clock import Clock, SystemClock
from application.consuls import ConsulService
from application.contacts import ContactService
from application.correspondence import CorrespondenceService
from application.counterparts import CounterpartService
from application.documents import DocumentService
from application.engagements import EngagementService
from application.foi import FoiService
from application.letters import LetterService
from application.memberships import MembershipService
from application.partners import PartnerService
from application.projects import ProjectService
from application.service import Policy
from application.shipments import ShipmentService
from domain.personal_data import mask_contacts
from infrastructure.eventlog import RecorderEventLog
from infrastructure.eventstore import event_store_env
from infrastructure.identity import Identity
from infrastructure.keyvault import SqlKeyVault
from infrastructure.letters_docx import render_docx
from infrastructure.outbox import list_reminders
from infrastructure.readdb import create_read_engine
from infrastructure.settings import Settings
from projections.reads import ReadModels


@dataclass
class Runtime:
    """Everything a process needs, built once: the store, the services, the read database."""

    settings: Settings
    clock: Clock
    app: Casework
    read_engine: Engine
    partners: PartnerService
    agreements: AgreementService
    foi: FoiService
    calendar: CalendarService
    shipments: ShipmentService
    accounts: AccountService
    identity: Identity
    engagements: EngagementService = field(init=False)
    projects: ProjectService = field(init=False)
    counterparts: CounterpartService
    contacts: ContactService
    consuls: ConsulService
    memberships: MembershipService
    vault: SqlKeyVault
    documents: DocumentService
    correspondence: CorrespondenceService
    letters: LetterService
    extras: dict[str, Any] = field(default_factory=dict)
    reads: ReadModels = field(init=False)
    """The read front door: every read of the read models."""

    def close(self) -> None:
        """Release connections."""
        for extra in self.extras.values():
            stop = getattr(extra, "close", None)
            if callable(stop):
                stop()
        close_files = getattr(self.documents.files, "close", None)
        if callable(close_files):
            close_files()
        self.app.close()
        self.read_engine.dispose()


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    """Wire a runtime from settings (the one place where infrastructure meets application)."""
    clock = clock or SystemClock(ZoneInfo(settings.timezone))
    app = Casework(env=event_store_env(settings.database_url))
    app.event_log = RecorderEventLog(app.recorder)
    policy = Policy(blocked_countries=settings.blocked_countries)
    read_engine = create_read_engine(settings.read_url)
    accounts = AccountService(app, clock, policy)
    vault = SqlKeyVault(read_engine)  # the per-person data keys: outside the event store
    runtime = Runtime(
        settings=settings,
        clock=clock,
        app=app,
        read_engine=read_engine,
        partners=PartnerService(app, clock, policy),
        agreements=AgreementService(app, clock, policy),
        foi=FoiService(app, clock, policy),
        calendar=CalendarService(app, clock, policy),
        shipments=ShipmentService(app, clock, policy),
        accounts=accounts,
        identity=Identity(read_engine, accounts, settings.secret_key),
        counterparts=CounterpartService(app, clock, policy),
        contacts=ContactService(app, clock, policy, vault=vault),
        consuls=ConsulService(app, clock, policy, vault=vault),
        memberships=MembershipService(app, clock, policy),
        vault=vault,
        documents=(documents := document_service(settings, app, clock)),
        correspondence=(register := CorrespondenceService(app, clock, policy)),
        letters=LetterService(register, documents, render_docx),
        extras=projection_extras(settings, app, read_engine),
    )
    runtime.engagements = EngagementService(app, clock, policy)
    runtime.projects = ProjectService(app, clock, policy)
    runtime.reads = read_models(runtime)
    return runtime


def document_service(settings: Settings, app: Casework, clock: Clock) -> DocumentService:
    """The documents' use cases over the file store the deployment keeps them in."""
    from infrastructure.files import file_store
    from infrastructure.files.sniff import sniff

    return DocumentService(app, clock, file_store(settings), sniff, settings.max_upload_bytes)


def read_models(rt: Runtime) -> ReadModels:
    """The read front door over a runtime (its settings and projection engine read live)."""
    return ReadModels(
        rt.read_engine,
        rt.clock,
        head=lambda: rt.app.position,
        positions=lambda: rt.extras["projections"],
        limits=lambda: rt.settings,
        calendar=lambda: calendar_of(rt.app),
        mask_contacts=mask_contacts,
        reminder_rows=list_reminders,
    )


def projection_extras(settings: Settings, app: Casework, read_engine: Engine) -> dict[str, Any]:
    """The projection engine, which also seals the audit chain; in-process on embedded stores."""
    from infrastructure.audit_chain import auto_seal
    from projections.registry import PROJECTIONS
    from projections.runtime.engine import ProjectionEngine

    engine = ProjectionEngine(app, read_engine, PROJECTIONS)
    engine.after_batch.append(auto_seal(app, read_engine))  # keeps the audit chain sealed
    app.on_saved(engine.wake)
    extras: dict[str, Any] = {"projections": engine}
    if not settings.is_postgres:
        # PostgreSQL deployments run `pobratym projections run` as worker processes instead.
        extras["on_startup"] = [engine.start]
    return extras
