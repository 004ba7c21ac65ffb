"""One-line descriptions of an engagement's events (meetings, visits, events)."""

from domain.describe import Facts, Line, because, day, describes, field, label

KIND_EN = {
    "meeting": "meeting",
    "visit_incoming": "incoming visit",
    "visit_outgoing": "outgoing visit",
    "event_hosted": "event hosted",
    "event_attended": "event attended",
}
KIND_UK = {
    "meeting": "зустріч",
    "visit_incoming": "вхідний візит",
    "visit_outgoing": "вихідний візит",
    "event_hosted": "захід, який проводить рада",
    "event_attended": "участь у заході",
}
FORMAT_UK = {
    "conference": "конференція",
    "forum": "форум",
    "seminar": "семінар",
    "exhibition": "виставка",
    "sport": "спорт",
    "youth": "молодь",
    "cultural": "культура",
}
COUNTERPART_EN = {
    "diplomatic_mission": "diplomatic mission",
    "consular_office": "consular office",
    "international_organisation": "international organisation",
    "partner_city": "partner city",
    "donor": "donor",
    "other": "other",
}
COUNTERPART_UK = {
    "diplomatic_mission": "дипломатична установа",
    "consular_office": "консульська установа",
    "international_organisation": "міжнародна організація",
    "partner_city": "місто-партнер",
    "donor": "донор",
    "other": "інше",
}
LINKS_UK = {
    "partner_ids": "партнери",
    "agreement_ids": "угоди",
    "project_ids": "проєкти",
    "shipment_ids": "вантажі допомоги",
    "engagement_ids": "заходи",
}


def counterpart(value: object, lang: str) -> str:
    """'partner city Lille (FR)' (uk: 'місто-партнер Lille (FR)')."""
    kind = label(COUNTERPART_UK if lang == "uk" else COUNTERPART_EN, field(value, "type"))
    country = field(value, "country")
    where = f" ({country})" if country else ""
    return f"{kind} {field(value, 'name')}{where}"


def links_counted(links: object, lang: str) -> str:
    """'2 partner ids, 1 agreement id' (uk: 'партнери: 2, угоди: 1')."""
    parts = []
    for name in LINKS_UK:
        ids = field(links, name) or []
        if ids:
            what = LINKS_UK[name] if lang == "uk" else name.removesuffix("_ids") + "s"
            parts.append(f"{what}: {len(ids)}")
    return ", ".join(parts) or ("—" if lang == "uk" else "none")


@describes("Engagement.Planned")
def planned(f: Facts) -> Line:
    """'Planned ENG-2023-0001, meeting "Title" on 12.05.2023 with diplomatic mission ...'."""
    when = day(f["planned_on"])
    fmt = f" ({f['format']})" if f.get("format") else ""
    fmt_uk = f" ({label(FORMAT_UK, f['format'])})" if f.get("format") else ""
    return Line(
        f'Planned {f["reference"]}, {label(KIND_EN, f["kind"])}{fmt} "{f["title"]}" on {when} '
        f"with {counterpart(f['counterpart'], 'en')}",
        f"Заплановано {f['reference']}: {label(KIND_UK, f['kind'])}{fmt_uk} «{f['title']}» "
        f"на {when}, {counterpart(f['counterpart'], 'uk')}",
    )


@describes("Engagement.Postponed")
def postponed(f: Facts) -> Line:
    """'Postponed to 20.06.2023: the delegation's flight was cancelled'."""
    to = f.get("to_on")
    return Line(
        (f"Postponed to {day(to)}" if to else "Postponed, new date to be set")
        + because(f.get("reason")),
        (f"Перенесено на {day(to)}" if to else "Перенесено, нову дату не визначено")
        + because(f.get("reason")),
    )


@describes("Engagement.Cancelled")
def cancelled(f: Facts) -> Line:
    """'Cancelled on 01.06.2023: ...'."""
    when = day(f["cancelled_on"])
    return Line(
        f"Cancelled on {when}{because(f.get('reason'))}",
        f"Скасовано {when}{because(f.get('reason'))}",
    )


@describes("Engagement.Held")
def held(f: Facts) -> Line:
    """'Held on 05.12.2018 with ..., 3 topics, 2 decisions, 1 follow-up'."""
    when = day(f["held_on"])
    people = sum(int(field(p, "count") or 0) for p in f.get("participants") or [])
    topics, decisions = len(f.get("topics") or []), len(f.get("decisions") or [])
    todo = len(f.get("follow_ups") or [])
    return Line(
        f"Held on {when} with {counterpart(f['counterpart'], 'en')}: {people} participants, "
        f"{topics} topics, {decisions} decisions, {todo} follow-ups",
        f"Проведено {when}, {counterpart(f['counterpart'], 'uk')}: учасників {people}, "
        f"тем {topics}, рішень {decisions}, доручень {todo}",
    )


@describes("Engagement.Linked")
def linked(f: Facts) -> Line:
    """'Linked: partners: 1'."""
    return Line(
        f"Linked: {links_counted(f['links'], 'en')}",
        f"Пов'язано: {links_counted(f['links'], 'uk')}",
    )


@describes("Engagement.FollowUpAdded")
def follow_up_added(f: Facts) -> Line:
    """'Follow-up 2 added, due 20.12.2018: send the draft memorandum'."""
    when = day(f["due_on"])
    return Line(
        f"Follow-up {f['no']} added, due {when}: {f['action']}",
        f"Додано доручення {f['no']}, строк {when}: {f['action']}",
    )


@describes("Engagement.FollowUpDone")
def follow_up_done(f: Facts) -> Line:
    """'Follow-up 2 done on 18.12.2018'."""
    when = day(f["done_on"])
    return Line(f"Follow-up {f['no']} done on {when}", f"Доручення {f['no']} виконано {when}")
