"""The oldest date a record of each kind can carry: earlier dates no council record can have.

A fact dated before its kind of case could exist is a typing error (1900 for 2019) or an attack:
a request "received" in 1900 owes a reminder for every day since, and once built thousands of
reminders in one save (issue 19). Each aggregate names its bound (`Case.EARLIEST`), and every date
in every event its commands record is checked against it (`domain.case.check_plausible_dates`).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bound:
    """The oldest date a kind of record may carry, and why nothing older can be true."""

    earliest: date
    why: str


# Law of Ukraine No. 2939-VI "On Access to Public Information" (13.01.2011) came into force three
# months after its publication of 09.02.2011: on 09.05.2011. No request under it, and no
# working-day deadline of one, is older. (Some accounts give a later day in May 2011; the earliest
# is kept so that no genuine record is refused.)
FOI_LAW_IN_FORCE = date(2011, 5, 9)
FOI_REQUESTS = Bound(FOI_LAW_IN_FORCE, "Law 2939-VI came into force on 2011-05-09")
# The working calendar only counts FOI deadlines, so its overrides share the law's bound.
CALENDAR_OVERRIDES = Bound(
    FOI_LAW_IN_FORCE, "the calendar counts FOI deadlines, which begin with Law 2939-VI (2011-05-09)"
)

# The department's humanitarian-aid casework begins with the war in 2014: no shipment it handled
# (declared, dispatched, expected, cleared, received, reported) is dated earlier.
AID_WORK_BEGAN = date(2014, 1, 1)
SHIPMENTS = Bound(AID_WORK_BEGAN, "the department's humanitarian-aid work began in 2014")

# Kharkiv's twinnings date from the post-war town-twinning movement (Bologna 1966, Lille 1978,
# Cincinnati 1989, per the public facts behind the demo data); 1950 leaves room for any older, less
# documented tie while refusing typing errors (1900, 0001).
EARLIEST_TWINNING = date(1950, 1, 1)
AGREEMENTS = Bound(EARLIEST_TWINNING, "Kharkiv's twinnings and agreements date from 1950 on")
PARTNERS = Bound(EARLIEST_TWINNING, "Kharkiv's twin and partner ties date from 1950 on")

# Any other record (the upper bound also keeps date arithmetic from overflowing).
ANY_RECORD = Bound(date(1900, 1, 1), "no record of the council is that old")
LATEST_PLAUSIBLE = date(2199, 12, 31)
