"""One-line descriptions of an agreement's events."""

from domain.describe import (
    Facts,
    Line,
    because,
    by_decision,
    day,
    describes,
    field,
    initials,
    label,
    listing,
    short_id,
)

KIND_UK = {
    "twinning": "угода про побратимство",
    "partnership": "угода про партнерство",
    "memorandum": "меморандум",
    "friendship_pledge": "угода про дружбу",
    "protocol_of_intent": "протокол про наміри",
    "declaration": "декларація",
    "framework": "рамкова угода",
}


@describes("Agreement.Proposed")
def proposed(f: Facts) -> Line:
    """'Proposed AGR-2023-0004, memorandum "Title", with 2 partners'."""
    kind = str(f["kind"]).replace("_", " ")
    partners = len(f.get("partner_ids") or [])
    with_whom = "1 partner" if partners == 1 else f"{partners} partners"
    return Line(
        f'Proposed {f["reference"]}, {kind} "{f["title"]}", with {with_whom}',
        f"Внесено проєкт {f['reference']}: {label(KIND_UK, f['kind'])} «{f['title']}», "
        f"партнерів: {partners}",
    )


@describes("Agreement.Approved")
def approved(f: Facts) -> Line:
    """'Approved by council decision 5/2023 of 20.06.2023; state approval 1-2 of 21.06.2023'."""
    decided = day(f["council_decided_on"])
    en = f"Approved by council decision {f['council_decision_ref']} of {decided}"
    uk = f"Схвалено рішенням ради № {f['council_decision_ref']} від {decided}"
    if f.get("state_approval_ref"):
        approved_on = day(f["state_approved_on"])
        en += f"; state approval {f['state_approval_ref']} of {approved_on}"
        uk += f"; державне погодження № {f['state_approval_ref']} від {approved_on}"
    return Line(en, uk)


@describes("Agreement.Signed")
def signed(f: Facts) -> Line:
    """'Signed on 29.06.2023 by I. Terekhov and T. Keller; expires on 29.06.2028'."""
    names = [initials(str(field(s, "name") or "")) for s in f.get("signatories") or []]
    when = day(f["signed_on"])
    en, uk = f"Signed on {when}", f"Підписано {when}"
    if any(names):
        en += f" by {listing(names)}"
        uk += f": {listing(names, 'uk')}"
    if f.get("expires_on"):
        en += f"; expires on {day(f['expires_on'])}"
        uk += f"; діє до {day(f['expires_on'])}"
    return Line(en, uk)


@describes("Agreement.Renewed")
def renewed(f: Facts) -> Line:
    """'Renewed on 19.09.2023 until 19.09.2028'."""
    when, until = day(f["renewed_on"]), day(f["expires_on"])
    return Line(f"Renewed on {when} until {until}", f"Продовжено {when} строк дії до {until}")


@describes("Agreement.Expired")
def expired(f: Facts) -> Line:
    """'Expired on 17.05.2022'."""
    when = day(f["expired_on"])
    return Line(f"Expired on {when}", f"Строк дії закінчився {when}")


@describes("Agreement.Suspended")
def suspended(f: Facts) -> Line:
    """'Suspended on 01.03.2022 by decision 3/2022: reason'."""
    when, ref, why = day(f["suspended_on"]), f.get("decision_ref"), because(f.get("reason"))
    return Line(
        f"Suspended on {when}{by_decision(ref)}{why}",
        f"Дію призупинено {when}{by_decision(ref, 'uk')}{why}",
    )


@describes("Agreement.Resumed")
def resumed(f: Facts) -> Line:
    """'Resumed on 01.03.2023'."""
    when = day(f["resumed_on"])
    return Line(f"Resumed on {when}", f"Дію відновлено {when}")


@describes("Agreement.Terminated")
def terminated(f: Facts) -> Line:
    """'Terminated on 11.05.2022 by decision 5/2022: grounds'."""
    when, ref, why = day(f["terminated_on"]), f.get("decision_ref"), because(f.get("grounds"))
    return Line(
        f"Terminated on {when}{by_decision(ref)}{why}",
        f"Дію припинено {when}{by_decision(ref, 'uk')}{why}",
    )


@describes("Agreement.Withdrawn")
def withdrawn(f: Facts) -> Line:
    """'Withdrawn on 01.02.2024: reason'."""
    when, why = day(f["withdrawn_on"]), because(f.get("reason"))
    return Line(f"Withdrawn on {when}{why}", f"Проєкт відкликано {when}{why}")


@describes("Agreement.Superseded")
def superseded(f: Facts) -> Line:
    """'Superseded on 01.01.2024 by agreement 1a2b3c4d'."""
    when, by = day(f["superseded_on"]), short_id(f["by_agreement_id"])
    return Line(f"Superseded on {when} by agreement {by}", f"Замінено {when} угодою {by}")


@describes("Agreement.NoticeGiven")
def notice_given(f: Facts) -> Line:
    """'Notice of non-renewal given by the partner on 01.03.2028 (letter 12/3)'."""
    when, letter = day(f["given_on"]), f["letter_ref"]
    ours = f["given_by"] == "us"
    return Line(
        f"Notice of non-renewal given by {'us' if ours else 'the partner'} on {when}"
        f" (letter {letter})",
        f"{'Міська рада повідомила' if ours else 'Партнер повідомив'} про непродовження угоди"
        f" {when} (лист {letter})",
    )
