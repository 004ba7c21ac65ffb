"""One-line descriptions of an agreement's events."""

from application.describe import (
    Facts,
    because,
    by_decision,
    day,
    describes,
    field,
    initials,
    listing,
    short_id,
)


@describes("Agreement.Proposed")
def proposed(f: Facts) -> str:
    """'Proposed AGR-2023-0004, memorandum "Title", with 2 partners'."""
    kind = str(f["kind"]).replace("_", " ")
    partners = len(f.get("partner_ids") or [])
    with_whom = "1 partner" if partners == 1 else f"{partners} partners"
    return f'Proposed {f["reference"]}, {kind} "{f["title"]}", with {with_whom}'


@describes("Agreement.Approved")
def approved(f: Facts) -> str:
    """'Approved by council decision 5/2023 of 20.06.2023; state approval 1-2 of 21.06.2023'."""
    line = f"Approved by council decision {f['council_decision_ref']} of "
    line += day(f["council_decided_on"])
    if f.get("state_approval_ref"):
        line += f"; state approval {f['state_approval_ref']} of {day(f['state_approved_on'])}"
    return line


@describes("Agreement.Signed")
def signed(f: Facts) -> str:
    """'Signed on 29.06.2023 by I. Terekhov and T. Keller; expires on 29.06.2028'."""
    names = listing(initials(str(field(s, "name") or "")) for s in f.get("signatories") or [])
    line = f"Signed on {day(f['signed_on'])}"
    if names:
        line += f" by {names}"
    if f.get("expires_on"):
        line += f"; expires on {day(f['expires_on'])}"
    return line


@describes("Agreement.Renewed")
def renewed(f: Facts) -> str:
    """'Renewed on 19.09.2023 until 19.09.2028'."""
    return f"Renewed on {day(f['renewed_on'])} until {day(f['expires_on'])}"


@describes("Agreement.Expired")
def expired(f: Facts) -> str:
    """'Expired on 17.05.2022'."""
    return f"Expired on {day(f['expired_on'])}"


@describes("Agreement.Suspended")
def suspended(f: Facts) -> str:
    """'Suspended on 01.03.2022 by decision 3/2022: reason'."""
    when = day(f["suspended_on"])
    return f"Suspended on {when}{by_decision(f.get('decision_ref'))}" + because(f.get("reason"))


@describes("Agreement.Resumed")
def resumed(f: Facts) -> str:
    """'Resumed on 01.03.2023'."""
    return f"Resumed on {day(f['resumed_on'])}"


@describes("Agreement.Terminated")
def terminated(f: Facts) -> str:
    """'Terminated on 11.05.2022 by decision 5/2022: grounds'."""
    when = day(f["terminated_on"])
    return f"Terminated on {when}{by_decision(f.get('decision_ref'))}" + because(f.get("grounds"))


@describes("Agreement.Withdrawn")
def withdrawn(f: Facts) -> str:
    """'Withdrawn on 01.02.2024: reason'."""
    return f"Withdrawn on {day(f['withdrawn_on'])}" + because(f.get("reason"))


@describes("Agreement.Superseded")
def superseded(f: Facts) -> str:
    """'Superseded on 01.01.2024 by agreement 1a2b3c4d'."""
    by = short_id(f["by_agreement_id"])
    return f"Superseded on {day(f['superseded_on'])} by agreement {by}"


@describes("Agreement.NoticeGiven")
def notice_given(f: Facts) -> str:
    """'Notice of non-renewal given by the partner on 01.03.2028 (letter 12/3)'."""
    who = "us" if f["given_by"] == "us" else "the partner"
    when = day(f["given_on"])
    return f"Notice of non-renewal given by {who} on {when} (letter {f['letter_ref']})"
