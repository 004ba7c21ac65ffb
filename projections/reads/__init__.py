"""The read front door: typed reads of the read models, the only way the API reads them."""

from projections.reads.door import (
    BadReadQuery,
    ReadModelLagging,
    ReadModelStopped,
    ReadTimedOut,
    ReadWaitersFull,
)
from projections.reads.models import Listing, ReadModels

__all__ = [
    "BadReadQuery",
    "Listing",
    "ReadModelLagging",
    "ReadModelStopped",
    "ReadModels",
    "ReadTimedOut",
    "ReadWaitersFull",
]
