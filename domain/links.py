"""Links from a case to the partners, agreements, projects and shipments it concerns."""

from dataclasses import dataclass
from typing import Final
from uuid import UUID

from domain.errors import RuleViolation

MAX_LINKS: Final = 100  # per kind of link on one case


@dataclass(frozen=True)
class Links:
    """Ids of the cases linked, by kind (the application checks that each one exists)."""

    partner_ids: tuple[UUID, ...] = ()
    agreement_ids: tuple[UUID, ...] = ()
    project_ids: tuple[UUID, ...] = ()
    shipment_ids: tuple[UUID, ...] = ()
    engagement_ids: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        for name, ids in vars(self).items():
            if len(ids) > MAX_LINKS:
                raise RuleViolation.on(name, f"at most {MAX_LINKS} links")
            object.__setattr__(self, name, tuple(dict.fromkeys(ids)))

    def by_field(self) -> dict[str, tuple[UUID, ...]]:
        """The ids of each kind, by field name."""
        return dict(vars(self))

    @property
    def empty(self) -> bool:
        """Nothing linked."""
        return not any(vars(self).values())

    def without(self, other: "Links") -> "Links":
        """The links not in `other`."""
        theirs = other.by_field()
        return Links(
            **{k: tuple(i for i in ids if i not in theirs[k]) for k, ids in vars(self).items()}
        )

    def joined(self, other: "Links") -> "Links":
        """Both sets of links."""
        theirs = other.by_field()
        return Links(**{k: (*ids, *theirs[k]) for k, ids in vars(self).items()})


def text(field_name: str, value: str | None, what: str) -> str:
    """A required text, stripped; empty is refused naming the field."""
    if value is None or not value.strip():
        raise RuleViolation.on(field_name, f"{what} is empty")
    return value.strip()
