"""A workload of real commands over HTTP, a ledger of their answers, and a reader of the log."""

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx

from application.casework import Casework
from infrastructure.eventstore import event_store_env
from tests.reliability.support import TODAY, headers

CLERK = headers("clerk", "clerk-olena")
FOI = {
    "requester": {"name": "Gwara Media", "kind": "media", "email": "ed@gwara.ua"},
    "channel": "email",
    "received_on": TODAY,
    "subject": "Міжнародна співпраця",
    "text": "Які угоди підписано?",
}


@dataclass
class Answer:
    """One command sent and what came back (status None: no answer, outcome unknown)."""

    op: str
    key: str
    case_id: str | None
    status: int | None
    seconds: float
    body: dict[str, Any] | None = None
    retry_after: str | None = None
    problem_json: bool = False
    started: float = 0.0
    request: dict[str, Any] | None = None
    idempotency_key: str | None = None


@dataclass
class Ledger:
    """Every answer of a run, from many threads."""

    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        """Record one answer."""
        with self.lock:
            self.answers.append(answer)

    def statuses(self) -> Counter[int | None]:
        """How many of each status."""
        return Counter(a.status for a in self.answers)

    def acked(self, op: str) -> list[Answer]:
        """The acknowledged (2xx) answers of an operation."""
        return [a for a in self.answers if a.op == op and a.status and 200 <= a.status < 300]

    def unknown(self, op: str) -> list[Answer]:
        """The commands of an operation that got no answer (or a 5xx): stored or not."""
        return [a for a in self.answers if a.op == op and (a.status is None or a.status >= 500)]


def send(
    ledger: Ledger,
    client: httpx.Client,
    op: str,
    key: str,
    case_id: str | None,
    method: str,
    path: str,
    **kwargs: Any,
) -> Answer:
    """Send one request and record what came back."""
    started = time.monotonic()
    try:
        r = client.request(method, path, **kwargs)
    except httpx.ConnectError:
        # Never sent (the server is down): not a command tried, not recorded.
        return Answer(op, key, case_id, None, time.monotonic() - started)
    except httpx.TransportError:
        answer = Answer(op, key, case_id, None, time.monotonic() - started, started=started)
    else:
        body = None
        if r.headers.get("content-type", "").startswith(("application/json", "application/prob")):
            body = r.json()
        answer = Answer(
            op,
            key,
            case_id,
            r.status_code,
            time.monotonic() - started,
            body,
            r.headers.get("retry-after"),
            r.headers.get("content-type", "").startswith("application/problem+json"),
            started,
        )
    answer.request = kwargs.get("json")
    answer.idempotency_key = (kwargs.get("headers") or {}).get("Idempotency-Key")
    ledger.add(answer)
    return answer


def setup_cases(base_url: str, n_foi: int = 2) -> tuple[str, list[str]]:
    """A partner and n FOI requests to drive (via the first server)."""
    with httpx.Client(base_url=base_url, headers=CLERK, timeout=30) as c:
        r = c.post(
            "/partners",
            json={"name": f"Lublin {uuid.uuid4().hex[:6]}", "country": "PL", "kind": "city"},
        )
        assert r.status_code == 201, r.text
        partner = r.json()["id"]
        fois = []
        for _ in range(n_foi):
            r = c.post("/foi-requests", json=FOI)
            assert r.status_code == 201, r.text
            fois.append(r.json()["id"])
    return partner, fois


def propose(ledger: Ledger, client: httpx.Client, partner: str, tag: str) -> Answer:
    """Propose an agreement with a unique title (a creation: sequence, case, partner link)."""
    title = f"Угода {tag} {uuid.uuid4().hex[:10]}"
    body = {"kind": "memorandum", "title": title, "partner_ids": [partner]}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    answer = send(
        ledger, client, "propose", title, None, "POST", "/agreements", json=body, headers=key
    )
    if answer.body and answer.status == 201:
        answer.case_id = answer.body["id"]
    return answer


def clarify(
    ledger: Ledger, client: httpx.Client, foi: str, tag: str, if_match: bool
) -> Answer | None:
    """Record a clarification with a unique note; with If-Match, on the version just read."""
    note = f"Уточнення {tag} {uuid.uuid4().hex[:10]}"
    extra: dict[str, str] = {}
    if if_match:
        try:
            r = client.get(f"/foi-requests/{foi}")
        except httpx.TransportError:
            return None
        if r.status_code != 200:
            return None
        extra["If-Match"] = r.headers["etag"]
    body = {"note": note, "on": TODAY}
    return send(
        ledger, client, "clarify", note, foi, "POST", f"/foi-requests/{foi}/clarify",
        json=body, headers=extra,
    )  # fmt: skip


def driver(
    url: Callable[[], str],
    ledger: Ledger,
    partner: str,
    fois: list[str],
    stop: threading.Event,
    tag: str,
    max_commands: int,
    seed: int,
    pause: float = 0.0,
) -> None:
    """One client thread: a random mix of creations and same-case commands until stopped."""
    rng = random.Random(seed)
    sent = 0
    client: httpx.Client | None = None
    base = ""
    try:
        while not stop.is_set() and sent < max_commands:
            if url() != base or client is None:
                if client is not None:
                    client.close()
                base = url()
                client = httpx.Client(base_url=base, headers=CLERK, timeout=60)
            roll = rng.random()
            if roll < 0.4:
                answer = propose(ledger, client, partner, tag)
            else:
                answer = clarify(ledger, client, rng.choice(fois), tag, if_match=roll < 0.7)
            sent += 1
            if answer is None or answer.status is None or answer.status >= 500:
                time.sleep(0.05)  # the server is down or restarting
            elif pause:
                time.sleep(pause)
    finally:
        if client is not None:
            client.close()


# -- the stored log -------------------------------------------------------------------------------


@dataclass
class Log:
    """What the event store holds, decoded."""

    events: list[Any]

    def of_type(self, qualname: str) -> list[Any]:
        """Events of a class, by qualified name (Agreement.Proposed)."""
        return [e for e in self.events if type(e).__qualname__ == qualname]

    def per_case(self) -> Counter[UUID]:
        """Events per aggregate."""
        return Counter(e.originator_id for e in self.events)


def read_log(database_url: str) -> Log:
    """Every event in the store at database_url, in log order."""
    app = Casework(env=event_store_env(database_url))
    try:
        events: list[Any] = []
        start = 1
        while True:
            batch = app.recorder.select_notifications(start, 1000)
            if not batch:
                break
            events += [app.mapper.to_domain_event(n) for n in batch]
            start = batch[-1].id + 1
        return Log(events)
    finally:
        app.close()


def check_creations_are_whole(log: Log) -> dict[str, int]:
    """Every agreement creation is all there: its number issued, its partners linked; no gap."""
    proposed = log.of_type("Agreement.Proposed")
    issued = log.of_type("ReferenceSequence.Issued")
    linked = log.of_type("Partner.AgreementLinked")
    agreements = {e.originator_id: e for e in proposed}
    by_year: dict[str, set[int]] = {}
    for e in proposed:
        prefix, year, number = e.reference.split("-")
        by_year.setdefault(f"{prefix}-{year}", set()).add(int(number))
    refs = [e.reference for e in proposed]
    assert len(refs) == len(set(refs)), "a reference number was given twice"
    for key, numbers in by_year.items():
        assert numbers == set(range(1, len(numbers) + 1)), f"{key}: a gap in the numbers"
    prefixes = {e.originator_id: e.prefix for e in log.of_type("ReferenceSequence.Opened")}
    agr_issued = [e for e in issued if prefixes.get(e.originator_id) == "AGR"]
    assert len(agr_issued) == len(proposed), "numbers issued without their agreement, or vice versa"
    links = {(e.originator_id, e.agreement_id) for e in linked}
    for agreement in proposed:
        for pid in agreement.partner_ids:
            assert (pid, agreement.originator_id) in links, "an agreement without its partner link"
    assert {a for _, a in links} <= set(agreements), "a partner linked to a missing agreement"
    return {"agreements": len(proposed), "links": len(links)}


def clarification_notes(log: Log) -> dict[UUID, list[str]]:
    """The clarification notes stored per FOI request, in order."""
    out: dict[UUID, list[str]] = {}
    for e in log.of_type("FoiRequest.ClarificationRecorded"):
        out.setdefault(e.originator_id, []).append(e.note)
    return out
