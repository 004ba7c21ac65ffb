"""Idempotency keys under races: never a 500, the stored answer once recorded, per role."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from infrastructure.idempotency import IdempotencyStore
from infrastructure.tokens import Principal
from interfaces.http.app import create_app
from interfaces.http.idempotency import key_owner
from tests.conftest import auth
from tests.http.live import live_server

PARTNER = {"name": "Cincinnati", "country": "US", "kind": "city", "relationship": "twin_city"}


def _agreement(client) -> str:
    partner = client.post("/partners", json=PARTNER, headers=auth("clerk"))
    assert partner.status_code == 201, partner.text
    body = {"kind": "memorandum", "title": "T", "partner_ids": [partner.json()["id"]]}
    r = client.post("/agreements", json=body, headers=auth("clerk"))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_racing_requests_on_a_released_key_never_answer_500(runtime):
    """24 threads, one key, one body, a stale If-Match: each 412 releases the claim."""
    with live_server(create_app(runtime)) as url, httpx.Client(base_url=url, timeout=30) as c:
        agreement_id = _agreement(c)
        statuses: list[int] = []
        for round_ in range(3):
            headers = {**auth("clerk"), "Idempotency-Key": f"race-{round_}", "If-Match": '"99"'}

            def withdraw(_: int, headers: dict[str, str] = headers) -> httpx.Response:
                return c.post(
                    f"/agreements/{agreement_id}/withdraw",
                    json={"reason": "no longer needed"},
                    headers=headers,
                )

            with ThreadPoolExecutor(24) as pool:
                answers = list(pool.map(withdraw, range(24)))
            for a in answers:
                assert a.headers["content-type"].startswith("application/problem+json"), a.text
            statuses += [a.status_code for a in answers]
    assert set(statuses) <= {409, 412}, sorted(statuses)
    assert 412 in statuses


def test_a_claim_released_between_insert_and_read_is_claimed_again(runtime):
    """The row the failed insert met is gone when it is read: claim again, no NoResultFound."""
    real = runtime.read_engine
    store = IdempotencyStore(real)
    assert store.claim("someone", "k", "h") is None

    class ReleasingFirst:
        """An engine whose first read happens just after the other request released the key."""

        released = False

        def begin(self):
            return real.begin()

        def connect(self):
            if not self.released:
                self.released = True
                store.release("someone", "k")
            return real.connect()

    racing = IdempotencyStore(ReleasingFirst())  # type: ignore[arg-type]
    assert racing.claim("someone", "k", "h") is None
    seen = store.claim("someone", "k", "h")
    assert seen is not None and seen.status is None  # the racing request holds it now


def test_a_retry_the_moment_the_answer_arrives_gets_the_stored_answer(runtime, monkeypatch):
    """The answer is recorded before it is sent: a retry never finds the key in progress."""
    complete = IdempotencyStore.complete

    def slow_complete(self, *args, **kwargs):
        time.sleep(0.5)  # a slow database: the old code answered before recording
        complete(self, *args, **kwargs)

    monkeypatch.setattr(IdempotencyStore, "complete", slow_complete)
    with live_server(create_app(runtime)) as url, httpx.Client(base_url=url, timeout=30) as c:
        headers = {**auth("clerk"), "Idempotency-Key": "retry-now"}
        first = c.post("/partners", json=PARTNER, headers=headers)
        again = c.post("/partners", json=PARTNER, headers=headers)
    assert first.status_code == 201, first.text
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()


def test_an_auditor_with_the_same_name_key_and_body_is_403_and_sees_nothing(client, runtime):
    """Keys belong to a subject and role; the role is checked before any replay."""
    body = {**PARTNER, "name": "Lublin", "country": "PL"}
    clerk = client.post(
        "/partners", json=body, headers={**auth("clerk", "olena"), "Idempotency-Key": "k-7"}
    )
    assert clerk.status_code == 201, clerk.text
    auditor = client.post(
        "/partners", json=body, headers={**auth("auditor", "olena"), "Idempotency-Key": "k-7"}
    )
    assert auditor.status_code == 403, auditor.text
    assert auditor.headers["content-type"].startswith("application/problem+json")
    assert "Lublin" not in auditor.text and clerk.json()["id"] not in auditor.text
    assert "idempotent-replayed" not in auditor.headers


def test_the_same_key_of_the_same_name_under_two_roles_are_two_keys():
    assert key_owner(Principal("olena", "clerk")) != key_owner(Principal("olena", "manager"))
