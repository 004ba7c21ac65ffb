"""Demo FOI requests: the journalist's request of 25.12.2023 and a few illustrative ones."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from application.clock import FixedClock
from application.foi import FoiService
from application.service import Caller, Policy
from domain.foi_request import Requester
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
    saved = desk.at(JOURNALIST_RECEIVED_ON).register_request(
        label,
        requester=Requester(
            name="Editor, Gwara Media", kind="media", email="newsroom@gwara.example"
        ),
        channel="email",
        received_on=JOURNALIST_RECEIVED_ON,
        subject="The Department of International Cooperation's work in 2023",
        text=(
            "Agreements signed, renewed and terminated with foreign cities in 2023; humanitarian "
            "aid received, by donor country and by kind; partner cities."
        ),
    )
    rid = saved.case.id
    desk.at(date(2023, 12, 26)).assign_request(rid, illustrative("assignment"), officer=OFFICER)
    desk.at(JOURNALIST_ANSWERED_ON).answer_request(
        rid,
        Caller(
            actor="demo-loader", role="admin", note="answer signed by the department's director"
        ),
        answered_on=JOURNALIST_ANSWERED_ON,
        outcome="granted",
        outgoing_number=JOURNALIST_OUTGOING_NUMBER,
        channel="email",
    )
    return rid


def _on_time(desk: FoiDesk) -> UUID:
    label = illustrative("request answered on time")
    rid = (
        desk.at(date(2024, 2, 5))
        .register_request(
            label,
            requester=Requester(name="Oksana K.", kind="individual", postal_address="Kharkiv"),
            channel="post",
            received_on=date(2024, 2, 5),
            subject="Youth exchanges with twin cities",
            text="Which youth exchanges with twin cities took place in 2023?",
        )
        .case.id
    )
    desk.at(date(2024, 2, 6)).assign_request(rid, label, officer=OFFICER)
    # Due on the 5th working day after Monday 05.02.2024: Monday 12.02.2024.
    desk.at(date(2024, 2, 8)).answer_request(
        rid, label, answered_on=date(2024, 2, 8), outcome="granted", outgoing_number="17/0/150-24"
    )
    return rid


def _extended(desk: FoiDesk) -> UUID:
    label = illustrative("extended request with a copying fee")
    rid = (
        desk.at(date(2024, 3, 4))
        .register_request(
            label,
            requester=Requester(
                name="A civic association of Kharkiv",
                kind="association",
                email="info@monitor.example",
            ),
            channel="email",
            received_on=date(2024, 3, 4),
            subject="Humanitarian aid received in 2022-2023",
            text="Copies of the acts of receipt of every humanitarian cargo in 2022 and 2023.",
        )
        .case.id
    )
    desk.at(date(2024, 3, 5)).assign_request(rid, label, officer=OFFICER)
    desk.at(date(2024, 3, 6)).extend_request(
        rid,
        label,
        notice_sent_on=date(2024, 3, 6),
        reason="large_volume",
        justification="Several hundred acts of receipt must be found and copied.",
    )
    # Extended: due on the 20th working day after 04.03.2024, Monday 01.04.2024.
    desk.at(date(2024, 3, 29)).answer_request(
        rid,
        label,
        answered_on=date(2024, 3, 29),
        outcome="partially_granted",
        refusal_grounds=["restricted"],
        outgoing_number="17/0/402-24",
        pages=26,
    )
    # 26 pages: 16 beyond the free ten at 7.10 UAH a page (rate of March 2024).
    desk.at(date(2024, 4, 2)).record_payment(
        rid, label, paid_on=date(2024, 4, 2), amount=Decimal("113.60")
    )
    return rid


def _urgent(desk: FoiDesk) -> UUID:
    label = illustrative("urgent request, 48 hours")
    friday = date(2024, 6, 14)
    rid = (
        desk.at(friday, 18)
        .register_request(
            label,
            requester=Requester(name="Ivan P.", kind="individual", phone="+380 57 700 00 00"),
            channel="portal",
            received_on=friday,
            received_at=desk.moment(friday, 15, 30),
            subject="Water disinfection supplies",
            text="Is the water utility supplied with chlorine tablets after the shelling?",
            urgent=True,
            urgency_reason="drinking water safety (environment, emergency)",
        )
        .case.id
    )
    # 48 clock hours from Friday 15:30 end on Sunday 16.06.2024 at 15:30: Monday is late.
    monday = date(2024, 6, 17)
    desk.at(monday, 11).answer_request(
        rid,
        label,
        answered_on=monday,
        answered_at=desk.moment(monday, 10),
        outcome="granted",
        outgoing_number="17/0/811-24",
    )
    return rid


def _transferred(desk: FoiDesk) -> UUID:
    label = illustrative("request transferred to the holder")
    rid = (
        desk.at(date(2024, 9, 2))
        .register_request(
            label,
            requester=Requester(name="Logistics LLC", kind="legal_entity", email="a@llc.example"),
            channel="email",
            received_on=date(2024, 9, 2),
            subject="Customs clearance of humanitarian cargo",
            text="Customs declarations of humanitarian cargo for Kharkiv in 2024.",
        )
        .case.id
    )
    desk.at(date(2024, 9, 4)).transfer_request(
        rid,
        label,
        to_holder="State Customs Service of Ukraine",
        transferred_on=date(2024, 9, 4),
        requester_notified_on=date(2024, 9, 4),
    )
    return rid


def _refused(desk: FoiDesk) -> UUID:
    label = illustrative("refusal on a legal ground")
    rid = (
        desk.at(date(2024, 10, 7))
        .register_request(
            label,
            requester=Requester(name="Petro S.", kind="individual", email="p@mail.example"),
            channel="email",
            received_on=date(2024, 10, 7),
            subject="Honorary consuls",
            text="Home addresses and phone numbers of the honorary consuls in Kharkiv.",
        )
        .case.id
    )
    desk.at(date(2024, 10, 10)).answer_request(
        rid,
        label,
        answered_on=date(2024, 10, 10),
        outcome="refused",
        refusal_grounds=["restricted"],
        outgoing_number="17/0/1290-24",
    )
    return rid
