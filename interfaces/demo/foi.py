"""Demo FOI requests: the journalist's request of 25.12.2023 and a few illustrative ones."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from application.clock import FixedClock
from application.commands.foi import (
    AnswerFoiRequest,
    AssignFoiRequest,
    ExtendFoiRequest,
    RecordFoiPayment,
    RegisterFoiRequest,
    RequesterBody,
    TransferFoiRequest,
)
from application.foi import FoiService
from application.service import Caller, Policy
from domain.foi_request import Channel, ExtensionReason, Outcome, RefusalGround, RequesterKind
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import illustrative

JOURNALIST_RECEIVED_ON = date(2023, 12, 25)
JOURNALIST_ANSWERED_ON = date(2024, 1, 12)
JOURNALIST_OUTGOING_NUMBER = "17/0/972-24"
OFFICER = "international-cooperation-director"


@dataclass
class FoiDesk:
    """The department's FOI desk on a clock that can be set to any past moment."""

    clock: FixedClock
    foi: FoiService
    zone: ZoneInfo

    @classmethod
    def open(cls, runtime: Runtime) -> "FoiDesk":
        """The FOI service on its own fixed clock."""
        clock = FixedClock.on(JOURNALIST_RECEIVED_ON, runtime.settings.timezone)
        service = FoiService(runtime.app, clock, Policy())
        return cls(clock, service, ZoneInfo(runtime.settings.timezone))

    def at(self, day: date, hour: int = 17, minute: int = 0) -> FoiService:
        """The service with the clock at a local moment of a day (late afternoon by default)."""
        self.clock.set(datetime.combine(day, time(hour, minute), self.zone))
        return self.foi

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A local moment."""
        return datetime.combine(day, time(hour, minute), self.zone)


def load(runtime: Runtime) -> Iterator[str]:
    """Record the requests and their answers on the days they happened."""
    desk = FoiDesk.open(runtime)
    journalist = _journalist(desk)
    ids = [journalist, _on_time(desk), _extended(desk), _urgent(desk), _transferred(desk)]
    ids.append(_refused(desk))
    calendar = runtime.foi.calendar()
    found = runtime.foi.get_request(journalist)
    due, late = found.due_on(calendar), found.working_days_late(calendar)
    yield (
        f"FOI requests: {len(ids)} recorded; {found.reference} of "
        f"{found.received_on.isoformat()} was due {due.isoformat()} (martial law: no holidays) "
        f"and answered {JOURNALIST_ANSWERED_ON.isoformat()} № {JOURNALIST_OUTGOING_NUMBER}, "
        f"{late} working days late"
    )
    answered = [runtime.foi.get_request(i) for i in ids]
    on_time = sum(1 for r in answered if r.late(calendar) is False)
    late_count = sum(1 for r in answered if r.late(calendar))
    yield f"FOI answers: {on_time} on time, {late_count} late"


def _journalist(desk: FoiDesk) -> UUID:
    """Documented: received 25.12.2023 by e-mail, answered 12.01.2024 № 17/0/972-24."""
    label = illustrative("contact address and wording of the request (dates, number documented)")
    saved = desk.at(JOURNALIST_RECEIVED_ON).register_foi_request(
        RegisterFoiRequest(
            requester=RequesterBody(
                name="Editor, Gwara Media", kind=RequesterKind.MEDIA, email="newsroom@gwara.example"
            ),
            channel=Channel.EMAIL,
            received_on=JOURNALIST_RECEIVED_ON,
            subject="The Department of International Cooperation's work in 2023",
            text=(
                "Agreements signed, renewed and terminated with foreign cities in 2023; "
                "humanitarian aid received, by donor country and by kind; partner cities."
            ),
        ),
        label,
    )
    rid = saved.case.id
    desk.at(date(2023, 12, 26)).assign_foi_request(
        rid, AssignFoiRequest(officer=OFFICER), illustrative("assignment")
    )
    desk.at(JOURNALIST_ANSWERED_ON).answer_foi_request(
        rid,
        AnswerFoiRequest(
            answered_on=JOURNALIST_ANSWERED_ON,
            outcome=Outcome.GRANTED,
            outgoing_number=JOURNALIST_OUTGOING_NUMBER,
            channel=Channel.EMAIL,
        ),
        Caller(
            actor="demo-loader", role="admin", note="answer signed by the department's director"
        ),
    )
    return rid


def _on_time(desk: FoiDesk) -> UUID:
    label = illustrative("request answered on time")
    rid = (
        desk.at(date(2024, 2, 5))
        .register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name="Oksana K.", kind=RequesterKind.INDIVIDUAL, postal_address="Kharkiv"
                ),
                channel=Channel.POST,
                received_on=date(2024, 2, 5),
                subject="Youth exchanges with twin cities",
                text="Which youth exchanges with twin cities took place in 2023?",
            ),
            label,
        )
        .case.id
    )
    desk.at(date(2024, 2, 6)).assign_foi_request(rid, AssignFoiRequest(officer=OFFICER), label)
    # Due on the 5th working day after Monday 05.02.2024: Monday 12.02.2024.
    desk.at(date(2024, 2, 8)).answer_foi_request(
        rid,
        AnswerFoiRequest(
            answered_on=date(2024, 2, 8), outcome=Outcome.GRANTED, outgoing_number="17/0/150-24"
        ),
        label,
    )
    return rid


def _extended(desk: FoiDesk) -> UUID:
    label = illustrative("extended request with a copying fee")
    rid = (
        desk.at(date(2024, 3, 4))
        .register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name="A civic association of Kharkiv",
                    kind=RequesterKind.ASSOCIATION,
                    email="info@monitor.example",
                ),
                channel=Channel.EMAIL,
                received_on=date(2024, 3, 4),
                subject="Humanitarian aid received in 2022-2023",
                text="Copies of the acts of receipt of every humanitarian cargo in 2022 and 2023.",
            ),
            label,
        )
        .case.id
    )
    desk.at(date(2024, 3, 5)).assign_foi_request(rid, AssignFoiRequest(officer=OFFICER), label)
    desk.at(date(2024, 3, 6)).extend_foi_request(
        rid,
        ExtendFoiRequest(
            notice_sent_on=date(2024, 3, 6),
            reason=ExtensionReason.LARGE_VOLUME,
            justification="Several hundred acts of receipt must be found and copied.",
        ),
        label,
    )
    # Extended: due on the 20th working day after 04.03.2024, Monday 01.04.2024.
    desk.at(date(2024, 3, 29)).answer_foi_request(
        rid,
        AnswerFoiRequest(
            answered_on=date(2024, 3, 29),
            outcome=Outcome.PARTIALLY_GRANTED,
            refusal_grounds=[RefusalGround.RESTRICTED],
            outgoing_number="17/0/402-24",
            pages=26,
        ),
        label,
    )
    # 26 pages: 16 beyond the free ten at 7.10 UAH a page (rate of March 2024).
    desk.at(date(2024, 4, 2)).record_foi_payment(
        rid, RecordFoiPayment(paid_on=date(2024, 4, 2), amount=Decimal("113.60")), label
    )
    return rid


def _urgent(desk: FoiDesk) -> UUID:
    label = illustrative("urgent request, 48 hours")
    friday = date(2024, 6, 14)
    rid = (
        desk.at(friday, 18)
        .register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name="Ivan P.", kind=RequesterKind.INDIVIDUAL, phone="+380 57 700 00 00"
                ),
                channel=Channel.PORTAL,
                received_on=friday,
                received_at=desk.moment(friday, 15, 30),
                subject="Water disinfection supplies",
                text="Is the water utility supplied with chlorine tablets after the shelling?",
                urgent=True,
                urgency_reason="drinking water safety (environment, emergency)",
            ),
            label,
        )
        .case.id
    )
    # 48 clock hours from Friday 15:30 end on Sunday 16.06.2024 at 15:30: Monday is late.
    monday = date(2024, 6, 17)
    desk.at(monday, 11).answer_foi_request(
        rid,
        AnswerFoiRequest(
            answered_on=monday,
            answered_at=desk.moment(monday, 10),
            outcome=Outcome.GRANTED,
            outgoing_number="17/0/811-24",
        ),
        label,
    )
    return rid


def _transferred(desk: FoiDesk) -> UUID:
    label = illustrative("request transferred to the holder")
    rid = (
        desk.at(date(2024, 9, 2))
        .register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name="Logistics LLC", kind=RequesterKind.LEGAL_ENTITY, email="a@llc.example"
                ),
                channel=Channel.EMAIL,
                received_on=date(2024, 9, 2),
                subject="Customs clearance of humanitarian cargo",
                text="Customs declarations of humanitarian cargo for Kharkiv in 2024.",
            ),
            label,
        )
        .case.id
    )
    desk.at(date(2024, 9, 4)).transfer_foi_request(
        rid,
        TransferFoiRequest(
            to_holder="State Customs Service of Ukraine",
            transferred_on=date(2024, 9, 4),
            requester_notified_on=date(2024, 9, 4),
        ),
        label,
    )
    return rid


def _refused(desk: FoiDesk) -> UUID:
    label = illustrative("refusal on a legal ground")
    rid = (
        desk.at(date(2024, 10, 7))
        .register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name="Petro S.", kind=RequesterKind.INDIVIDUAL, email="p@mail.example"
                ),
                channel=Channel.EMAIL,
                received_on=date(2024, 10, 7),
                subject="Honorary consuls",
                text="Home addresses and phone numbers of the honorary consuls in Kharkiv.",
            ),
            label,
        )
        .case.id
    )
    desk.at(date(2024, 10, 10)).answer_foi_request(
        rid,
        AnswerFoiRequest(
            answered_on=date(2024, 10, 10),
            outcome=Outcome.REFUSED,
            refusal_grounds=[RefusalGround.RESTRICTED],
            outgoing_number="17/0/1290-24",
        ),
        label,
    )
    return rid
