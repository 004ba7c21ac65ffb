"""Copying fees for answers to FOI requests (Law 2939-VI, Art. 21).

Information is given free of charge; only copying or printing beyond ten pages may be charged,
at the council's approved rate, and never for the requester's own personal data or information
of public interest (Art. 21(4)).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

FEE_CURRENCY: Final = "UAH"
# Art. 21(2): the first ten pages are always free.
FREE_PAGES: Final = 10
CENT: Final = Decimal("0.01")

# The rate per A4 page, from the day it applies. Rows are the ceiling set by Cabinet of
# Ministers Resolution No. 740 of 13.07.2011 (0.1% of the statutory minimum wage per page,
# single- or double-sided), which the council applies as its approved rate. When the council
# approves a new rate, add a row; an answer is charged at the rate in force on `answered_on`,
# and the amount is recorded on the answer, so a later row never changes an invoice.
COPY_RATES: Final[tuple[tuple[date, Decimal], ...]] = (
    (date(2021, 1, 1), Decimal("6.00")),  # minimum wage 6,000 UAH
    (date(2021, 12, 1), Decimal("6.50")),  # 6,500 UAH
    (date(2022, 10, 1), Decimal("6.70")),  # 6,700 UAH
    (date(2024, 1, 1), Decimal("7.10")),  # 7,100 UAH
    (date(2024, 4, 1), Decimal("8.00")),  # 8,000 UAH
)


def billable_pages(pages: int | None) -> int:
    """Pages beyond the free ten."""
    return max(0, (pages or 0) - FREE_PAGES)


def rate_on(day: date) -> Decimal:
    """The rate per page in force on a day (the earliest row before the table starts)."""
    rate = COPY_RATES[0][1]
    for since, value in COPY_RATES:
        if since <= day:
            rate = value
    return rate


def copy_fee(pages: int | None, answered_on: date, *, exempt: bool = False) -> Decimal:
    """The amount to charge for the copies of an answer, in hryvnias."""
    if exempt:
        return Decimal("0.00")
    return (billable_pages(pages) * rate_on(answered_on)).quantize(CENT, ROUND_HALF_UP)
