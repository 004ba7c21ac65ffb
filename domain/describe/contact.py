"""One-line descriptions of the counterparts directory's events: organisations and persons.

A person is never named: the events hold them sealed, and a description says only which
contact (by reference) and what happened.
"""

from domain.describe import Facts, Line, because, day, describes, label, short_id

KIND_UK = {
    "diplomatic_mission": "дипломатична установа",
    "consular_office": "консульська установа",
    "international_organisation": "міжнародна організація",
    "donor": "донор",
    "other": "інше",
}


@describes("Counterpart.Registered")
def counterpart_registered(f: Facts) -> Line:
    """'Registered counterpart CPT-2026-0001: Embassy of Poland (PL), diplomatic mission'."""
    kind = str(f["kind"]).replace("_", " ")
    where = f", {f['city']}" if f.get("city") else ""
    return Line(
        f"Registered counterpart {f['reference']}: {f['name']} ({f['country']}{where}), {kind}",
        f"Зареєстровано контрагента {f['reference']}: {f['name']} ({f['country']}{where}), "
        f"{label(KIND_UK, f['kind'])}",
    )


@describes("Counterpart.Closed")
def counterpart_closed(f: Facts) -> Line:
    """'Closed on 01.03.2022: the mission left'."""
    when = day(f["closed_on"])
    return Line(
        f"Closed on {when}" + because(f.get("reason")),
        f"Співпрацю припинено {when}" + because(f.get("reason")),
    )


@describes("Counterpart.Reopened")
def counterpart_reopened(f: Facts) -> Line:
    """'Reopened: the mission returned'."""
    return Line(
        "Reopened" + because(f.get("reason")), "Співпрацю відновлено" + because(f.get("reason"))
    )


def _of(f: Facts) -> tuple[str, str]:
    if f.get("counterpart_id"):
        who = short_id(f["counterpart_id"])
        return f"of counterpart {who}", f"контрагента {who}"
    who = short_id(f.get("partner_id"))
    return f"of partner {who}", f"партнера {who}"


@describes("Contact.Registered")
def contact_registered(f: Facts) -> Line:
    """'Registered contact person CNT-2026-0001 of counterpart 1a2b3c4d (personal data sealed)'."""
    en, uk = _of(f)
    return Line(
        f"Registered contact person {f['reference']} {en} (personal data sealed)",
        f"Зареєстровано контактну особу {f['reference']} {uk} (персональні дані зашифровано)",
    )


@describes("Contact.DetailsChanged")
def contact_changed(f: Facts) -> Line:
    """'Contact details changed (personal data sealed)'."""
    return Line(
        "Contact details changed (personal data sealed)",
        "Змінено контактні дані (персональні дані зашифровано)",
    )


def erased_line(f: Facts, whose_en: str, whose_uk: str) -> Line:
    """An erasure: when it was asked for and on what grounds; nothing about the person."""
    when = day(f["requested_on"])
    return Line(
        f"{whose_en} personal data erased at the request of {when}" + because(f.get("grounds")),
        f"Персональні дані {whose_uk} знищено за запитом від {when}" + because(f.get("grounds")),
    )


@describes("Contact.Erased")
def contact_erased(f: Facts) -> Line:
    """'The contact person's personal data erased at the request of 01.12.2026: ...'."""
    return erased_line(f, "The contact person's", "контактної особи")
