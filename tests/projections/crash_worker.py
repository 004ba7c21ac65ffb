"""A projection worker for test_crash: counts partners and stalls at one (it is killed there)."""

import sys

from application.casework import Casework
from infrastructure.eventstore import event_store_env
from infrastructure.readdb import create_read_engine
from projections.runtime.engine import ProjectionEngine
from tests.projections.helpers import CountingProjection


class Stalling(CountingProjection):
    """Counts partners; stalls inside a batch at the partner named by the test."""


def main(events_url: str, read_url: str, stall_on: str, marker: str) -> None:
    """Run the engine until the stall (the test kills the process there)."""
    Stalling.stall_on = stall_on
    Stalling.stall_marker = marker
    app = Casework(env=event_store_env(events_url))
    engine = ProjectionEngine(app, create_read_engine(read_url), [Stalling], batch_size=50)
    engine.catch_up(timeout=600)


if __name__ == "__main__":
    main(*sys.argv[1:])
