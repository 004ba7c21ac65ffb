"""One-line descriptions of a partner's events."""

from application.describe import Facts, because, by_decision, day, describes, short_id


@describes("Partner.Registered")
def registered(f: Facts) -> str:
    """'Registered Cincinnati (US), city, twin city since 1989'."""
    kind = str(f["kind"]).replace("_", " ")
    relationship = str(f.get("relationship") or "none").replace("_", " ")
    line = f"Registered {f['name']} ({f['country']}), {kind}"
    if relationship != "none":
        line += f", {relationship}"
    if f.get("since"):
        line += f" since {f['since']}"
    if f.get("distinct"):
        line += f", declared distinct from a partner of the same name: {f.get('distinct_reason')}"
    return line


@describes("Partner.AgreementLinked")
def agreement_linked(f: Facts) -> str:
    """'Named in agreement 1a2b3c4d'."""
    return f"Named in agreement {short_id(f['agreement_id'])}"


@describes("Partner.Suspended")
def suspended(f: Facts) -> str:
    """'Cooperation suspended on 01.03.2022 by decision 17/2022: grounds'."""
    when = day(f["decided_on"])
    return f"Cooperation suspended on {when}{by_decision(f.get('decision_ref'))}" + because(
        f.get("grounds")
    )


@describes("Partner.Resumed")
def resumed(f: Facts) -> str:
    """'Cooperation resumed on 01.03.2023 by decision 18/2023'."""
    when = day(f["decided_on"])
    return f"Cooperation resumed on {when}{by_decision(f.get('decision_ref'))}" + because(
        f.get("grounds")
    )


@describes("Partner.Severed")
def severed(f: Facts) -> str:
    """'Severed on 11.05.2022 by decision 5/2022: grounds'."""
    when = day(f["decided_on"])
    return f"Severed on {when}{by_decision(f.get('decision_ref'))}" + because(f.get("grounds"))


@describes("PartnerNameClaim.Claimed")
def name_claimed(f: Facts) -> str:
    """'Name key vroclav in PL claimed by partner 1a2b3c4d' (DOMAIN.md §7 uniqueness)."""
    return f"Name key {f['key']} in {f['country']} claimed by partner {short_id(f['partner_id'])}"
