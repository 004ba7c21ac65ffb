"""`pobratym demo load`: the public Kharkiv data set, replayed through the real commands."""

from collections.abc import Callable, Iterator

from eventsourcing.application import AggregateNotFoundError

from domain.meta import Ctx
from domain.reminders import SYSTEM
from domain.sequence import ReferenceSequence, sequence_id
from infrastructure.bootstrap import Runtime
from interfaces.demo import agreements, directory, engagements, foi, shipments

# A sequence that is never issued from marks the data set as loaded.
DEMO_MARKER = ("DEMO", 0)

# Each part yields lines of progress; FOI requests and shipments add theirs here.
PARTS: list[Callable[[Runtime], Iterator[str]]] = [
    agreements.load,
    shipments.load,
    foi.load,
    engagements.load,
    directory.load,
]


def load(runtime: Runtime) -> Iterator[str]:
    """Load every part once; a second run reports that the data set is already there."""
    try:
        runtime.app.repository.get(sequence_id(*DEMO_MARKER))
    except AggregateNotFoundError:
        pass
    else:
        yield "demo data set already loaded: nothing to do"
        return
    for part in PARTS:
        yield from part(runtime)
    runtime.app.save(ReferenceSequence.open(_system(runtime), *DEMO_MARKER))
    yield "demo data set loaded"


def _system(runtime: Runtime) -> Ctx:
    return Ctx(actor=SYSTEM, today=runtime.clock.today(), now=runtime.clock.now())
