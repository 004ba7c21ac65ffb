"""Every event of every case type is described in one line, in English and in Ukrainian."""

import dataclasses
import re
import sys
import types
import typing
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import msgspec
import pytest

from application.commands.partners import RegisterPartner
from application.history import HistoryService
from domain.agreement import AgreementKind
from domain.describe import (
    DESCRIBERS,
    Line,
    describe,
    describe_both,
    generic,
    load_describers,
)
from domain.describe import agreement as agreement_words
from domain.describe import engagement as engagement_words
from domain.describe import foi_request as foi_words
from domain.describe import partner as partner_words
from domain.describe import reminder as reminder_words
from domain.engagement import CounterpartType, EngagementFormat, EngagementKind
from domain.facts import facts_of
from domain.foi_request import (
    Channel,
    ExtensionReason,
    Outcome,
    RefusalGround,
    Requester,
    RequesterKind,
)
from domain.partner import PartnerKind, Relationship
from domain.reminders import What
from projections.audit_trail import domain_event_classes
from tests.audit.scenario import CLERK
from tests.foi import builders as foi

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
NAME, EMAIL, PHONE, POSTAL = "Mykola Hvylovyi", "mykola@ukr.net", "+380501234567", "Sumska 1"


# -- every event, both languages -----------------------------------------------------------------


def _is_abstract(aggregate: type, aggregates: set[type]) -> bool:
    """A base such as Case: other aggregates derive from it and it is never stored itself."""
    return any(other is not aggregate and issubclass(other, aggregate) for other in aggregates)


def owner_of(cls: type) -> type:
    """The aggregate class an event class belongs to."""
    return getattr(sys.modules[cls.__module__], cls.__qualname__.split(".")[0])


def stored_event_classes() -> list[type]:
    """Every event class an aggregate of `domain` can store.

    `Created` is the library's default creation event: an aggregate whose `__init__` names its own
    (`@event("Registered")`) never stores it.
    """
    classes = domain_event_classes()
    aggregates = {owner_of(c) for c in classes}
    out = []
    for cls in classes:
        owner, name = owner_of(cls), cls.__name__
        if _is_abstract(owner, aggregates):
            continue
        init = vars(owner).get("__init__")
        named = getattr(init, "event_cls_name", None)
        if name == "Created" and named not in (None, "Created"):
            continue
        out.append(cls)
    return out


def sample(kind: typing.Any) -> typing.Any:
    """A plausible value of an event field's type (ASCII text, first enum member, one item)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in typing.get_args(kind) if a is not type(None)))
    if origin is list:
        return [sample(typing.get_args(kind)[0])]
    if origin is tuple:
        return (sample(typing.get_args(kind)[0]),)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return next(iter(kind))
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: sample(hints[f.name]) for f in dataclasses.fields(kind)})
    simple = {
        str: "x",
        int: 2,
        bool: True,
        Decimal: Decimal("12.50"),
        date: date(2024, 1, 3),
        datetime: datetime(2024, 1, 3, 10, 0),
        uuid.UUID: uuid.UUID(int=7),
    }
    return simple[kind]


def sample_facts(cls: type) -> dict[str, typing.Any]:
    """An event's facts as describers receive them (JSON-ready), with a value in every field."""
    base = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}
    hints = typing.get_type_hints(cls)
    values = {
        k: sample(v)
        for k, v in hints.items()
        if k not in base and typing.get_origin(v) is not typing.ClassVar
    }
    return msgspec.to_builtins(values)


def test_every_event_of_every_aggregate_has_a_describer_in_english_and_ukrainian():
    load_describers()
    classes = stored_event_classes()
    names = {c.__qualname__ for c in classes}
    assert {"Partner.Registered", "Agreement.Signed", "FoiRequest.ExtensionNoticeSent"} <= names
    assert {"AidShipment.Distributed", "CalendarRegister.DayMadeWorking"} <= names
    assert {"ReferenceSequence.Issued"} <= names
    assert sorted(names - DESCRIBERS.keys()) == []
    for cls in classes:
        said = DESCRIBERS[cls.__qualname__](sample_facts(cls))  # raises if a field is misread
        assert isinstance(said, Line), cls.__qualname__
        assert said.en and said.uk and "\n" not in said.en + said.uk, cls.__qualname__
        assert not CYRILLIC.search(said.en), (cls.__qualname__, said.en)
        assert CYRILLIC.search(said.uk), (cls.__qualname__, said.uk)
        assert said != generic(cls.__qualname__, sample_facts(cls)), cls.__qualname__


@pytest.mark.parametrize(
    ("enum", "labels", "skip"),
    [
        (AgreementKind, agreement_words.KIND_UK, set()),
        (PartnerKind, partner_words.KIND_UK, set()),
        (Relationship, partner_words.RELATIONSHIP_UK, {"none"}),  # not said at all
        (RequesterKind, foi_words.REQUESTER_UK, set()),
        (RequesterKind, foi_words.REQUESTER_EN, set()),
        (Channel, foi_words.CHANNEL_UK, set()),
        (Channel, foi_words.CHANNEL_EN, set()),
        (ExtensionReason, foi_words.EXTENSION_UK, set()),
        (Outcome, foi_words.OUTCOME_UK, set()),
        (RefusalGround, foi_words.GROUND_UK, set()),
        (RefusalGround, foi_words.GROUND_EN, set()),
        (What, reminder_words.WHAT_UK, set()),
        (EngagementKind, engagement_words.KIND_UK, set()),
        (EngagementKind, engagement_words.KIND_EN, set()),
        (EngagementFormat, engagement_words.FORMAT_UK, set()),
        (CounterpartType, engagement_words.COUNTERPART_UK, set()),
        (CounterpartType, engagement_words.COUNTERPART_EN, set()),
    ],
)
def test_every_enum_value_said_in_a_description_has_a_label(enum, labels, skip):
    assert sorted({m.value for m in enum} - skip - labels.keys()) == []


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        describe("Agreement.Expired", {"expired_on": "2022-05-17"}, lang="de")


# -- word for word -------------------------------------------------------------------------------


def both(event_type: str, **facts) -> tuple[str, str]:
    return tuple(describe_both(event_type, msgspec.to_builtins(facts)))


def test_an_foi_extension_is_described_with_its_notice_day_and_reason():
    assert both(
        "FoiRequest.ExtensionNoticeSent",
        notice_sent_on=date(2024, 1, 3),
        reason=ExtensionReason.LARGE_VOLUME,
        justification="4 000 pages of correspondence",
    ) == (
        "Extended to 20 working days, notice sent on 03.01.2024: large volume",
        "Продовжено строк розгляду до 20 робочих днів, повідомлення від 03.01.2024: "
        "великий обсяг інформації",
    )


def test_a_refusal_is_described_with_its_legal_grounds():
    assert both(
        "FoiRequest.Answered",
        answered_on=date(2024, 1, 22),
        answered_at=None,
        outcome=Outcome.REFUSED,
        refusal_grounds=[RefusalGround.RESTRICTED, RefusalGround.NOT_HELD],
        outgoing_number="01-12/345",
        channel=Channel.EMAIL,
        pages=None,
        own_personal_data=False,
        public_interest=False,
        fee=Decimal("0.00"),
    ) == (
        "Answered on 22.01.2024, No. 01-12/345: refused "
        "(restricted information; information not held)",
        "Надано відповідь 22.01.2024, вих. № 01-12/345: відмовлено "
        "(інформація з обмеженим доступом; "
        "розпорядник не володіє і не зобов'язаний володіти інформацією)",
    )


def test_a_partial_grant_is_described_with_its_ground_and_copying_fee():
    assert both(
        "FoiRequest.Answered",
        answered_on=date(2024, 1, 22),
        outcome=Outcome.PARTIALLY_GRANTED,
        refusal_grounds=[RefusalGround.RESTRICTED],
        outgoing_number="17",
        fee=Decimal("32.00"),
    ) == (
        "Answered on 22.01.2024, No. 17: partly granted (restricted information); "
        "copying fee 32.00 UAH",
        "Надано відповідь 22.01.2024, вих. № 17: задоволено частково "
        "(інформація з обмеженим доступом); плата за копіювання 32,00 грн",
    )


def test_a_transfer_is_described_as_passed_to_the_holder():
    assert both(
        "FoiRequest.Transferred",
        to_holder="State Customs Service",
        transferred_on=date(2024, 1, 5),
        requester_notified_on=date(2024, 1, 8),
    ) == (
        "Transferred on 05.01.2024 to State Customs Service; requester notified on 08.01.2024",
        "Передано за належністю 05.01.2024: State Customs Service; "
        "запитувача повідомлено 08.01.2024",
    )


def test_a_receipt_with_a_discrepancy_names_the_short_line_and_why():
    lines = [
        {"line_no": 1, "received": "75", "damaged": "0", "missing": "0"},
        {
            "line_no": 2,
            "received": "2.3",
            "damaged": "0.2",
            "missing": "0",
            "discrepancy_reason": "crushed pallet",
        },
    ]
    assert both("AidShipment.Received", received_on=date(2022, 12, 2), lines=lines) == (
        "Received on 02.12.2022, 2 lines; discrepancies: "
        "line 2: 2.3 received, 0.2 damaged (crushed pallet)",
        "Отримано 02.12.2022, позицій: 2; розбіжності: "
        "позиція 2: прийнято 2,3, пошкоджено 0,2 (crushed pallet)",
    )
    full = [{"line_no": 1, "received": "75.000", "damaged": "0", "missing": "0"}]
    assert both("AidShipment.Received", received_on=date(2022, 12, 2), lines=full) == (
        "Received on 02.12.2022, 1 line, no discrepancies",
        "Отримано 02.12.2022, позицій: 1, без розбіжностей",
    )


def test_a_distribution_names_the_institution_the_act_and_the_quantities():
    assert both(
        "AidShipment.Distributed",
        distributed_on=date(2022, 12, 5),
        to="City Hospital No. 4",
        act_ref="12/22",
        lines=[{"line_no": 1, "quantity": "50"}, {"line_no": 2, "quantity": "1.5"}],
        status="partially_distributed",
    ) == (
        "Distributed on 05.12.2022 to City Hospital No. 4 under act 12/22: line 1: 50; line 2: 1.5",
        "Розподілено 05.12.2022 за актом № 12/22, отримувач City Hospital No. 4: "
        "позиція 1: 50; позиція 2: 1,5",
    )


def test_a_late_report_says_it_was_late():
    assert both(
        "AidShipment.Reported", reported_on=date(2023, 3, 10), report_ref="R-7", late=True
    ) == (
        "Report R-7 filed on 10.03.2023, late",
        "Подано звіт № R-7 10.03.2023 з порушенням строку",
    )
    on_time = both(
        "AidShipment.Reported", reported_on=date(2023, 2, 10), report_ref="R-7", late=False
    )
    assert on_time == ("Report R-7 filed on 10.02.2023", "Подано звіт № R-7 10.02.2023")


def test_a_signature_and_a_suspension_read_as_a_ukrainian_official_writes_them():
    signed = both(
        "Agreement.Signed",
        signed_on=date(2023, 6, 29),
        signatories=[{"name": "Ihor Terekhov"}, {"name": "T. Keller"}],
        expires_on=date(2028, 6, 29),
    )
    assert signed[1] == "Підписано 29.06.2023: I. Terekhov та T. Keller; діє до 29.06.2028"
    suspended = both(
        "Partner.Suspended",
        decided_on=date(2022, 3, 1),
        decision_ref="17/2022",
        grounds="armed aggression",
    )
    assert suspended == (
        "Cooperation suspended on 01.03.2022 by decision 17/2022: armed aggression",
        "Співпрацю призупинено 01.03.2022 рішенням № 17/2022: armed aggression",
    )


def test_a_reminder_is_described_with_what_it_is_about():
    assert both(
        "FoiRequest.ReminderIssued",
        key="overdue:2026-11-10",
        what="foi_overdue",
        due_on=date(2026, 11, 9),
    ) == (
        "Reminder foi overdue (overdue:2026-11-10): due 09.11.2026",
        "Сформовано нагадування (overdue:2026-11-10): строк відповіді на запит минув, "
        "строк 09.11.2026",
    )


# -- the requester stays out -----------------------------------------------------------------------


def test_no_description_names_an_foi_requester_or_gives_their_contacts():
    writer = Requester(
        name=NAME, kind="individual", email=EMAIL, phone=PHONE, postal_address=POSTAL
    )
    c = foi.ctx()
    request = foi.registered(
        requester=writer,
        urgent=True,
        urgency_reason=f"{NAME} is in hospital",
        received_at=foi.kyiv(foi.RECEIVED_ON, 9),
    )
    request.assign(c, officer="taras")
    request.clarify(c, on=date(2026, 11, 3), note=f"{NAME} asks to reply to {EMAIL}")
    request.answer(
        c, answered_on=date(2026, 11, 3), outcome="granted", outgoing_number="1", pages=14
    )
    request.record_payment(c, paid_on=date(2026, 11, 4), amount=Decimal("32.00"))
    withdrawn = foi.registered(requester=writer)
    withdrawn.withdraw(c, withdrawn_on=date(2026, 11, 3), reason=f"call {PHONE}")
    events = [*request.collect_events(), *withdrawn.collect_events()]
    said = [describe_both(type(e).__qualname__, facts_of(e)) for e in events]
    assert said[0].uk.startswith("Зареєстровано запит FOI-2026-0001 від фізичної особи")
    assert "from an individual" in said[0].en
    text = repr(said)
    assert [d for d in (NAME, "Hvylovyi", EMAIL, PHONE, POSTAL) if d in text] == []


def test_a_history_gives_each_event_in_english_and_ukrainian(memory_runtime):
    rt = memory_runtime
    case = rt.partners.register_partner(
        RegisterPartner(name="Brno", name_uk="Брно", country="CZ", kind="city"), CLERK
    ).case
    (entry,) = HistoryService(rt.app, rt.clock).history(type(case), case.id)
    assert entry.description == "Registered Brno (CZ), city"
    assert entry.description_uk == "Зареєстровано партнера Брно (CZ): місто"


def test_an_extended_request_is_described_from_its_stored_event():
    request = foi.in_status(foi.FoiStatus.EXTENDED)
    extended = [e for e in request.collect_events() if type(e).__name__ == "ExtensionNoticeSent"]
    assert describe("FoiRequest.ExtensionNoticeSent", facts_of(extended[0]), lang="uk") == (
        "Продовжено строк розгляду до 20 робочих днів, повідомлення від 04.11.2026: "
        "великий обсяг інформації"
    )
