"""Services that run on a movable clock, so history is recorded on the dates it happened."""

from dataclasses import dataclass
from datetime import date

from application.agreements import AgreementService
from application.clock import FixedClock
from application.partners import PartnerService
from application.service import Caller, Policy
from infrastructure.bootstrap import Runtime

DEMO_ACTOR = Caller(actor="demo-loader", role="admin", note="demo data set")


def illustrative(what: str) -> Caller:
    """A caller whose note labels the facts as illustrative (not documented)."""
    return Caller(actor="demo-loader", role="admin", note=f"illustrative: {what}")


@dataclass
class DemoDesk:
    """The department's desk at a moment in the past."""

    clock: FixedClock
    partners: PartnerService
    agreements: AgreementService

    @classmethod
    def open(cls, runtime: Runtime, day: date, blocked: frozenset[str]) -> "DemoDesk":
        """Services on a clock fixed at a day, with the blocked list in force then."""
        clock = FixedClock.on(day, runtime.settings.timezone)
        policy = Policy(blocked_countries=blocked)
        return cls(
            clock,
            PartnerService(runtime.app, clock, policy),
            AgreementService(runtime.app, clock, policy),
        )

    def on(self, day: date) -> "DemoDesk":
        """Move the clock to a day."""
        self.clock.set(day)
        return self
