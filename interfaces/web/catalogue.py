"""The console's messages: every msgid its templates and forms use (for the .po and its test).

`python -m interfaces.web.catalogue` lists the msgids the Ukrainian catalogue lacks.
"""

from pathlib import Path

from jinja2.ext import babel_extract

from domain.agreement import AgreementStatus
from domain.aid_lines import AidCategory, Unit
from domain.aid_shipment import ShipmentStatus
from domain.contact import ContactStatus
from domain.counterpart import CounterpartKind, CounterpartStatus
from domain.documents import DocumentKind
from domain.engagement import CounterpartType, EngagementKind, EngagementStatus, Side
from domain.engagement_facts import EngagementFormat
from domain.foi_request import FoiStatus
from domain.honorary_consul import ConsulStatus
from domain.membership import MembershipStatus
from domain.partner import PartnerStatus
from domain.project import ProjectStatus
from domain.reminders import What
from interfaces.web import (
    case_forms,
    case_kinds,
    contact_kinds,
    directory_kinds,
    document_section,
    engagement_kinds,
    letters,
    new_cases,
    pages,
    shipment_forms,
)
from interfaces.web.i18n import translations

TEMPLATES = Path(__file__).parent / "templates"
ROLES = ("clerk", "manager", "auditor", "admin")
DEADLINE_KINDS = (
    "agreement_expiry",
    "agreement_notice",
    "foi_answer",
    "foi_extension_notice",
    "shipment_arrival",
    "shipment_report",
)
CASE_CLASSES = ("FoiRequest", "Agreement", "AidShipment", "Partner", "UserAccount")
MESSAGES = ("wrong login or password",)
LINKED = ("Partner", "Agreement", "Project", "Shipment", "Engagement")  # templates/case_steps


def template_messages() -> set[str]:
    """The literal strings passed to _() in the templates."""
    found: set[str] = set()
    for path in sorted(TEMPLATES.glob("*.html")):
        with path.open("rb") as f:
            for _, func, message, _ in babel_extract(f, ("_", "gettext"), [], {}):
                if func in ("_", "gettext") and isinstance(message, str):
                    found.add(message)
    return found


def code_messages() -> set[str]:
    """Labels of forms and dates, statuses, roles, case types."""
    found = (
        set(ROLES) | set(MESSAGES) | set(CASE_CLASSES) | set(DEADLINE_KINDS) | set(pages.CASE_TYPES)
    )
    for enum in (
        AgreementStatus,
        FoiStatus,
        PartnerStatus,
        ShipmentStatus,
        AidCategory,
        Unit,
        What,
        DocumentKind,
    ):
        found |= {str(s) for s in enum}
    for form in (
        case_forms.FOI_FORMS
        + case_forms.AGREEMENT_FORMS
        + shipment_forms.SHIPMENT_FORMS
        + case_forms.PARTNER_FORMS
    ):
        found.add(form.label)
        for field in form.fields:
            found.add(field.label)
            found |= set(field.options)
    for field in new_cases.FOI_FIELDS + new_cases.AGREEMENT_FIELDS:
        found.add(field.label)
        found |= set(field.options)
    found |= set(document_section.LETTER_LABELS) | set(letters.FORM_LABELS)
    found |= {"incoming", "outgoing"} | set(directory_kinds.FACT_WORDS)
    found |= {str(s) for s in ConsulStatus} | {str(s) for s in MembershipStatus}
    found |= set(contact_kinds.FACT_WORDS) | {str(s) for s in CounterpartKind}
    found |= {str(s) for s in CounterpartStatus} | {str(s) for s in ContactStatus}
    for form in (
        directory_kinds.CONSUL_FORMS
        + directory_kinds.MEMBERSHIP_FORMS
        + contact_kinds.COUNTERPART_FORMS
        + contact_kinds.CONTACT_FORMS
    ):
        found.add(form.label)
        found |= {field.label for field in form.fields}
    for label, how in directory_kinds.DATE_TEXTS:
        found |= {label, how}
    for field in letters.INCOMING_FIELDS + letters.OUTGOING_FIELDS:
        found.add(field.label)
    for label, how in case_kinds.DATE_TEXTS + engagement_kinds.DATE_TEXTS:
        found |= {label, how}
    return found | _engagement_messages()


def _engagement_messages() -> set[str]:
    """Engagements' and projects' forms, facts and words (issue 17)."""
    found = set(engagement_kinds.FACT_WORDS) | set(LINKED)
    for enum in (EngagementKind, EngagementFormat, EngagementStatus, CounterpartType, Side):
        found |= {str(s) for s in enum}
    found |= {str(s) for s in ProjectStatus}
    for form in engagement_kinds.ENGAGEMENT_FORMS + engagement_kinds.PROJECT_FORMS:
        found.add(form.label)
        found |= {field.label for field in form.fields}
    for field in new_cases.ENGAGEMENT_FIELDS:
        found.add(field.label)
        found |= {o for o in field.options if o}
    return found


def missing(lang: str = "uk") -> list[str]:
    """The msgids the language's catalogue does not translate."""
    t = translations(lang)
    every = template_messages() | code_messages()
    return sorted(m for m in every if t.gettext(m) == m)


if __name__ == "__main__":
    for m in missing():
        print(m)
