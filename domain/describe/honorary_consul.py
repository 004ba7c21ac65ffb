"""One-line descriptions of honorary consuls' and memberships' events (never the person)."""

from domain.describe import Facts, Line, because, by_decision, day, describes
from domain.describe.contact import erased_line


@describes("HonoraryConsul.Appointed")
def appointed(f: Facts) -> Line:
    """'Honorary consul of AT in Kharkiv (UA) appointed on 12.05.2015, term to 11.05.2030'."""
    when = day(f["appointed_on"])
    seat = f"{f['seat_city']} ({f['seat_country']})"
    en = f"Honorary consul of {f['represents']} in {seat} appointed on {when}"
    uk = f"Призначено почесного консула {f['represents']} у {seat} {when}"
    if f.get("term_ends_on"):
        en += f", term to {day(f['term_ends_on'])}"
        uk += f", повноваження до {day(f['term_ends_on'])}"
    en += f"; district: {f['district']} (person sealed)"
    uk += f"; консульський округ: {f['district']} (персональні дані зашифровано)"
    return Line(en, uk)


@describes("HonoraryConsul.TermExtended")
def term_extended(f: Facts) -> Line:
    """'Term extended to 11.05.2035 by decision 17/2030'."""
    to = day(f["term_ends_on"])
    ref = f.get("decision_ref")
    return Line(
        f"Term extended to {to}{by_decision(ref)}",
        f"Повноваження продовжено до {to}{by_decision(ref, 'uk')}",
    )


@describes("HonoraryConsul.Ended")
def consul_ended(f: Facts) -> Line:
    """'No longer serving from 01.06.2026: term over'."""
    when = day(f["ended_on"])
    return Line(
        f"No longer serving from {when}" + because(f.get("reason")),
        f"Повноваження припинено {when}" + because(f.get("reason")),
    )


@describes("HonoraryConsul.PersonChanged")
def person_changed(f: Facts) -> Line:
    """'The consul's details changed (personal data sealed)'."""
    return Line(
        "The consul's details changed (personal data sealed)",
        "Змінено дані консула (персональні дані зашифровано)",
    )


@describes("HonoraryConsul.PersonErased")
def person_erased(f: Facts) -> Line:
    """'The consul's personal data erased at the request of 01.12.2026: ...'."""
    return erased_line(f, "The consul's", "почесного консула")


@describes("Membership.Joined")
def joined(f: Facts) -> Line:
    """'Joined Eurocities on 01.01.2016, renewal due 31.12.2026'."""
    when = day(f["joined_on"])
    en = f"Joined {f['association']} ({f['reference']}) on {when}"
    uk = f"Місто вступило до {f['association']} ({f['reference']}) {when}"
    if f.get("renewal_due_on"):
        en += f", renewal due {day(f['renewal_due_on'])}"
        uk += f", поновлення до {day(f['renewal_due_on'])}"
    return Line(en, uk)


@describes("Membership.Renewed")
def renewed(f: Facts) -> Line:
    """'Renewed on 15.12.2026, next renewal due 31.12.2027'."""
    when = day(f["renewed_on"])
    en, uk = f"Renewed on {when}", f"Членство поновлено {when}"
    if f.get("next_renewal_on"):
        en += f", next renewal due {day(f['next_renewal_on'])}"
        uk += f", наступне поновлення до {day(f['next_renewal_on'])}"
    return Line(en, uk)


@describes("Membership.Ended")
def membership_ended(f: Facts) -> Line:
    """'Left on 01.06.2026: ...'."""
    when = day(f["ended_on"])
    return Line(
        f"Left the association on {when}" + because(f.get("reason")),
        f"Місто вийшло з асоціації {when}" + because(f.get("reason")),
    )
