"""The benchmark data set: partners, agreements, FOI requests and aid shipments (fixed seed).

Cases are built with the real domain commands (so every event is what the application would
store), encoded with the application's mapper and written straight through the recorder, many
thousand events per transaction. Events of different cases interleave on a simulated calendar
(2019 to 2026), as in a real log: a case's later events come long after its creation.
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from domain.agreement import Agreement, AgreementKind
from domain.aid_lines import AidCategory, AidLine, Donor, LineQuantity, LineReceipt, Unit
from domain.aid_shipment import AidShipment
from domain.calendar import STATUTORY
from domain.foi_request import (
    Channel,
    ExtensionReason,
    FoiRequest,
    Outcome,
    RefusalGround,
    Requester,
    RequesterKind,
)
from domain.meta import Ctx
from domain.partner import Partner, PartnerKind, Relationship
from domain.values import Money, Signatory, Term

SEED = 20261123
TODAY = date(2026, 11, 23)
START = date(2019, 1, 1)
SPAN_DAYS = (TODAY - START).days
MIX = (("agreement", 0.5), ("foi", 0.3), ("shipment", 0.2))

CITIES = [
    ("Kraków", "Краків", "PL"),
    ("Lublin", "Люблін", "PL"),
    ("Poznań", "Познань", "PL"),
    ("Katowice", "Катовіце", "PL"),
    ("Rzeszów", "Жешув", "PL"),
    ("Wrocław", "Вроцлав", "PL"),
    ("Nürnberg", "Нюрнберг", "DE"),
    ("Düsseldorf", "Дюссельдорф", "DE"),
    ("Dresden", "Дрезден", "DE"),
    ("Bologna", "Болонья", "IT"),
    ("Lille", "Лілль", "FR"),
    ("Nancy", "Нансі", "FR"),
    ("Cincinnati", "Цинциннаті", "US"),
    ("Chicago", "Чикаго", "US"),
    ("Brno", "Брно", "CZ"),
    ("Ostrava", "Острава", "CZ"),
    ("Košice", "Кошице", "SK"),
    ("Kaunas", "Каунас", "LT"),
    ("Vilnius", "Вільнюс", "LT"),
    ("Rīga", "Рига", "LV"),
    ("Tartu", "Тарту", "EE"),
    ("Kutaisi", "Кутаїсі", "GE"),
    ("Tbilisi", "Тбілісі", "GE"),
    ("Bursa", "Бурса", "TR"),
    ("Gaziantep", "Газіантеп", "TR"),
    ("Tianjin", "Тяньцзінь", "CN"),
    ("Jinan", "Цзінань", "CN"),
    ("Daejeon", "Теджон", "KR"),
    ("Bergen", "Берген", "NO"),
    ("Göteborg", "Гетеборг", "SE"),
    ("Espoo", "Еспоо", "FI"),
    ("Aarhus", "Орхус", "DK"),
    ("Utrecht", "Утрехт", "NL"),
    ("Gent", "Гент", "BE"),
    ("Graz", "Грац", "AT"),
    ("Ljubljana", "Любляна", "SI"),
    ("Zagreb", "Загреб", "HR"),
    ("Pécs", "Печ", "HU"),
    ("Iași", "Ясси", "RO"),
    ("Chișinău", "Кишинів", "MD"),
    ("Plovdiv", "Пловдив", "BG"),
    ("Thessaloniki", "Салоніки", "GR"),
    ("Valencia", "Валенсія", "ES"),
    ("Porto", "Порту", "PT"),
    ("Edinburgh", "Единбург", "GB"),
    ("Cork", "Корк", "IE"),
    ("Edmonton", "Едмонтон", "CA"),
    ("Melbourne", "Мельбурн", "AU"),
    ("Haifa", "Хайфа", "IL"),
    ("Sendai", "Сендай", "JP"),
]
DISTRICTS = [
    ("Centrum", "Центр"),
    ("Nord", "Північ"),
    ("Süd", "Південь"),
    ("Ost", "Схід"),
    ("West", "Захід"),
    ("Altstadt", "Старе місто"),
    ("Neustadt", "Нове місто"),
    ("Hafen", "Порт"),
]
KIND_TITLES = {
    AgreementKind.TWINNING: "Угода про побратимство",
    AgreementKind.PARTNERSHIP: "Договір про партнерство",
    AgreementKind.MEMORANDUM: "Меморандум про взаєморозуміння",
    AgreementKind.FRIENDSHIP_PLEDGE: "Декларація про дружбу",
    AgreementKind.PROTOCOL_OF_INTENT: "Протокол про наміри",
    AgreementKind.DECLARATION: "Спільна декларація",
    AgreementKind.FRAMEWORK: "Рамкова угода про співпрацю",
}
AREAS = [
    ("education", "співробітництва у сфері освіти та науки"),
    ("culture", "культурних обмінів і збереження спадщини"),
    ("health", "охорони здоров'я та реабілітації поранених"),
    ("energy", "енергоефективності та відновлення теплопостачання"),
    ("reconstruction", "відбудови критичної інфраструктури міста"),
    ("youth", "молодіжних обмінів і спорту"),
    ("digital", "цифрової трансформації міських послуг"),
    ("economy", "розвитку малого та середнього підприємництва"),
    ("water", "модернізації водопостачання та водовідведення"),
    ("transport", "оновлення громадського транспорту"),
]
STAFF = ["olena.k", "andrii.s", "iryna.m", "taras.h", "oksana.p", "dmytro.v", "nataliia.b"]
SIGNATORIES = [
    ("Харківська міська рада", "Ігор Терехов", "міський голова"),
    ("Харківська міська рада", "Ігор Терехов", "міський голова"),
    ("Харківська міська рада", "Світлана Горбунова-Рубан", "заступниця міського голови"),
]
FIRST_NAMES = [
    "Олена",
    "Андрій",
    "Ірина",
    "Тарас",
    "Оксана",
    "Дмитро",
    "Наталія",
    "Богдан",
    "Марія",
    "Юрій",
    "Катерина",
    "Василь",
    "Софія",
    "Максим",
    "Ганна",
    "Олександр",
]
LAST_NAMES = [
    "Коваленко",
    "Шевчук",
    "Бондаренко",
    "Мельник",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Литвиненко",
    "Гончаренко",
    "Савченко",
    "Руденко",
    "Поліщук",
]
ORGS = [
    "ГО «Харківські ініціативи»",
    "ТОВ «Слобожанські медіа»",
    "Благодійний фонд «Прихисток»",
    "Редакція «Харківські відомості»",
    "ГО «Антикорупційна платформа Харкова»",
]
FOI_SUBJECTS = [
    "Інформація про угоди з містами-побратимами",
    "Кошти, отримані від міжнародних партнерів у 2024 році",
    "Гуманітарна допомога, отримана департаментом",
    "Витрати на закордонні відрядження посадових осіб",
    "Перелік меморандумів про співпрацю",
    "Розподіл генераторів між лікарнями міста",
    "Проєкти відбудови за участі іноземних донорів",
    "Звіти про використання гуманітарної допомоги",
]
FOI_SENTENCES = [
    "Прошу надати копії всіх чинних угод про співробітництво з іноземними містами.",
    "Прошу повідомити обсяг коштів, отриманих від міжнародних партнерів, з розбивкою за роками.",
    "Прошу надати перелік отриманої гуманітарної допомоги із зазначенням донорів і категорій.",
    "Прошу зазначити, які заклади отримали допомогу та на підставі яких актів приймання.",
    "Відповідь прошу надіслати на електронну адресу, зазначену в цьому запиті.",
    "Запит подається відповідно до статті 19 Закону України «Про доступ до публічної інформації».",
    "Прошу також надати копії звітів про використання допомоги, поданих до Мінсоцполітики.",
    "У разі відмови прошу зазначити підстави відповідно до статті 22 Закону.",
]
AID_ITEMS = [
    (AidCategory.ENERGY, "Генератор дизельний 30 кВт", Unit.PCS, 4, 900),
    (AidCategory.ENERGY, "Павербанк зарядна станція 2 кВт·год", Unit.PCS, 40, 25),
    (AidCategory.MEDICINES, "Знеболювальні препарати (коробки)", Unit.BOX, 200, 8),
    (AidCategory.MEDICAL_EQUIPMENT, "Апарат ШВЛ портативний", Unit.PCS, 6, 15),
    (AidCategory.MEDICAL_EQUIPMENT, "Аптечки першої допомоги IFAK", Unit.SET, 500, 1),
    (AidCategory.FOOD, "Продуктові набори на родину", Unit.SET, 800, 12),
    (AidCategory.CLOTHING, "Теплий одяг зимовий", Unit.BOX, 120, 10),
    (AidCategory.HYGIENE, "Засоби гігієни (набори)", Unit.SET, 1000, 2),
    (AidCategory.SHELTER, "Ковдри вовняні", Unit.PCS, 600, 2),
    (AidCategory.BUILDING_MATERIALS, "Плити OSB для закриття вікон", Unit.PALLET, 20, 700),
    (AidCategory.WATER_SANITATION, "Фільтри для води промислові", Unit.PCS, 10, 60),
    (AidCategory.VEHICLES, "Автомобіль швидкої допомоги", Unit.PCS, 1, 2500),
]
RECIPIENTS = [
    "КНП «Міська клінічна лікарня №17»",
    "КП «Харківводоканал»",
    "КП «Харківські теплові мережі»",
    "Пункт незламності №12",
    "Харківський міський центр соціальних служб",
    "КНП «Дитяча лікарня №16»",
]
KYIV = timedelta(hours=2)
# Art. 22(1): a refusal, and the withheld part of a partial grant, rest on a ground from the
# law's closed list (a partial grant typically withholds personal data: restricted access).
GROUNDS = {
    Outcome.GRANTED: [],
    Outcome.PARTIALLY_GRANTED: [RefusalGround.RESTRICTED],
    Outcome.REFUSED: [RefusalGround.NOT_HELD],
}


@dataclass
class DataSet:
    """What the generator made: counts and ids the benchmarks need later."""

    cases: int = 0
    events: int = 0
    partners: list[Partner] = field(default_factory=list)
    in_force: list[UUID] = field(default_factory=list)
    """Signed or renewed agreements (commands in the write benchmarks suspend and resume them)."""


def _ctx(rng: random.Random, day: date) -> Ctx:
    moment = datetime.combine(day, time(9 + rng.randrange(8), rng.randrange(60)), UTC) - KYIV
    return Ctx(actor=rng.choice(STAFF), today=day, now=moment)


def _later(rng: random.Random, day: date, lo: int, hi: int) -> date | None:
    """A day lo..hi days after `day`, or None if that is after the benchmark's today."""
    later = day + timedelta(days=rng.randint(lo, hi))
    return later if later <= TODAY else None


def make_partners(rng: random.Random, n: int) -> list[Partner]:
    """n partners: real partner cities, then districts of them."""
    out = []
    for i in range(n):
        name, name_uk, country = CITIES[i % len(CITIES)]
        if i >= len(CITIES):
            district, district_uk = DISTRICTS[(i // len(CITIES) - 1) % len(DISTRICTS)]
            suffix = i // (len(CITIES) * len(DISTRICTS)) + 1
            name = f"{name}-{district} {suffix}"
            name_uk = f"{name_uk}-{district_uk} {suffix}"
        day = START + timedelta(days=rng.randrange(60))
        out.append(
            Partner.register(
                _ctx(rng, day),
                name=name,
                name_uk=name_uk,
                country=country,
                kind=PartnerKind.CITY if i < len(CITIES) else PartnerKind.REGION,
                relationship=rng.choice(list(Relationship)),
                since=rng.choice([None, 1995, 2004, 2012, 2018]),
            )
        )
    return out


class Generator:
    """Builds cases chunk by chunk; partners and reference counters carry over between chunks."""

    def __init__(self, mapper: Any, n_partners: int, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.mapper = mapper
        self.partners = make_partners(self.rng, n_partners)
        self.references: dict[tuple[str, int], int] = {}
        self.in_force: list[UUID] = []
        self._new_partners = True

    def _reference(self, prefix: str, year: int) -> str:
        number = self.references.get((prefix, year), 0) + 1
        self.references[(prefix, year)] = number
        return f"{prefix}-{year}-{number:04d}"

    def chunk(self, n_cases: int) -> list[StoredEvent]:
        """The stored events of n more cases (and their partner links), in log order."""
        rng = self.rng
        timeline: list[tuple[date, int, int, Any]] = []  # (day, case, version, event)
        if self._new_partners:
            before = START - timedelta(days=1)
            for i, p in enumerate(self.partners):
                for e in p.collect_events():
                    timeline.append((before, -1, i, e))
            self._new_partners = False
        days = sorted(START + timedelta(days=rng.randrange(SPAN_DAYS)) for _ in range(n_cases))
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        for case_no, day in enumerate(days):
            kind = rng.choices(kinds, weights)[0]
            steps = getattr(self, f"_{kind}")(day)
            latest = day
            for step_no, (when, events) in enumerate(steps):
                latest = max(latest, when)  # a case's events stay in version order
                for e in events:
                    timeline.append((latest, case_no, step_no, e))
        timeline.sort(key=lambda t: (t[0], t[1], t[2]))
        encode = self.mapper.to_stored_event
        return [encode(t[3]) for t in timeline]

    # -- one case each: a list of (day, events) steps -------------------------------------------

    def _agreement(self, day: date) -> list[tuple[date, list[Any]]]:
        rng = self.rng
        partners = rng.sample(self.partners, 1 if rng.random() < 0.85 else 2)
        kind = rng.choice(list(AgreementKind))
        area_key, area = rng.choice(AREAS)
        names = " та ".join(p.name_uk or p.name for p in partners)
        term = rng.choice([Term(years=5), Term(years=3), Term(years=2), None])
        agreement = Agreement.propose(
            _ctx(rng, day),
            reference=self._reference("AGR", day.year),
            kind=kind,
            title=f"{KIND_TITLES[kind]} між Харківською міською радою та {names} щодо {area}",
            partner_ids=[p.id for p in partners],
            areas=[area_key],
            languages=["uk", "en"],
            owner=rng.choice(STAFF),
            term=term,
            auto_renew=term is not None and rng.random() < 0.2,
            notice_period_days=rng.choice([None, 30, 60, 90]),
        )
        links = []
        for p in partners:
            p.link_agreement(_ctx(rng, day), agreement.id)
            links += p.collect_events()
        steps = [(day, [*agreement.collect_events(), *links])]
        approved = _later(rng, day, 5, 60)
        if approved is None or rng.random() < 0.1:
            if approved is not None and rng.random() < 0.5:
                agreement.withdraw(_ctx(rng, approved), reason="Партнер відкликав пропозицію")
                steps.append((approved, agreement.collect_events()))
            return steps
        agreement.approve(
            _ctx(rng, approved),
            council_decision_ref=f"{rng.randint(100, 2999)}/{approved.year}",
            council_decided_on=approved,
        )
        steps.append((approved, agreement.collect_events()))
        signed = _later(rng, approved, 3, 90)
        if signed is None:
            return steps
        party, person, position = rng.choice(SIGNATORIES)
        agreement.sign(
            _ctx(rng, signed),
            signed_on=signed,
            signatories=[Signatory(party, person, position)],
            term=None if term else Term(years=rng.choice([1, 3, 5])),
        )
        steps.append((signed, agreement.collect_events()))
        when = signed
        if rng.random() < 0.08:
            suspended = _later(rng, when, 30, 400)
            if suspended is not None:
                agreement.suspend(
                    _ctx(rng, suspended), suspended_on=suspended, reason="Рішення виконкому"
                )
                steps.append((suspended, agreement.collect_events()))
                when = suspended
                resumed = _later(rng, when, 30, 300)
                if resumed is not None and rng.random() < 0.7:
                    agreement.resume(_ctx(rng, resumed), resumed_on=resumed)
                    steps.append((resumed, agreement.collect_events()))
                    when = resumed
        while agreement.expires_on is not None and agreement.expires_on <= TODAY:
            roll = rng.random()
            if roll < 0.45 and agreement.status != "suspended":
                renewed = agreement.expires_on - timedelta(days=rng.randint(1, 60))
                renewed = max(renewed, when)
                agreement.renew(_ctx(rng, renewed), renewed_on=renewed, term=term or Term(years=3))
                steps.append((renewed, agreement.collect_events()))
                when = renewed
                continue
            if roll < 0.9:
                agreement.expire(_ctx(rng, agreement.expires_on))
                steps.append((agreement.expires_on, agreement.collect_events()))
            break
        else:
            if rng.random() < 0.03:
                ended = _later(rng, when, 10, 300)
                if ended is not None:
                    agreement.terminate(
                        _ctx(rng, ended),
                        terminated_on=ended,
                        grounds="Припинення співпраці за рішенням сесії",
                        decision_ref=f"{rng.randint(100, 2999)}/{ended.year}",
                    )
                    steps.append((ended, agreement.collect_events()))
        if agreement.status in ("signed", "renewed"):
            self.in_force.append(agreement.id)
        return steps

    def _foi(self, day: date) -> list[tuple[date, list[Any]]]:
        rng = self.rng
        if rng.random() < 0.7:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            kind = RequesterKind.INDIVIDUAL
        else:
            name = rng.choice(ORGS)
            kind = rng.choice([RequesterKind.MEDIA, RequesterKind.ASSOCIATION])
        text = " ".join(rng.sample(FOI_SENTENCES, rng.randint(2, 5)))
        request = FoiRequest.register(
            _ctx(rng, day),
            reference=self._reference("FOI", day.year),
            requester=Requester(name, kind, email=f"r{rng.randrange(10**6)}@example.org"),
            channel=rng.choice([Channel.EMAIL, Channel.PORTAL, Channel.POST]),
            received_on=day,
            subject=rng.choice(FOI_SUBJECTS),
            text=text,
        )
        steps = [(day, request.collect_events())]
        assigned = _later(rng, day, 0, 2)
        if assigned is None:
            return steps
        request.assign(_ctx(rng, assigned), officer=rng.choice(STAFF))
        steps.append((assigned, request.collect_events()))
        if rng.random() < 0.1:
            notice = request.extension_notice_due_on(STATUTORY)
            if notice <= TODAY:
                request.extend(
                    _ctx(rng, notice),
                    STATUTORY,
                    notice_sent_on=notice,
                    reason=ExtensionReason.LARGE_VOLUME,
                    justification="Великий обсяг документів для опрацювання",
                )
                steps.append((notice, request.collect_events()))
        if rng.random() < 0.04:
            withdrawn = _later(rng, assigned, 1, 4)
            if withdrawn is not None:
                request.withdraw(_ctx(rng, withdrawn), withdrawn_on=withdrawn)
                steps.append((withdrawn, request.collect_events()))
            return steps
        answered = _later(rng, max(assigned, steps[-1][0]), 1, 6)
        if answered is None or answered > request.due_on(STATUTORY) + timedelta(days=3):
            return steps
        outcome = rng.choices(list(Outcome), [0.75, 0.15, 0.1])[0]
        request.answer(
            _ctx(rng, answered),
            answered_on=answered,
            outcome=outcome,
            outgoing_number=f"01-{rng.randint(1000, 9999)}/{answered.year}",
            refusal_grounds=GROUNDS[outcome],
            pages=rng.choice([None, 2, 5, 14]),
        )
        steps.append((answered, request.collect_events()))
        return steps

    def _shipment(self, day: date) -> list[tuple[date, list[Any]]]:
        rng = self.rng
        partner = rng.choice(self.partners)
        chosen = rng.sample(AID_ITEMS, rng.randint(1, 4))
        lines = [
            AidLine(
                line_no=i + 1,
                category=cat,
                description=desc,
                quantity=Decimal(qty),
                unit=unit,
                weight_kg=Decimal(qty * kg),
                value=Money(Decimal(qty * 120), "EUR"),
                lot=f"LOT-{self.rng.randrange(10**6)}" if cat is AidCategory.MEDICINES else None,
                expiry_on=day + timedelta(days=700) if cat is AidCategory.MEDICINES else None,
            )
            for i, (cat, desc, unit, qty, kg) in enumerate(chosen)
        ]
        shipment = AidShipment.announce(
            _ctx(rng, day),
            reference=self._reference("AID", day.year),
            donor=Donor(partner.name, partner.country, partner.id),
            recipient="Департамент міжнародного співробітництва",
            expected_on=day + timedelta(days=14),
            lines=lines,
        )
        steps = [(day, shipment.collect_events())]
        declared = _later(rng, day, 0, 3)
        dispatched = declared and _later(rng, declared, 0, 5)
        cleared = dispatched and _later(rng, dispatched, 2, 10)
        if cleared is None or declared is None or dispatched is None:
            return steps
        shipment.declare(
            _ctx(rng, declared), code=f"UA{rng.randrange(10**9):09d}", declared_on=declared
        )
        steps.append((declared, shipment.collect_events()))
        shipment.dispatch(_ctx(rng, dispatched), dispatched_on=dispatched)
        steps.append((dispatched, shipment.collect_events()))
        shipment.clear_customs(
            _ctx(rng, cleared), cleared_on=cleared, customs_ref=f"MD-{rng.randrange(10**7)}"
        )
        steps.append((cleared, shipment.collect_events()))
        received = _later(rng, cleared, 0, 3)
        if received is None:
            return steps
        shipment.receive(
            _ctx(rng, received),
            received_on=received,
            lines=[LineReceipt(line.line_no, line.quantity) for line in lines],
        )
        steps.append((received, shipment.collect_events()))
        handed = _later(rng, received, 1, 40)
        if handed is None:
            return steps
        shipment.distribute(
            _ctx(rng, handed),
            distributed_on=handed,
            to=rng.choice(RECIPIENTS),
            act_ref=f"АПП-{rng.randrange(10**5)}",
            lines=[LineQuantity(line.line_no, line.quantity) for line in lines],
        )
        steps.append((handed, shipment.collect_events()))
        reported = _later(rng, handed, 1, 80)
        if reported is None or rng.random() < 0.1:
            return steps
        shipment.report(
            _ctx(rng, reported), reported_on=reported, report_ref=f"ЗВ-{rng.randrange(10**5)}"
        )
        steps.append((reported, shipment.collect_events()))
        return steps


def partners_for(cases: int) -> int:
    """How many partners a data set of this many cases names."""
    return max(len(CITIES), min(2000, cases // 50))


def write(recorder: Any, events: Sequence[StoredEvent], per_transaction: int = 5000) -> None:
    """Insert stored events through the recorder, many per transaction."""
    for i in range(0, len(events), per_transaction):
        recorder.insert_events(events[i : i + per_transaction])


def generate(
    app: Any, cases: int, generator: Generator | None = None, chunk_cases: int = 5000
) -> Iterator[tuple[Generator, int]]:
    """Write `cases` more cases into the app's store, chunk by chunk; yields events written."""
    gen = generator or Generator(app.mapper, partners_for(cases))
    done = 0
    while done < cases:
        n = min(chunk_cases, cases - done)
        events = gen.chunk(n)
        write(app.recorder, events)
        done += n
        yield gen, len(events)


def uuids(n: int) -> list[UUID]:
    """n random ids (not seeded: for ids that must not collide between runs)."""
    return [uuid4() for _ in range(n)]
