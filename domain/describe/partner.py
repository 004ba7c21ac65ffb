"""One-line descriptions of a partner's events."""

from domain.describe import Facts, Line, because, by_decision, day, describes, label, short_id

KIND_UK = {
    "city": "місто",
    "region": "регіон",
    "organisation": "організація",
    "state_body": "державний орган",
}
RELATIONSHIP_UK = {
    "twin_city": "місто-побратим",
    "partner_city": "місто-партнер",
    "friendship": "дружні зв'язки",
}


@describes("Partner.Registered")
def registered(f: Facts) -> Line:
    """'Registered Cincinnati (US), city, twin city since 1989'."""
    kind = str(f["kind"]).replace("_", " ")
    relationship = str(f.get("relationship") or "none")
    en = f"Registered {f['name']} ({f['country']}), {kind}"
    uk = f"Зареєстровано партнера {f.get('name_uk') or f['name']} ({f['country']}): "
    uk += label(KIND_UK, f["kind"])
    if relationship != "none":
        en += f", {relationship.replace('_', ' ')}"
        uk += f", {label(RELATIONSHIP_UK, relationship)}"
    if f.get("since"):
        en += f" since {f['since']}"
        uk += f" з {f['since']} року"
    if f.get("distinct"):
        en += f", declared distinct from a partner of the same name: {f.get('distinct_reason')}"
        uk += f"; окремий партнер з такою самою назвою: {f.get('distinct_reason')}"
    return Line(en, uk)


@describes("Partner.AgreementLinked")
def agreement_linked(f: Facts) -> Line:
    """'Named in agreement 1a2b3c4d'."""
    agreement = short_id(f["agreement_id"])
    return Line(f"Named in agreement {agreement}", f"Зазначено в угоді {agreement}")


def _decided(f: Facts, en: str, uk: str, grounds: str | None) -> Line:
    when = day(f["decided_on"])
    ref = f.get("decision_ref")
    return Line(
        f"{en} on {when}{by_decision(ref)}" + because(grounds),
        f"{uk} {when}{by_decision(ref, 'uk')}" + because(grounds),
    )


@describes("Partner.Suspended")
def suspended(f: Facts) -> Line:
    """'Cooperation suspended on 01.03.2022 by decision 17/2022: grounds'."""
    return _decided(f, "Cooperation suspended", "Співпрацю призупинено", f.get("grounds"))


@describes("Partner.Resumed")
def resumed(f: Facts) -> Line:
    """'Cooperation resumed on 01.03.2023 by decision 18/2023'."""
    return _decided(f, "Cooperation resumed", "Співпрацю відновлено", f.get("grounds"))


@describes("Partner.Severed")
def severed(f: Facts) -> Line:
    """'Severed on 11.05.2022 by decision 5/2022: grounds'."""
    return _decided(f, "Severed", "Співпрацю припинено", f.get("grounds"))


@describes("PartnerNameClaim.Claimed")
def name_claimed(f: Facts) -> Line:
    """'Name key vroclav in PL claimed by partner 1a2b3c4d' (DOMAIN.md §7: partners are unique)."""
    key, country, partner = f["key"], f["country"], short_id(f["partner_id"])
    return Line(
        f"Name key {key} in {country} claimed by partner {partner}",
        f"Назву «{key}» ({country}) закріплено за партнером {partner}",
    )
