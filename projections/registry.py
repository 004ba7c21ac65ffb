"""Every projection the engine runs: add a new read model's class here (one line)."""

from projections.agreements import AgreementsProjection
from projections.base import Projection
from projections.deadlines import DeadlinesProjection
from projections.partners import PartnersProjection

PROJECTIONS: tuple[type[Projection], ...] = (
    PartnersProjection,
    AgreementsProjection,
    DeadlinesProjection,
)


def projection_named(name: str) -> type[Projection]:
    """The projection class of a name, or KeyError listing the known names."""
    for cls in PROJECTIONS:
        if cls.name == name:
            return cls
    raise KeyError(f"no projection {name!r}; known: {', '.join(p.name for p in PROJECTIONS)}")
