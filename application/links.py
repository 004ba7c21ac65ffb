"""Links between cases: every linked id must name an existing case of the right type (422)."""

from typing import Any

from application.errors import CaseNotFound
from application.service import CaseService
from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.engagement import Engagement
from domain.errors import Violations
from domain.links import Links
from domain.partner import Partner
from domain.project import Project

LINKED: dict[str, type[Any]] = {
    "partner_ids": Partner,
    "agreement_ids": Agreement,
    "project_ids": Project,
    "shipment_ids": AidShipment,
    "engagement_ids": Engagement,
}


def check_links(service: CaseService, links: Links, prefix: str = "links.") -> None:
    """Refuse (422, every unknown id named) links to cases that do not exist."""
    problems = Violations()
    for name, ids in links.by_field().items():
        for i, case_id in enumerate(ids):
            try:
                service.get(LINKED[name], case_id)
            except CaseNotFound:
                problems.add(f"{prefix}{name}.{i}", f"no {LINKED[name].__name__} with id {case_id}")
    problems.raise_if_any("some linked cases do not exist")
