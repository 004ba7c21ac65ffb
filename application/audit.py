"""Tamper evidence: a hash chain over the whole log, sealed as it grows, verified on demand.

The chain (format v1; docs/AUDIT.md is the reference a third party needs):

    event_hash(n) = sha256(canonical bytes of the stored row at position n, exactly as stored)
    digest(n)     = sha256(digest(previous position) || event_hash(n))
    digest(start) = GENESIS = sha256(b"pobratym/audit-chain/v1")

Recomputing the chain alone proves nothing: whoever alters a row can recompute it too. So every
position is *sealed* once (position, case, version, event hash, digest, running count) in a table
of the read database, and verification compares the log with its seals, naming the first
position where they part: a sealed position with no event is a deletion; an event below the
sealed head without a seal is an insertion (a gap alone is not: on PostgreSQL rolled-back saves
leave gaps, and gaps are never sealed); an event whose hash differs from its seal was modified, or
reordered when it was sealed at another position. A head (position:digest) copied somewhere the
database administrator cannot reach anchors the seals themselves.
"""

import struct
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from hashlib import sha256
from typing import NamedTuple, Protocol, TypeVar
from uuid import UUID

from application.errors import ConcurrentWrite

GENESIS = sha256(b"pobratym/audit-chain/v1").digest()
BEFORE_ALL = -(2**63)  # positions start at 1, but a forged row may claim 0 or less
BATCH = 5000
MAX_PROBLEMS = 20

_PREFIX = struct.Struct(">qI")  # a signed 64-bit number, then the length of what follows
_LENGTH = struct.Struct(">I")


class RawEvent(NamedTuple):
    """One row of the event store exactly as stored (the originator id as its 16 UUID bytes)."""

    position: int
    originator_id: bytes
    originator_version: int
    topic: str
    state: bytes


class Seal(NamedTuple):
    """What was sealed at one position: whose event, its hash, the chain digest, the count."""

    position: int
    originator_id: bytes
    originator_version: int
    event_hash: bytes
    digest: bytes
    count: int  # type: ignore[assignment]  # a field named like tuple.count: the chain's length


class RawLog(Protocol):
    """The event store read as raw rows in log order."""

    def last_position(self) -> int:
        """The newest position (0 for an empty log)."""
        ...

    def read(self, after: int, upto: int, limit: int) -> Sequence[RawEvent]:
        """Rows with after < position <= upto, in position order, at most limit."""
        ...


class ChainStore(Protocol):
    """The seals, one per position that existed when it was sealed."""

    def last(self) -> Seal | None:
        """The newest seal."""
        ...

    def read(self, after: int, upto: int, limit: int) -> Sequence[Seal]:
        """Seals with after < position <= upto, in position order, at most limit."""
        ...

    def at(self, position: int) -> Seal | None:
        """The seal of one position."""
        ...

    def find(self, originator_id: bytes, originator_version: int) -> Seal | None:
        """Where an event was sealed (only asked when something is wrong)."""
        ...

    def append(self, seals: Sequence[Seal]) -> None:
        """Store seals atomically; ConcurrentWrite if another sealer stored one of them first."""
        ...


@dataclass(frozen=True)
class Head:
    """A position of the chain and its digest: copy it elsewhere to anchor the log."""

    position: int
    digest: bytes
    count: int | None = None

    def __str__(self) -> str:
        return f"{self.position}:{self.digest.hex()}"

    @classmethod
    def parse(cls, text: str) -> "Head":
        """'POSITION:DIGEST' (hex) as printed by `pobratym audit head`."""
        position, sep, digest = text.strip().partition(":")
        try:
            raw = bytes.fromhex(digest)
            if not sep or len(raw) != 32:
                raise ValueError
            return cls(int(position), raw)
        except ValueError:
            raise ValueError(f"not a head: {text!r} (expected POSITION:64 hex digits)") from None

    def as_dict(self) -> dict[str, object]:
        """For JSON."""
        return {"position": self.position, "digest": self.digest.hex(), "count": self.count}


@dataclass(frozen=True)
class Problem:
    """One place where the stored log no longer matches its seals."""

    position: int
    reason: str  # modified | deleted | inserted | reordered | chain-altered | head-mismatch
    detail: str


@dataclass(frozen=True)
class VerifyReport:
    """The result of recomputing the chain and comparing it with the seals and given heads."""

    ok: bool
    checked: int
    sealed: int
    unsealed: int
    head: Head
    problems: tuple[Problem, ...] = ()
    started_from: Head | None = None
    seconds: float = 0.0

    @property
    def first_bad_position(self) -> int | None:
        """The first position where the log was tampered with."""
        return self.problems[0].position if self.problems else None

    @property
    def reason(self) -> str | None:
        """What happened at the first bad position."""
        return self.problems[0].reason if self.problems else None

    @property
    def detail(self) -> str | None:
        """The first problem in words."""
        return self.problems[0].detail if self.problems else None


@dataclass(frozen=True)
class SealReport:
    """What a sealing run added."""

    added: int
    head: Head


def event_hash(e: RawEvent) -> bytes:
    """sha256 of the canonical bytes of a stored row (see docs/AUDIT.md, "canonical bytes")."""
    topic = e.topic.encode("utf-8")
    h = sha256(
        _PREFIX.pack(e.position, len(e.originator_id))
        + e.originator_id
        + _PREFIX.pack(e.originator_version, len(topic))
        + topic
        + _LENGTH.pack(len(e.state))
    )
    h.update(e.state)
    return h.digest()


def link(previous: bytes, this_event_hash: bytes) -> bytes:
    """The chain digest at a position, from the previous digest and this position's event hash."""
    return sha256(previous + this_event_hash).digest()


T = TypeVar("T", RawEvent, Seal)


def stream(
    read: Callable[[int, int, int], Sequence[T]], after: int, upto: int, batch: int = BATCH
) -> Iterator[T]:
    """Rows after a position up to another, fetched in batches (constant memory)."""
    while after < upto:
        rows = read(after, upto, batch)
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].position


def case_ref(originator_id: bytes, version: int) -> str:
    """'case 1a2b3c4d-... v3' for messages."""
    try:
        return f"case {UUID(bytes=originator_id)} v{version}"
    except ValueError:
        return f"case {originator_id!r} v{version}"


@dataclass
class _Walk:
    """The running state of one verification."""

    chain: ChainStore
    limit: int
    pure: bytes  # the chain recomputed from the rows alone: what the log hashes to now
    prev: bytes  # the same, realigned with the seals after each problem, to find the next one
    count: int | None  # the running count, realigned with the seals likewise
    position: int
    present: int = 0
    sealed: int = 0
    unsealed: int = 0
    problems: list[Problem] = field(default_factory=list)

    def flag(self, position: int, reason: str, detail: str) -> None:
        """Record a problem (the first `limit` of them)."""
        if len(self.problems) < self.limit:
            self.problems.append(Problem(position, reason, detail))

    def sealed_row(self, e: RawEvent, s: Seal, eh: bytes, synced: bool) -> None:
        """Compare an event with the seal of its position."""
        self.sealed += 1
        self.count = s.count - 1 if self.count is None else self.count
        self.count += 1
        if eh != s.event_hash:
            self.replaced(e, s)
            self.prev, self.count = s.digest, s.count
            return
        digest = self.pure if synced else link(self.prev, eh)
        if digest == s.digest and self.count == s.count:
            self.prev = digest
        elif self.count < s.count:
            missing = s.count - self.count
            self.flag(
                e.position,
                "deleted",
                f"{missing} sealed event(s) before this position are missing, "
                "and so are their seals",
            )
            self.prev, self.count = s.digest, s.count
        else:
            self.flag(
                e.position, "chain-altered", "the event is as sealed, but its seal was changed"
            )
            self.prev, self.count = digest, s.count

    def replaced(self, e: RawEvent, s: Seal) -> None:
        """The event at a sealed position is not the one sealed there: modified or moved."""
        here = case_ref(e.originator_id, e.originator_version)
        if (e.originator_id, e.originator_version) == (s.originator_id, s.originator_version):
            self.flag(
                e.position, "modified", f"{here}: its stored topic or state differs from its seal"
            )
            return
        sealed = case_ref(s.originator_id, s.originator_version)
        other = self.chain.find(e.originator_id, e.originator_version) if self.room else None
        if other is not None and other.position != e.position:
            self.flag(
                e.position,
                "reordered",
                f"{here} was sealed at position {other.position} but stands here, "
                f"where {sealed} was sealed",
            )
        else:
            self.flag(e.position, "modified", f"{here} stands where {sealed} was sealed")

    @property
    def room(self) -> bool:
        """Whether more problems are still worth describing."""
        return len(self.problems) < self.limit


def verify(
    log: RawLog,
    chain: ChainStore,
    *,
    start: Head | None = None,
    expect: Sequence[Head] = (),
    batch: int = BATCH,
    limit: int = MAX_PROBLEMS,
) -> VerifyReport:
    """Recompute the chain from the stored rows and compare it with the seals and given heads."""
    began = time.perf_counter()
    # The seals' head is read before the log's: a seal made in between covers only rows that
    # exist, so every seal compared has its row at or below `upto` unless the row was deleted.
    last = chain.last()
    sealed_upto = last.position if last is not None else BEFORE_ALL
    upto = log.last_position()
    w = _Walk(chain, limit, GENESIS, GENESIS, 0, BEFORE_ALL)
    if start is not None:
        anchor = chain.at(start.position)
        count = anchor.count if anchor is not None else start.count
        w = _Walk(chain, limit, start.digest, start.digest, count, start.position)
        if anchor is not None and anchor.digest != start.digest:
            w.flag(start.position, "head-mismatch", "the seal here differs from the copied head")
    base = w.count
    expected = {h.position: h.digest for h in expect}
    if start is not None:
        for position, digest in sorted(expected.items()):
            if position < start.position:
                raise ValueError(
                    f"the expected head at {position} lies before the starting head at "
                    f"{start.position}: verify from further back to check it"
                )
            if position == start.position:
                del expected[position]
                if digest != start.digest:
                    w.flag(position, "head-mismatch", "the copied heads disagree")
    events = stream(log.read, w.position, upto, batch)
    seals = stream(chain.read, w.position, sealed_upto, batch)
    e, s = next(events, None), next(seals, None)
    while e is not None or s is not None:
        if s is not None and (e is None or s.position < e.position):
            ref = case_ref(s.originator_id, s.originator_version)
            w.flag(s.position, "deleted", f"the event sealed here ({ref}) is missing")
            w.prev, w.count = s.digest, s.count
            s = next(seals, None)
            continue
        assert e is not None
        eh = event_hash(e)
        synced = w.prev == w.pure
        w.pure = link(w.pure, eh)
        w.present += 1
        w.position = e.position
        if s is not None and s.position == e.position:
            w.sealed_row(e, s, eh, synced)
            s = next(seals, None)
        elif e.position <= sealed_upto:
            ref = case_ref(e.originator_id, e.originator_version)
            w.flag(
                e.position, "inserted", f"{ref} stands below the sealed head but was never sealed"
            )
        else:
            w.unsealed += 1
            w.prev = w.pure if synced else link(w.prev, eh)
            w.count = None if w.count is None else w.count + 1
        if e.position in expected and expected.pop(e.position) != w.pure:
            w.flag(
                e.position, "head-mismatch", "the recomputed digest differs from the copied head"
            )
        e = next(events, None)
    for position in sorted(expected):
        w.flag(position, "head-mismatch", "the log has no event at the copied head's position")
    problems = tuple(sorted(w.problems, key=lambda p: p.position))
    head = Head(
        max(w.position, 0) if start is None else w.position,
        w.pure,
        None if base is None else base + w.present,
    )
    return VerifyReport(
        ok=not problems,
        checked=w.present,
        sealed=w.sealed,
        unsealed=w.unsealed,
        head=head,
        problems=problems,
        started_from=start,
        seconds=time.perf_counter() - began,
    )


def seal(log: RawLog, chain: ChainStore, *, batch: int = BATCH, attempts: int = 3) -> SealReport:
    """Seal every position after the newest seal (the sealed part is trusted, not re-read)."""
    for attempt in range(attempts):
        try:
            return _seal(log, chain, batch)
        except ConcurrentWrite:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _seal(log: RawLog, chain: ChainStore, batch: int) -> SealReport:
    last = chain.last()
    after, digest, count = (
        (last.position, last.digest, last.count) if last else (BEFORE_ALL, GENESIS, 0)
    )
    added, pending = 0, []
    for e in stream(log.read, after, log.last_position(), batch):
        eh = event_hash(e)
        digest, count, after = link(digest, eh), count + 1, e.position
        pending.append(Seal(e.position, e.originator_id, e.originator_version, eh, digest, count))
        if len(pending) >= batch:
            chain.append(pending)
            added, pending = added + len(pending), []
    if pending:
        chain.append(pending)
        added += len(pending)
    return SealReport(added, Head(max(after, 0), digest, count))


def head(log: RawLog, chain: ChainStore, *, batch: int = BATCH) -> Head:
    """The chain's head now: the newest seal, carried over the rows not sealed yet (read only)."""
    last = chain.last()
    after, digest, count = (
        (last.position, last.digest, last.count) if last else (BEFORE_ALL, GENESIS, 0)
    )
    for e in stream(log.read, after, log.last_position(), batch):
        digest, count, after = link(digest, event_hash(e)), count + 1, e.position
    return Head(max(after, 0), digest, count)


class AuditService:
    """Verification, sealing and the head of the audit chain, over a raw log and its seals."""

    def __init__(
        self,
        log: RawLog,
        chain: ChainStore,
        batch: int = BATCH,
        files: Callable[[], Sequence[Problem]] | None = None,
    ) -> None:
        self.log = log
        self.chain = chain
        self.batch = batch
        # The attached files' check (application.documents.check_files): the chain covers
        # each file's SHA-256, this reads the bytes and compares.
        self.files = files

    def verify(self, start: Head | None = None, expect: Sequence[Head] = ()) -> VerifyReport:
        """Recompute and compare (see `verify`), then check every attached file's bytes."""
        report = verify(self.log, self.chain, start=start, expect=expect, batch=self.batch)
        if self.files is None:
            return report
        extra = tuple(self.files())
        if not extra:
            return report
        problems = tuple(sorted((*report.problems, *extra), key=lambda p: p.position))
        return replace(report, ok=False, problems=problems)

    def seal(self) -> SealReport:
        """Seal the positions written since the last seal."""
        return seal(self.log, self.chain, batch=self.batch)

    def head(self) -> Head:
        """The head to copy elsewhere."""
        return head(self.log, self.chain, batch=self.batch)
