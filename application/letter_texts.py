"""The Ukrainian texts of the letters the department sends, from a case's facts and dates.

Pure functions: each takes the case (and the dates the domain computed) and returns a
`LetterText`; a renderer (infrastructure/letters_docx.py) lays it out as a DOCX. Dates are
written as Ukrainians write them (29.06.2023); the laws cited are Law 2939-VI's articles.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.describe import day

DEPARTMENT = "Департамент міжнародного співробітництва Харківської міської ради"
REASONS_UK = {
    "large_volume": "запит стосується надання великого обсягу інформації",
    "large_search": "запит потребує пошуку інформації серед значної кількості даних",
}


@dataclass(frozen=True)
class LetterText:
    """A letter as words: heading, number and date, addressee, body, signature."""

    kind: str  # the file name's stem, e.g. "povidomlennia-pro-prodovzhennia"
    title: str
    number: str
    dated_on: date
    addressee: str
    paragraphs: list[str] = field(default_factory=list)
    signature: str = f"Директор департаменту\n{DEPARTMENT}"


def extension_notice(request: Any, number: str, dated_on: date, due_on: date) -> LetterText:
    """Art. 20(4): the requester is told, within five working days, why the term is extended."""
    ext = request.extension
    reason = REASONS_UK.get(str(ext.reason), str(ext.reason))
    return LetterText(
        kind="povidomlennia-pro-prodovzhennia-stroku",
        title="Повідомлення про продовження строку розгляду запиту на інформацію",
        number=number,
        dated_on=dated_on,
        addressee=request.requester.name,
        paragraphs=[
            f"Ваш запит на інформацію від {day(request.received_on)} "
            f"(реєстраційний № {request.reference}) «{request.subject}» розглядається.",
            "Відповідно до частини четвертої статті 20 Закону України «Про доступ до публічної "
            f"інформації» строк розгляду запиту продовжено до 20 робочих днів, оскільки {reason}.",
            f"Обґрунтування: {ext.justification}",
            f"Відповідь буде надано не пізніше {day(due_on)}.",
        ],
    )


def transfer_notice(request: Any, number: str, dated_on: date) -> LetterText:
    """Art. 22(3): the request went to the holder of the information; the requester is told."""
    t = request.transferral
    return LetterText(
        kind="povidomlennia-pro-napravlennia-zapytu",
        title="Повідомлення про направлення запиту належному розпоряднику інформації",
        number=number,
        dated_on=dated_on,
        addressee=request.requester.name,
        paragraphs=[
            f"Ваш запит на інформацію від {day(request.received_on)} "
            f"(реєстраційний № {request.reference}) «{request.subject}» стосується інформації, "
            "якою департамент не володіє.",
            "Відповідно до частини третьої статті 22 Закону України «Про доступ до публічної "
            f"інформації» {day(t.transferred_on)} запит направлено належному розпоряднику: "
            f"{t.to_holder}.",
        ],
    )


def answer_cover(request: Any, number: str, dated_on: date, due_on: date) -> LetterText:
    """The cover letter the answer goes out with (its number is the answer's outgoing number)."""
    return LetterText(
        kind="suprovidnyi-lyst-vidpovidi",
        title="Відповідь на запит на інформацію",
        number=number,
        dated_on=dated_on,
        addressee=request.requester.name,
        paragraphs=[
            f"На Ваш запит на інформацію від {day(request.received_on)} "
            f"(реєстраційний № {request.reference}) «{request.subject}» надсилаємо відповідь.",
            f"Строк відповіді згідно зі статтею 20 Закону України «Про доступ до публічної "
            f"інформації» спливає {day(due_on)}.",
        ],
    )


def aid_report_cover(shipment: Any, number: str, dated_on: date) -> LetterText:
    """The cover letter of the report on humanitarian aid, due 90 days after customs clearance."""
    return LetterText(
        kind="suprovidnyi-lyst-zvitu",
        title="Звіт про отримання та розподіл гуманітарної допомоги",
        number=number,
        dated_on=dated_on,
        addressee="Міністерство соціальної політики України",
        paragraphs=[
            f"Надсилаємо звіт про отримання та розподіл гуманітарної допомоги "
            f"(вантаж № {shipment.reference}) від донора {shipment.donor.name} "
            f"({shipment.donor.country}), отримувач — {shipment.recipient}.",
            f"Митне оформлення здійснено {day(shipment.cleared_on)}; строк подання звіту — "
            f"{day(shipment.report_due_on)}.",
        ],
    )


def renewal_memo(agreement: Any, number: str, dated_on: date, notice_by: date | None) -> LetterText:
    """An internal memo: the agreement expires; decide to renew or to let it lapse."""
    paragraphs = [
        f"Строк дії угоди № {agreement.reference} «{agreement.title}» спливає "
        f"{day(agreement.expires_on)}.",
    ]
    if notice_by is not None:
        paragraphs.append(
            f"Повідомлення про непродовження угоди має бути надіслане не пізніше {day(notice_by)}."
        )
    paragraphs.append("Просимо розглянути питання щодо продовження угоди.")
    return LetterText(
        kind="sluzhbova-zapyska-prodovzhennia-ugody",
        title="Службова записка щодо продовження угоди",
        number=number,
        dated_on=dated_on,
        addressee="Міському голові",
        paragraphs=paragraphs,
    )
