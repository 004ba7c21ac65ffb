"""Every projection the engine runs: add a new read model's class here (one line)."""

from projections.accounts import AccountsProjection
from projections.agreements import AgreementsProjection
from projections.audit_trail import AuditTrailProjection
from projections.case_links import CaseLinksProjection
from projections.consuls import ConsulsProjection
from projections.correspondence import CorrespondenceProjection
from projections.counterparts import CounterpartsProjection
from projections.deadlines import DeadlinesProjection
from projections.engagements import EngagementsProjection
from projections.foi_requests import FoiRequestsProjection
from projections.milestones import MilestonesProjection
from projections.partners import PartnersProjection
from projections.projects import ProjectsProjection
from projections.reminders import RemindersProjection
from projections.runtime.projection import Projection
from projections.search import SEARCHED  # noqa: F401 - the lists' text-search indexes
from projections.shipments import ShipmentsProjection

PROJECTIONS: tuple[type[Projection], ...] = (
    PartnersProjection,
    AgreementsProjection,
    DeadlinesProjection,
    AuditTrailProjection,
    RemindersProjection,
    FoiRequestsProjection,
    ShipmentsProjection,
    MilestonesProjection,
    AccountsProjection,
    EngagementsProjection,
    ProjectsProjection,
    CaseLinksProjection,
    CounterpartsProjection,
    ConsulsProjection,
    CorrespondenceProjection,
)


def projection_named(name: str) -> type[Projection]:
    """The projection class of a name, or KeyError listing the known names."""
    for cls in PROJECTIONS:
        if cls.name == name:
            return cls
    raise KeyError(f"no projection {name!r}; known: {', '.join(p.name for p in PROJECTIONS)}")
