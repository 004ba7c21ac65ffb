"""Many writers at once: no lost update, no duplicate or missing number, losers get 409 or 412."""

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from uuid import UUID

import pytest

from application.commands.agreements import ProposeAgreement
from application.commands.foi import ClarifyFoiRequest, RegisterFoiRequest, RequesterBody
from application.commands.partners import RegisterPartner
from application.errors import ConcurrentWrite, VersionMismatch
from application.service import Caller
from domain.foi_request import Channel, RequesterKind
from tests.reliability.support import env_int, servers
from tests.reliability.workload import (
    Ledger,
    check_creations_are_whole,
    clarification_notes,
    driver,
    read_log,
    setup_cases,
)

THREADS = 8
OPS_PER_THREAD = env_int("POBRATYM_CONCURRENCY_OPS", 25)


def test_threads_on_one_runtime_lose_no_update_and_number_every_case_once(runtime, clock, figures):
    rt = runtime
    olena = Caller(actor="olena")
    partner = rt.partners.register_partner(
        RegisterPartner(name="Lublin", country="PL", kind="city"), olena
    ).case
    requester = RequesterBody(name="Gwara", kind=RequesterKind.MEDIA, email="ed@gwara.ua")
    fois = [
        rt.foi.register_foi_request(
            RegisterFoiRequest(
                requester=requester,
                channel=Channel.EMAIL,
                received_on=date(2026, 11, 20),
                subject="S",
                text="T",
            ),
            olena,
        ).case.id
        for _ in range(2)
    ]
    outcomes: Counter[str] = Counter()
    acked_notes: dict[UUID, list[str]] = {f: [] for f in fois}
    created: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for i in range(OPS_PER_THREAD):
            who = Caller(actor=f"clerk-{n}")
            kind = (n + i) % 3
            try:
                if kind == 0:
                    saved = rt.agreements.propose_agreement(
                        ProposeAgreement(
                            kind="memorandum", title=f"T{n}-{i}", partner_ids=[partner.id]
                        ),
                        who,
                    )
                    with lock:
                        created.append(saved.case.reference)
                else:
                    foi = fois[i % 2]
                    version = rt.foi.get_request(foi).version if kind == 1 else None
                    note = f"n{n}-{i}-{uuid.uuid4().hex[:6]}"
                    rt.foi.clarify_foi_request(
                        foi, ClarifyFoiRequest(on=date(2026, 11, 23), note=note), who, version
                    )
                    with lock:
                        acked_notes[foi].append(note)
                outcomes["2xx"] += 1
            except ConcurrentWrite:
                outcomes["409"] += 1
            except VersionMismatch:
                outcomes["412"] += 1

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, range(THREADS)))

    tried = THREADS * OPS_PER_THREAD
    assert sum(outcomes.values()) == tried  # anything else raised out of work()
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in created)
    assert numbers == list(range(1, len(created) + 1)), "a duplicate or missing reference"
    for foi in fois:
        case = rt.foi.get_request(foi)
        stored = [c.note for c in case.clarifications]
        assert sorted(stored) == sorted(acked_notes[foi]), "a lost update or a phantom write"
        assert case.version == 1 + len(acked_notes[foi])
    figures.update(tried=tried, **outcomes)


@pytest.mark.postgres
def test_two_servers_on_one_database_store_exactly_the_acknowledged_commands(
    served_env, tmp_path, figures
):
    ledger = Ledger()
    with servers(served_env, tmp_path, n=2) as (one, two):
        partner, fois = setup_cases(one.url)
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=driver,
                args=(
                    (lambda s=(one, two)[n % 2]: s.url),
                    ledger,
                    partner,
                    fois,
                    stop,
                    f"t{n}",
                    OPS_PER_THREAD,
                    n,
                ),
            )
            for n in range(THREADS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        stop.set()
        assert not any(t.is_alive() for t in threads), "a client hung"

    statuses = ledger.statuses()
    assert set(statuses) <= {200, 201, 409, 412}, statuses
    wrong = [a for a in ledger.answers if a.status in (409, 412) and not a.problem_json]
    assert not wrong, "a conflict answered without problem+json"

    log = read_log(served_env["POBRATYM_DATABASE_URL"])
    whole = check_creations_are_whole(log)
    proposals = ledger.acked("propose")
    assert whole["agreements"] == len(proposals), "stored creations differ from acknowledged ones"
    assert {str(e.originator_id) for e in log.of_type("Agreement.Proposed")} == {
        a.case_id for a in proposals
    }
    stored_notes = clarification_notes(log)
    per_case = log.per_case()
    for foi in fois:
        acked = sorted(a.key for a in ledger.acked("clarify") if a.case_id == foi)
        assert sorted(stored_notes.get(UUID(foi), [])) == acked, "a lost or phantom update"
        assert per_case[UUID(foi)] == 1 + len(acked)
    figures.update(
        servers=2,
        threads=THREADS,
        tried=len(ledger.answers),
        created=len(proposals),
        **{str(k): v for k, v in sorted(statuses.items(), key=str)},
    )
