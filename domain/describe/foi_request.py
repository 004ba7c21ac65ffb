"""One-line descriptions of an FOI request's events (Law 2939-VI).

The requester is personal data: no description names them or gives their e-mail, phone or
address, whoever reads it; it says what kind of requester asked. Free text a requester may have
written (the request, clarification notes, a withdrawal's reason, urgency reasons, the subject)
stays out too.
"""

from decimal import Decimal

from domain.describe import Facts, Line, day, describes, field, label, money

REQUESTER_EN = {
    "individual": "an individual",
    "legal_entity": "a legal entity",
    "association": "an association of citizens",
    "media": "the media",
}
REQUESTER_UK = {
    "individual": "фізичної особи",
    "legal_entity": "юридичної особи",
    "association": "об'єднання громадян",
    "media": "засобу масової інформації",
}
CHANNEL_EN = {
    "email": "by e-mail",
    "post": "by post",
    "fax": "by fax",
    "phone": "by phone",
    "in_person": "in person",
    "portal": "via the portal",
}
CHANNEL_UK = {
    "email": "електронною поштою",
    "post": "поштою",
    "fax": "факсом",
    "phone": "телефоном",
    "in_person": "особисто",
    "portal": "через портал",
}
EXTENSION_EN = {"large_volume": "large volume", "large_search": "search among much data"}
EXTENSION_UK = {
    "large_volume": "великий обсяг інформації",
    "large_search": "пошук серед значної кількості даних",
}
OUTCOME_EN = {"granted": "granted", "partially_granted": "partly granted", "refused": "refused"}
OUTCOME_UK = {
    "granted": "задоволено",
    "partially_granted": "задоволено частково",
    "refused": "відмовлено",
}
GROUND_EN = {
    "not_held": "information not held",
    "restricted": "restricted information",
    "unpaid_costs": "copying costs unpaid",
    "requirements_not_met": "request misses Art. 19(5)",
}
GROUND_UK = {
    "not_held": "розпорядник не володіє і не зобов'язаний володіти інформацією",
    "restricted": "інформація з обмеженим доступом",
    "unpaid_costs": "не оплачено витрати на копіювання або друк",
    "requirements_not_met": "запит не відповідає вимогам ч. 5 ст. 19 Закону",
}


@describes("FoiRequest.Registered")
def registered(f: Facts) -> Line:
    """'Registered FOI-2024-0001: request from an individual received by e-mail on 03.01.2024'."""
    kind = field(f["requester"], "kind")
    when = day(f["received_on"])
    en = (
        f"Registered {f['reference']}: request from {label(REQUESTER_EN, kind)} received "
        f"{label(CHANNEL_EN, f['channel'])} on {when}"
    )
    uk = (
        f"Зареєстровано запит {f['reference']} від {label(REQUESTER_UK, kind)}, отримано "
        f"{when} {label(CHANNEL_UK, f['channel'])}"
    )
    if f.get("urgent"):
        en, uk = f"{en}; urgent", f"{uk}; терміновий"
    return Line(en, uk)


@describes("FoiRequest.Assigned")
def assigned(f: Facts) -> Line:
    """'Assigned to O. Petrenko' (an officer of the council)."""
    return Line(f"Assigned to {f['officer']}", f"Призначено виконавця: {f['officer']}")


@describes("FoiRequest.ExtensionNoticeSent")
def extension_notice_sent(f: Facts) -> Line:
    """'Extended to 20 working days, notice sent on 03.01.2024: large volume'."""
    when = day(f["notice_sent_on"])
    return Line(
        f"Extended to 20 working days, notice sent on {when}: " + label(EXTENSION_EN, f["reason"]),
        f"Продовжено строк розгляду до 20 робочих днів, повідомлення від {when}: "
        + label(EXTENSION_UK, f["reason"]),
    )


@describes("FoiRequest.Transferred")
def transferred(f: Facts) -> Line:
    """'Transferred on 05.01.2024 to <holder>; requester notified on 05.01.2024'."""
    when, told = day(f["transferred_on"]), day(f["requester_notified_on"])
    return Line(
        f"Transferred on {when} to {f['to_holder']}; requester notified on {told}",
        f"Передано за належністю {when}: {f['to_holder']}; запитувача повідомлено {told}",
    )


@describes("FoiRequest.Deferred")
def deferred(f: Facts) -> Line:
    """'Deferred to 20.01.2024 by decision of 05.01.2024: force majeure'."""
    until, when = day(f["new_due_on"]), day(f["decided_on"])
    return Line(
        f"Deferred to {until} by decision of {when}: {f['reason']}",
        f"Розгляд відстрочено до {until} рішенням від {when}: {f['reason']}",
    )


@describes("FoiRequest.ClarificationRecorded")
def clarification_recorded(f: Facts) -> Line:
    """'Clarification asked of the requester on 04.01.2024' (the note stays out)."""
    when = day(f["on"])
    if str(f["direction"]) == "from_requester":
        return Line(
            f"Clarification received from the requester on {when}",
            f"Отримано уточнення від запитувача {when}",
        )
    return Line(
        f"Clarification asked of the requester on {when}",
        f"Запитувачу направлено запит на уточнення {when}",
    )


@describes("FoiRequest.Answered")
def answered(f: Facts) -> Line:
    """'Answered on 10.01.2024, No. 01-12/345: refused (restricted information)'."""
    when, number = day(f["answered_on"]), f["outgoing_number"]
    grounds = list(f.get("refusal_grounds") or [])
    en = f"Answered on {when}, No. {number}: {label(OUTCOME_EN, f['outcome'])}"
    uk = f"Надано відповідь {when}, вих. № {number}: {label(OUTCOME_UK, f['outcome'])}"
    if grounds:
        en += f" ({'; '.join(label(GROUND_EN, g) for g in grounds)})"
        uk += f" ({'; '.join(label(GROUND_UK, g) for g in grounds)})"
    if Decimal(str(f.get("fee") or 0)) > 0:
        en += f"; copying fee {money(f['fee'])}"
        uk += f"; плата за копіювання {money(f['fee'], 'uk')}"
    return Line(en, uk)


@describes("FoiRequest.PaymentRecorded")
def payment_recorded(f: Facts) -> Line:
    """'Copying fee of 52.00 UAH paid on 12.01.2024'."""
    when = day(f["paid_on"])
    return Line(
        f"Copying fee of {money(f['amount'])} paid on {when}",
        f"Сплачено {when} витрати на копіювання: {money(f['amount'], 'uk')}",
    )


@describes("FoiRequest.Withdrawn")
def withdrawn(f: Facts) -> Line:
    """'Withdrawn by the requester on 08.01.2024' (their reason stays out)."""
    when = day(f["withdrawn_on"])
    return Line(f"Withdrawn by the requester on {when}", f"Запит відкликано запитувачем {when}")
