"""kill -9 the API under load: what was acknowledged is there, a command is stored all or none."""

import random
import threading
import time
from uuid import UUID

import pytest

from tests.reliability.support import ApiServer, env_int
from tests.reliability.workload import (
    Ledger,
    check_creations_are_whole,
    clarification_notes,
    driver,
    read_log,
    setup_cases,
)

KILLS = env_int("POBRATYM_CHAOS_KILLS", 4)
THREADS = 6


@pytest.mark.postgres
def test_a_server_killed_mid_command_loses_nothing_acknowledged_and_stores_no_half_command(
    served_env, tmp_path, figures
):
    rng = random.Random()
    server = ApiServer(served_env, tmp_path).start()
    ledger = Ledger()
    stop = threading.Event()
    partner, fois = setup_cases(server.url)
    threads = [
        threading.Thread(
            target=driver,
            args=(lambda: server.url, ledger, partner, fois, stop, f"k{n}", 10**6, n),
        )
        for n in range(THREADS)
    ]
    for t in threads:
        t.start()
    kills = 0
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.3, 1.5))
            server.kill()
            kills += 1
            server.start()
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
        server.stop()
    assert not any(t.is_alive() for t in threads), "a client hung"

    server.start()  # after the last restart, from the same database
    server.stop()
    statuses = ledger.statuses()
    assert 500 not in statuses, [a for a in ledger.answers if a.status == 500][:3]
    assert set(statuses) <= {200, 201, 409, 412, 503, None}, statuses

    log = read_log(served_env["POBRATYM_DATABASE_URL"])
    whole = check_creations_are_whole(log)
    stored_agreements = {str(e.originator_id) for e in log.of_type("Agreement.Proposed")}
    acked = {a.case_id for a in ledger.acked("propose")}
    assert acked <= stored_agreements, "an acknowledged creation is missing after restart"
    unknown = len(ledger.unknown("propose"))
    assert len(stored_agreements - acked) <= unknown, "creations nobody asked for"
    stored_notes = clarification_notes(log)
    for foi in fois:
        notes = set(stored_notes.get(UUID(foi), []))
        mine = {a.key for a in ledger.acked("clarify") if a.case_id == foi}
        assert mine <= notes, "an acknowledged command is missing after restart"
        maybe = {a.key for a in ledger.unknown("clarify") if a.case_id == foi}
        assert notes - mine <= maybe, "a stored command that was refused"
    figures.update(
        kills=kills,
        tried=len(ledger.answers),
        acknowledged=sum(v for k, v in statuses.items() if k and k < 300),
        in_flight_at_kill=statuses.get(None, 0),
        conflicts=statuses.get(409, 0) + statuses.get(412, 0),
        agreements=whole["agreements"],
    )
