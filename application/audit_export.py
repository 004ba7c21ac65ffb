"""Audit exports: the log as records an auditor reads, with the chain, checkable by a third party.

An export is a stream of JSON-ready dicts (the CLI writes them as JSON lines or CSV):

    {"kind": "export", ...}     what was exported, the chain's format and genesis
    {"kind": "event", ...}      a selected event: readable facts, its stored bytes, its digests
    {"kind": "link", ...}       a position between selected events: only its hashes
    {"kind": "head", ...}       the chain at the last exported position

Redaction against verifiability: an FOI requester's contact details never leave in readable
facts, nor do e-mail addresses and phone numbers typed into a note or a free-text fact (masked),
and an event that had any redacted carries no `state_b64` (its raw bytes would show them);
its `event_hash` still links the chain, so the chain checks end to end, but that one event's
content can only be checked by someone allowed to see it. Every other event carries its stored
bytes, so its hash and readable facts are recomputed by the checker.
"""

import base64
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.audit import (
    BATCH,
    BEFORE_ALL,
    GENESIS,
    Head,
    RawEvent,
    RawLog,
    event_hash,
    link,
    stream,
)
from application.casework import Casework
from domain.contact import Contact
from domain.describe import describe
from domain.facts import facts_of
from domain.honorary_consul import HonoraryConsul
from domain.personal_data import SENSITIVE_CASE_TYPES, for_auditors, mask_contacts
from domain.sealed import hide_sealed

FORMAT = "pobratym-audit-export/1"
PROGRESS_EVERY = 2000
# Stored keys that are not facts: the library's, and the audit facts every event carries.
_NOT_FACTS = {"timestamp", "meta", "originator_topic", "class_version"}

# What `check_export` proves of an `event` line that carries its stored bytes (`state_b64`).
COVERED_FIELDS = (
    "position",
    "case_id",
    "version",
    "topic",
    "state_b64",
    "event_hash",
    "prev_digest",
    "digest",
    "time",
    "case_type",
    "type",
    "description",
    "actor",
    "note",
    "correlation_id",
    "facts",
    "redacted",
)
NOT_COVERED = (
    "decode_error (a message for people)",
    "the export line's filters and log_position",
    "an event line without state_b64 (redacted): only position, event_hash and its chain links",
    "facts an upcaster adds to an old event (absent from its stored bytes)",
    "the head line's count, unless the export starts at the genesis",
)

Progress = Callable[[int], None]
"""Told the position reached, now and then."""


class _Stamp(msgspec.Struct):
    timestamp: datetime


_stamp = msgspec.json.Decoder(_Stamp)


@dataclass(frozen=True)
class ExportFilter:
    """Which events to export: a time range (from inclusive, to exclusive) and one case."""

    since: datetime | None = None
    until: datetime | None = None
    case_id: UUID | None = None
    link_to_head: bool = False

    @property
    def everything(self) -> bool:
        """Whether every event is selected (then no link lines are needed)."""
        return self.since is None and self.until is None and self.case_id is None

    def as_dict(self) -> dict[str, Any]:
        """For the export's first line."""
        return {
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
            "case_id": str(self.case_id) if self.case_id else None,
        }


class AuditExport:
    """Streams the log as audit records, computing the chain as it goes (constant memory)."""

    def __init__(self, app: Casework, log: RawLog, batch: int = BATCH) -> None:
        self.app = app
        self.log = log
        self.batch = batch
        mapper = app.mapper
        self.plain_json = not (mapper.cipher or mapper.compressor)
        self.erased: frozenset[bytes] = frozenset()

    def erased_cases(self) -> frozenset[bytes]:
        """The cases whose person was erased (their sealed fields are exported as [erased])."""
        erasures: list[Any] = [Contact.Erased, HonoraryConsul.PersonErased]  # type: ignore[attr-defined]
        topics = [get_topic(cls) for cls in erasures]
        found: set[bytes] = set()
        start: int | None = None
        while True:
            page = self.app.recorder.select_notifications(
                start, self.batch, topics=topics, inclusive_of_start=start is None
            )
            found.update(UUID(str(n.originator_id)).bytes for n in page)
            if len(page) < self.batch:
                return frozenset(found)
            start = page[-1].id

    def lines(
        self, wanted: ExportFilter, progress: Progress | None = None
    ) -> Iterator[dict[str, Any]]:
        """The export's lines, first to last."""
        upto = self.log.last_position()
        self.erased = self.erased_cases()
        yield {
            "kind": "export",
            "format": FORMAT,
            "chain": "sha256; digest = sha256(previous digest || event_hash)",
            "genesis": GENESIS.hex(),
            "filters": wanted.as_dict(),
            "log_position": upto,
            "covered": list(COVERED_FIELDS),
            "not_covered": list(NOT_COVERED),
        }
        first, last = BEFORE_ALL, upto
        if not wanted.everything:
            first, last = self._range(wanted, upto)
            if wanted.link_to_head and first <= last:
                last = upto
        digest, count, position = GENESIS, 0, None
        for n, e in enumerate(stream(self.log.read, BEFORE_ALL, last, self.batch)):
            eh = event_hash(e)
            prev, digest, count, position = digest, link(digest, eh), count + 1, e.position
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(e.position)
            if e.position < first:
                continue
            record = self._record(e, wanted)
            if record is None:
                yield {
                    "kind": "link",
                    "position": e.position,
                    "event_hash": eh.hex(),
                    "digest": digest.hex(),
                }
                continue
            record.update(event_hash=eh.hex(), prev_digest=prev.hex(), digest=digest.hex())
            yield record
        if progress is not None:
            progress(last)
        if position is not None and first <= last:
            yield {"kind": "head", **Head(position, digest, count).as_dict()}

    def _range(self, wanted: ExportFilter, upto: int) -> tuple[int, int]:
        """The first and last positions selected (a first pass: raw rows, only times decoded)."""
        first, last = upto + 1, BEFORE_ALL
        case = wanted.case_id.bytes if wanted.case_id else None
        for e in stream(self.log.read, BEFORE_ALL, upto, self.batch):
            if case is not None and e.originator_id != case:
                continue
            if (wanted.since or wanted.until) and not self._in_time(e, wanted):
                continue
            first, last = min(first, e.position), e.position
        return first, last

    def _in_time(self, e: RawEvent, wanted: ExportFilter) -> bool:
        at = self._time(e)
        if at is None:
            return False
        return (wanted.since is None or at >= wanted.since) and (
            wanted.until is None or at < wanted.until
        )

    def _time(self, e: RawEvent) -> datetime | None:
        try:
            if self.plain_json:
                stamp: datetime = _stamp.decode(e.state).timestamp
                return stamp
            decoded: datetime = self._decode(e).timestamp
            return decoded
        except Exception:
            return None

    def _decode(self, e: RawEvent) -> Any:
        return self.app.mapper.to_domain_event(
            StoredEvent(
                originator_id=UUID(bytes=e.originator_id),
                originator_version=e.originator_version,
                topic=e.topic,
                state=e.state,
            )
        )

    def _record(self, e: RawEvent, wanted: ExportFilter) -> dict[str, Any] | None:
        """The readable record of a selected event, or None if the filter leaves it out."""
        if wanted.case_id is not None and e.originator_id != wanted.case_id.bytes:
            return None
        if (wanted.since or wanted.until) and not self._in_time(e, wanted):
            return None
        record: dict[str, Any] = {"kind": "event", "position": e.position}
        try:
            event = self._decode(e)
        except Exception as error:  # a tampered or undecodable row is still exported, raw
            case_type = e.topic.partition(":")[2].split(".")[0] or None
            sensitive = case_type in SENSITIVE_CASE_TYPES
            record.update(
                time=None,
                case_id=_uuid_text(e.originator_id),
                case_type=case_type,
                version=e.originator_version,
                type=None,
                description=None,
                actor=None,
                note=None,
                correlation_id=None,
                facts=None,
                decode_error=str(error),
                topic=e.topic,
                state_b64=None if sensitive else base64.b64encode(e.state).decode("ascii"),
                redacted=["*"] if sensitive else [],
            )
            return record
        qualname = type(event).__qualname__
        case_type = qualname.split(".")[0]
        meta = getattr(event, "meta", None)
        # Requester contacts redacted, e-mails and phones typed into free text masked: an
        # event with anything hidden leaves without its stored bytes (they would show it).
        facts, note, hidden = for_auditors(facts_of(event), getattr(meta, "note", None), case_type)
        if e.originator_id in self.erased:
            facts = hide_sealed(facts, erased=True)
        description = describe(qualname, facts)
        if not hidden and mask_contacts(description) != description:
            hidden = ["description"]
        record.update(
            time=event.timestamp.isoformat(),
            case_id=str(event.originator_id),
            case_type=case_type,
            version=e.originator_version,
            type=qualname.rsplit(".", 1)[-1],
            description=mask_contacts(description),
            actor=getattr(meta, "actor", None),
            note=note,
            correlation_id=getattr(meta, "correlation_id", None),
            facts=facts,
            topic=e.topic,
            state_b64=None if hidden else base64.b64encode(e.state).decode("ascii"),
            redacted=hidden,
        )
        return record


def _uuid_text(raw: bytes) -> str:
    try:
        return str(UUID(bytes=raw))
    except ValueError:
        return raw.decode("utf-8", "replace")


@dataclass
class CheckReport:
    """What a third party learns from checking an export file."""

    ok: bool = True
    lines: int = 0
    events: int = 0
    content_checked: int = 0
    linkage_only: int = 0
    links: int = 0
    starts_at_genesis: bool = False
    head: Head | None = None
    problems: list[str] = field(default_factory=list)

    def fail(self, position: int | None, message: str) -> None:
        """Record a problem."""
        self.ok = False
        if len(self.problems) < 50:
            self.problems.append(f"position {position}: {message}")


def check_export(lines: Iterable[Mapping[str, Any]], heads: Iterable[Head] = ()) -> CheckReport:
    """Recompute an export's event hashes and chain links; compare with copied heads if given."""
    report = CheckReport()
    expected = {h.position: h.digest for h in heads}
    prev: bytes | None = None
    last: int | None = None
    genesis = GENESIS
    chained = 0
    for line in lines:
        report.lines += 1
        kind = line.get("kind")
        if kind == "export":
            if line.get("format") != FORMAT:
                report.fail(None, f"unknown format {line.get('format')!r}")
            genesis = bytes.fromhex(line.get("genesis", GENESIS.hex()))
            continue
        if kind == "head":
            report.head = Head(
                int(line["position"]), bytes.fromhex(line["digest"]), line.get("count")
            )
            if prev is None or last != report.head.position or prev != report.head.digest:
                report.fail(report.head.position, "the head line does not match the chain")
            elif report.starts_at_genesis and report.head.count not in (None, chained):
                report.fail(report.head.position, "the head line's count is not the lines' count")
            continue
        if kind not in ("event", "link"):
            report.fail(None, f"unknown line kind {kind!r}")
            continue
        position = int(line["position"])
        if last is not None and position <= last:
            report.fail(position, "positions are not increasing")
        eh = bytes.fromhex(line["event_hash"])
        if kind == "event":
            given = bytes.fromhex(line["prev_digest"])
            if prev is None:
                report.starts_at_genesis = given == genesis
            elif given != prev:
                report.fail(position, "prev_digest is not the previous line's digest")
            prev = given
            _check_content(line, position, eh, report)
        else:
            report.links += 1
            if prev is None:
                report.fail(position, "a link line before any event line")
                prev = genesis
        digest = link(prev, eh)
        if "digest" in line and bytes.fromhex(line["digest"]) != digest:
            report.fail(position, "the digest does not follow from prev_digest and event_hash")
        if position in expected and expected.pop(position) != digest:
            report.fail(position, "the chain differs from the copied head")
        prev, last = digest, position
        chained += 1
    for position in sorted(expected):
        report.fail(position, "the export does not reach the copied head's position")
    return report


def _check_content(line: Mapping[str, Any], position: int, eh: bytes, report: CheckReport) -> None:
    """Recompute an event's hash from its stored bytes, and compare its readable view."""
    report.events += 1
    state_b64 = line.get("state_b64")
    if state_b64 is None:
        report.linkage_only += 1
        return
    state = base64.b64decode(state_b64)
    raw = RawEvent(
        position, UUID(line["case_id"]).bytes, int(line["version"]), line["topic"], state
    )
    if event_hash(raw) != eh:
        report.fail(position, "the stored bytes do not hash to event_hash")
        return
    report.content_checked += 1
    # The topic is hashed: the event's class, hence its case type and type, follow from it.
    qualname = line["topic"].partition(":")[2]
    if line.get("case_type") != qualname.split(".")[0]:
        report.fail(position, "case_type differs from the stored topic")
    decoded = "decode_error" not in line
    if line.get("type") != (qualname.rsplit(".", 1)[-1] if decoded else None):
        report.fail(position, "type differs from the stored topic")
    if line.get("redacted"):
        report.fail(position, "an event with its stored bytes claims redacted fields")
    try:
        stored = json.loads(state)
    except ValueError:
        return  # encrypted or compressed at rest: the hash is all a third party can check
    if line.get("facts") is None:
        if decoded:
            report.fail(position, "facts are missing")
        return
    meta = stored.get("meta") or {}
    readable = {"actor": line.get("actor"), "note": line.get("note")}
    readable["correlation_id"] = line.get("correlation_id")
    for key, value in readable.items():
        if meta.get(key) != value:
            report.fail(position, f"{key} differs from the stored bytes")
    if "timestamp" in stored and line.get("time"):
        if datetime.fromisoformat(stored["timestamp"]) != datetime.fromisoformat(line["time"]):
            report.fail(position, "time differs from the stored bytes")
    facts = line["facts"]
    for key, value in stored.items():
        if key in _NOT_FACTS:
            continue
        if key not in facts:
            report.fail(position, f"fact {key!r} is missing")
        elif facts[key] != value:
            report.fail(position, f"fact {key!r} differs from the stored bytes")
    # The description is made by the describers from the (now checked) facts: make it again.
    if line.get("description") != describe(qualname, facts):
        report.fail(position, "description differs from the one the facts give")
