"""What a reminder says, in Ukrainian and in English: the case, what is due, when, and a link."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from application.outbox import Message
from domain.case_types import url_of

KYIV = ZoneInfo("Europe/Kyiv")
# Links in e-mails, webhooks and calendar events open the case's page in the staff console
# (interfaces/web), under POBRATYM_PUBLIC_URL: a person follows them, not a program. A case type
# without console pages links to its API resource.
CONSOLE_PAGES = {
    "agreement": "/console/agreements",
    "foi_request": "/console/foi",
    "shipment": "/console/shipments",
    "honorary_consul": "/console/consuls",
    "membership": "/console/memberships",
    "engagement": "/console/engagements",
    "project": "/console/projects",
}

# what -> (Ukrainian, English); {ref}, {title}, {due}, {due_at}, {window}, {late} are filled in
# ({late}: calendar days from the due day to the day reminded of: the current state).
TEXTS: dict[str, tuple[str, str]] = {
    "agreement_expiry_window": (
        "Угода {ref} «{title}» спливає {due} (нагадування за {window} дн.).",
        'Agreement {ref} "{title}" expires on {due} ({window}-day reminder).',
    ),
    "agreement_notice_deadline": (
        "Угода {ref} «{title}»: {due} — останній день, щоб повідомити про непродовження.",
        'Agreement {ref} "{title}": {due} is the last day to give notice of non-renewal.',
    ),
    "agreement_expired": (
        "Угода {ref} «{title}» втратила чинність {due}.",
        'Agreement {ref} "{title}" expired on {due}.',
    ),
    "agreement_auto_renewed": (
        "Угоду {ref} «{title}» автоматично продовжено з {due} на погоджений строк.",
        'Agreement {ref} "{title}" was renewed automatically from {due} for its agreed term.',
    ),
    "foi_third_working_day": (
        "Запит {ref}: третій робочий день. Вирішіть щодо продовження строку чи "
        "переадресування: повідомлення має бути надіслане до {due}.",
        "FOI request {ref}: third working day. Decide on an extension or a transfer: "
        "the notice must go by {due}.",
    ),
    "foi_day_before_due": (
        "Запит {ref}: відповідь треба надати до {due} (наступного робочого дня).",
        "FOI request {ref}: the answer is due on {due} (the next working day).",
    ),
    "foi_due": (
        "Запит {ref}: {due} — останній день для відповіді.",
        "FOI request {ref}: the answer is due on {due}.",
    ),
    "foi_overdue": (
        "Запит {ref}: строк відповіді минув {due}; відповіді ще немає (прострочено на {late} дн.).",
        "FOI request {ref}: the answer was due on {due} and is overdue by {late} days.",
    ),
    "foi_urgent_24h": (
        "Терміновий запит {ref}: минуло 24 години; відповідь до {due_at}.",
        "Urgent FOI request {ref}: 24 hours have passed; answer by {due_at}.",
    ),
    "foi_urgent_40h": (
        "Терміновий запит {ref}: минуло 40 годин; відповідь до {due_at}.",
        "Urgent FOI request {ref}: 40 hours have passed; answer by {due_at}.",
    ),
    "shipment_report_window": (
        "Гуманітарна допомога {ref} ({title}): звіт про використання — до {due} "
        "(залишилось {window} дн.).",
        "Aid shipment {ref} ({title}): the report on its use is due on {due} ({window} days left).",
    ),
    "shipment_report_overdue": (
        "Гуманітарна допомога {ref} ({title}): звіт прострочено на {late} дн., строк був {due}.",
        "Aid shipment {ref} ({title}): the report was due on {due} and is overdue by {late} days.",
    ),
    "shipment_arrival_late": (
        "Гуманітарна допомога {ref} ({title}) очікувалась {due}, але не надійшла понад 7 днів.",
        "Aid shipment {ref} ({title}) was expected on {due} and is more than 7 days late.",
    ),
    "engagement_follow_up": (
        "Захід {ref} «{title}»: доручення за підсумками — виконати до {due}.",
        'Engagement {ref} "{title}": a follow-up is due on {due}.',
    ),
    "engagement_follow_up_overdue": (
        "Захід {ref} «{title}»: доручення мало бути виконане до {due} і ще не виконане.",
        'Engagement {ref} "{title}": a follow-up was due on {due} and is not done.',
    ),
    "project_milestone": (
        "Проєкт {ref} «{title}»: етап треба завершити до {due}.",
        'Project {ref} "{title}": a milestone is due on {due}.',
    ),
    "project_milestone_overdue": (
        "Проєкт {ref} «{title}»: етап мав бути завершений до {due} і ще не завершений.",
        'Project {ref} "{title}": a milestone was due on {due} and is not reached.',
    ),
    "consul_term_window": (
        "Почесне консульство {ref} ({title}): повноваження спливають {due} "
        "(залишилось {window} дн.).",
        "Honorary consulate {ref} ({title}): the term ends on {due} ({window} days left).",
    ),
    "membership_renewal_window": (
        "Членство {ref} ({title}): поновлення до {due} (залишилось {window} дн.).",
        "Membership {ref} ({title}): renewal is due on {due} ({window} days left).",
    ),
}
FALLBACK = ("{ref}: нагадування, строк {due}.", "{ref}: reminder, due on {due}.")


@dataclass(frozen=True)
class ReminderText:
    """A reminder in both languages, with a subject line and the case's link."""

    uk: str
    en: str
    subject: str
    link: str


def day(value: date) -> str:
    """dd.mm.yyyy, as dates are written in Ukraine."""
    return value.strftime("%d.%m.%Y")


def moment(value: datetime | None) -> str:
    """dd.mm.yyyy HH:MM in Kyiv time."""
    return value.astimezone(KYIV).strftime("%d.%m.%Y %H:%M") if value else ""


def link_of(message: Message, public_url: str) -> str:
    """The case's page in the staff console (else the case in the API)."""
    base = public_url.rstrip("/")
    page = CONSOLE_PAGES.get(message.case_type)
    if page is None:
        return base + url_of(message.case_type, message.case_id)
    return f"{base}{page}/{message.case_id}"


def text_of(message: Message, public_url: str) -> ReminderText:
    """What the reminder says."""
    uk, en = TEXTS.get(message.what, FALLBACK)
    facts = {
        "ref": message.reference,
        "title": message.title or "",
        "due": day(message.due_on),
        "due_at": moment(message.due_at),
        "window": message.window if message.window is not None else "",
        "late": max((message.remind_on - message.due_on).days, 0),
    }
    return ReminderText(
        uk=uk.format(**facts),
        en=en.format(**facts),
        subject=f"Нагадування / Reminder: {message.reference} — {day(message.due_on)}",
        link=link_of(message, public_url),
    )
