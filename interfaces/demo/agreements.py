"""Demo partners and agreements from ../shared/data/kharkiv-facts.md."""

from collections.abc import Iterator
from datetime import date
from uuid import UUID

from application.commands.agreements import (
    ApproveAgreement,
    ProposeAgreement,
    RenewAgreement,
    SignAgreement,
    SupersedeAgreement,
    TermBody,
)
from application.commands.partners import PartnerDecision, RegisterPartner
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import DEMO_ACTOR, DemoDesk, illustrative

# The ban on cooperation with the aggressor state came after these partnerships began.
BEFORE_BAN: frozenset[str] = frozenset()
COUNCIL_SESSION_2022 = date(2022, 5, 11)

PARTNERS = [
    # name, name_uk, country, relationship, since
    ("Cincinnati", "Цинциннаті", "US", "twin_city", 1989),
    ("Košice", "Кошице", "SK", "partner_city", 2023),
    ("Albuquerque", "Альбукерке", "US", "partner_city", 2023),
    ("Leeds", "Лідс", "GB", "friendship", 2023),
    ("Lille", "Лілль", "FR", "twin_city", 1978),
    ("Brno", "Брно", "CZ", "twin_city", 2005),
    ("Bologna", "Болонья", "IT", "twin_city", 1966),
    ("Nürnberg", "Нюрнберг", "DE", "twin_city", 1990),
    ("Poznań", "Познань", "PL", "twin_city", 1998),
    ("Genova", "Генуя", "IT", "partner_city", 2012),
    ("Kaunas", "Каунас", "LT", "partner_city", None),
    ("Varna", "Варна", "BG", "partner_city", None),
    ("Daugavpils", "Даугавпілс", "LV", "partner_city", None),
    ("Kutaisi", "Кутаїсі", "GE", "partner_city", None),
]
RUSSIAN_TWINS = [
    ("Belgorod", "Бєлгород"),
    ("Moscow", "Москва"),
    ("Nizhny Novgorod", "Нижній Новгород"),
    ("Novosibirsk", "Новосибірськ"),
    ("Saint Petersburg", "Санкт-Петербург"),
]


def load(runtime: Runtime) -> Iterator[str]:
    """Register the partners and replay each agreement's documented life."""
    desk = DemoDesk.open(runtime, date(1966, 1, 10), BEFORE_BAN)
    ids: dict[str, UUID] = {}
    for name, name_uk, country, relationship, since in PARTNERS:
        desk.on(date(since or 2023, 1, 10))
        saved = desk.partners.register_partner(
            RegisterPartner(
                name=name,
                name_uk=name_uk,
                country=country,
                kind="city",
                relationship=relationship,
                since=since,
            ),
            DEMO_ACTOR,
        )
        ids[name] = saved.case.id
    desk.on(date(1997, 1, 10))
    for name, name_uk in RUSSIAN_TWINS:
        saved = desk.partners.register_partner(
            RegisterPartner(
                name=name, name_uk=name_uk, country="RU", kind="city", relationship="twin_city"
            ),
            illustrative("registered before the 2022 break"),
        )
        ids[name] = saved.case.id
    yield f"partners: {len(ids)} registered"

    count = 0
    count += _signed(
        desk,
        ids["Bologna"],
        "twinning",
        "Twinning Bologna – Kharkiv",
        date(1966, 5, 20),
        "date illustrative (year documented)",
    )
    count += _signed(
        desk,
        ids["Nürnberg"],
        "partnership",
        "Partnership agreement Nürnberg – Kharkiv",
        date(1990, 4, 20),
        "day illustrative (month documented)",
    )
    count += _signed(
        desk,
        ids["Lille"],
        "twinning",
        "Twinning convention Lille – Kharkiv (re-signed)",
        date(1998, 6, 1),
        "day illustrative (year documented)",
    )
    count += _signed(
        desk,
        ids["Poznań"],
        "partnership",
        "Partnership Poznań – Kharkiv",
        date(1998, 9, 1),
        "day illustrative (year documented)",
    )
    count += _signed(
        desk,
        ids["Brno"],
        "declaration",
        "Statement of intent Brno – Kharkiv",
        date(2005, 10, 1),
        "day illustrative (year documented)",
    )
    count += _signed(
        desk,
        ids["Brno"],
        "memorandum",
        "Memorandum Brno – Kharkiv",
        date(2008, 10, 1),
        "day illustrative (year documented)",
    )
    count += _signed(
        desk,
        ids["Genova"],
        "partnership",
        "Cooperation agreement Genova – Kharkiv",
        date(2012, 12, 13),
        None,
    )
    russian = [
        _signed(
            desk,
            ids[name],
            "twinning",
            f"Twinning {name} – Kharkiv",
            date(1997, 3, 1),
            "date illustrative",
        )
        for name, _ in RUSSIAN_TWINS
    ]
    count += len(russian)

    cincinnati = _cincinnati(desk, ids["Cincinnati"])
    count += 1
    count += _signed(
        desk,
        ids["Košice"],
        "partnership",
        "Partnership agreement Košice – Kharkiv",
        date(2023, 9, 19),
        None,
    )
    protocol = _signed_id(
        desk,
        ids["Albuquerque"],
        "protocol_of_intent",
        "Protocol of intent Albuquerque – Kharkiv",
        date(2023, 6, 29),
        None,
    )
    agreement = _signed_id(
        desk,
        ids["Albuquerque"],
        "partnership",
        "Partnership agreement Albuquerque – Kharkiv",
        date(2023, 11, 15),
        "date illustrative (year documented)",
    )
    desk.on(date(2023, 11, 15)).agreements.supersede_agreement(
        protocol,
        SupersedeAgreement(superseded_on=date(2023, 11, 15), by_agreement_id=agreement),
        DEMO_ACTOR,
    )
    count += 2
    count += _signed(
        desk,
        ids["Leeds"],
        "friendship_pledge",
        "Pledge of friendship Leeds – Kharkiv",
        date(2023, 12, 6),
        None,
    )
    yield f"agreements: {count} recorded (Cincinnati MoU {cincinnati})"

    desk.on(COUNCIL_SESSION_2022)
    for name, _ in RUSSIAN_TWINS:
        desk.partners.sever_partner(
            ids[name],
            PartnerDecision(
                decided_on=COUNCIL_SESSION_2022,
                decision_ref="extraordinary session of the council, 11.05.2022",
                grounds="armed aggression of the Russian Federation against Ukraine",
            ),
            DEMO_ACTOR,
        )
    yield f"severed {len(RUSSIAN_TWINS)} Russian twin cities on 2022-05-11 (agreements terminated)"


def _signed(
    desk: DemoDesk, partner: UUID, kind: str, title: str, on: date, label: str | None
) -> int:
    _signed_id(desk, partner, kind, title, on, label)
    return 1


def _signed_id(
    desk: DemoDesk, partner: UUID, kind: str, title: str, on: date, label: str | None
) -> UUID:
    who = illustrative(label) if label else DEMO_ACTOR
    desk.on(on)
    saved = desk.agreements.propose_agreement(
        ProposeAgreement(kind=kind, title=title, partner_ids=[partner]), who
    )
    aid = saved.case.id
    desk.agreements.approve_agreement(
        aid,
        ApproveAgreement(council_decision_ref="demo", council_decided_on=on),
        illustrative("council decision reference"),
    )
    desk.agreements.sign_agreement(aid, SignAgreement(signed_on=on), who)
    return aid


def _cincinnati(desk: DemoDesk, partner: UUID) -> str:
    """Signed 17.05.2017 for 5 years, lapsed 17.05.2022, renewed 19.09.2023 for 5 years."""
    desk.on(date(2017, 5, 17))
    saved = desk.agreements.propose_agreement(
        ProposeAgreement(
            kind="memorandum",
            title="Memorandum of understanding Cincinnati – Kharkiv",
            partner_ids=[partner],
            term=TermBody(years=5),
            areas=["culture", "education", "health"],
            languages=["en", "uk"],
            owner="international-cooperation",
        ),
        DEMO_ACTOR,
    )
    aid = saved.case.id
    desk.agreements.approve_agreement(
        aid,
        ApproveAgreement(council_decision_ref="demo", council_decided_on=date(2017, 5, 17)),
        illustrative("council decision reference"),
    )
    desk.agreements.sign_agreement(aid, SignAgreement(signed_on=date(2017, 5, 17)), DEMO_ACTOR)
    desk.on(date(2022, 5, 17))
    desk.agreements.expire_agreement(aid, DEMO_ACTOR)
    desk.on(date(2023, 9, 19))
    renewed = desk.agreements.renew_agreement(
        aid, RenewAgreement(renewed_on=date(2023, 9, 19), term=TermBody(years=5)), DEMO_ACTOR
    )
    return f"expires {renewed.case.expires_on.isoformat()}"
