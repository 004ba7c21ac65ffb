"""The reminder job and its outbox on SQLite and PostgreSQL, with real SMTP and HTTP receivers."""

import threading
from collections import Counter
from datetime import date

from application.commands.agreements import GiveNotice
from domain.agreement import AgreementStatus
from infrastructure.bootstrap import build
from infrastructure.reminders import reminder_service
from tests.reminders import scenario as sc
from tests.reminders.conftest import DEPARTMENT, SMTP_USER


def catch_up(rt) -> None:
    rt.extras["projections"].catch_up(timeout=30)


def issued_in_log(rt) -> Counter:
    """(case id, key) of every ReminderIssued in the event log, counted."""
    found: Counter = Counter()
    for n in rt.app.recorder.select_notifications(0, 100_000):
        if n.topic.endswith(".ReminderIssued"):
            e = rt.app.mapper.to_domain_event(n)
            found[(e.originator_id, e.key)] += 1
    return found


def mailed(smtp_server) -> Counter:
    """(recipient, reminder message id) listed in the e-mails received, counted."""
    import re
    from email import message_from_bytes

    found: Counter = Counter()
    for envelope in smtp_server.inbox.envelopes:
        body = message_from_bytes(envelope.content).get_payload(decode=True).decode("utf-8")
        for message_id in re.findall(r" · ([0-9a-f-]{36})", body):
            for recipient in envelope.rcpt_tos:
                found[(recipient, message_id)] += 1
    return found


def cases(rt):
    """One case of each kind with something due on 23.11.2026 (the clock's day)."""
    agreement = sc.agreement(rt, signed_on=date(2021, 12, 1))  # expires 01.12.2026: 90/60/30
    request = sc.foi(rt, date(2026, 11, 16))  # due 23.11.2026: day 3, day before, due
    shipment = sc.shipment(rt, expected_on=date(2026, 11, 1))  # 22 days late
    return agreement, request, shipment


def test_two_runs_on_the_same_day_issue_and_deliver_each_reminder_once(
    runtime, make_outbox, smtp_server, http_receiver
):
    agreement, request, shipment = cases(runtime)
    catch_up(runtime)
    job = reminder_service(runtime)
    first = job.run()
    # The job's first look at these cases is a catch-up: the current state once per chain.
    assert first.counts() == {
        "agreement_expiry_window": 1,
        "foi_due": 1,
        "foi_third_working_day": 1,
        "shipment_arrival_late": 1,
    }
    assert (first.issued, first.skipped) == (4, 3)  # windows 90 and 60, the day before
    catch_up(runtime)
    outbox = make_outbox(runtime)
    delivered = outbox.deliver()
    assert delivered.sent == {"email": 4, "webhook": 4}
    assert delivered.digests == {"email": 3}  # the department, olena and taras: one each

    again = job.run()
    catch_up(runtime)
    assert again.done == []
    assert again.candidates == 1  # only the open FOI request is always looked at
    assert outbox.deliver().sent == {}

    assert set(issued_in_log(runtime).values()) == {1}
    ids = http_receiver.accepted()
    assert len(ids) == len(set(ids)) == 4
    assert len(smtp_server.inbox.message_ids()) == 3


def test_an_email_goes_to_the_officer_and_the_department_in_both_languages(
    runtime, make_outbox, smtp_server
):
    sc.foi(runtime, date(2026, 11, 16))
    catch_up(runtime)
    reminder_service(runtime).run()
    catch_up(runtime)
    make_outbox(runtime).deliver()
    from email import message_from_bytes

    envelopes = smtp_server.inbox.envelopes
    # A digest per recipient: the officer and the department each get one e-mail.
    assert sorted(tuple(e.rcpt_tos) for e in envelopes) == [
        (DEPARTMENT,),
        ("taras@city.kharkiv.ua",),
    ]
    mail = message_from_bytes(envelopes[0].content)
    body = mail.get_payload(decode=True).decode("utf-8")
    assert "FOI-2026-0001" in body
    assert "Запит" in body and "FOI request" in body
    assert "/console/foi/" in body
    assert smtp_server.inbox.logins and all(ok and tls for ok, tls in smtp_server.inbox.logins)
    assert SMTP_USER in smtp_server.url


def test_the_webhook_body_follows_the_api_and_its_signature_verifies(
    runtime, make_outbox, http_receiver
):
    shipment = sc.shipment(runtime, expected_on=date(2026, 11, 1))
    catch_up(runtime)
    reminder_service(runtime).run()
    catch_up(runtime)
    make_outbox(runtime).deliver()
    [request] = http_receiver.requests
    assert http_receiver.signature_ok(request)
    body = http_receiver.bodies()[0]
    assert body["id"] == request["headers"]["x-pobratym-message-id"]
    assert (body["type"], body["case_type"], body["case_id"]) == (
        "reminder",
        "shipment",
        str(shipment),
    )
    assert (body["reference"], body["due_on"], body["what"]) == (
        "SHP-2026-0001",
        "2026-11-01",
        "shipment_arrival_late",
    )
    tampered = dict(request, body=request["body"].replace(b"SHP", b"SHQ"))
    assert not http_receiver.signature_ok(tampered)


def test_a_receiver_that_fails_twice_then_recovers_gets_each_message_once(
    runtime, make_outbox, http_receiver, wall
):
    http_receiver.clear(fail_first=2)
    cases(runtime)
    catch_up(runtime)
    reminder_service(runtime).run()
    catch_up(runtime)
    outbox = make_outbox(runtime)
    assert outbox.deliver().retrying == {"webhook": 4}
    assert outbox.deliver().sent == {}  # not before the backoff has passed
    wall.advance(minutes=1)
    assert outbox.deliver().retrying == {"webhook": 4}
    wall.advance(minutes=2)
    assert outbox.deliver().sent == {"webhook": 4}
    wall.advance(hours=12)
    assert outbox.deliver().sent == {}
    accepted = http_receiver.accepted()
    assert len(accepted) == len(set(accepted)) == 4
    assert Counter(r["id"] for r in http_receiver.requests) == {i: 3 for i in accepted}


def test_a_run_after_a_gap_catches_up(runtime, clock, make_outbox, http_receiver):
    request = sc.foi(runtime, date(2026, 11, 2))  # due Monday 09.11.2026
    clock.set(date(2026, 11, 4))
    catch_up(runtime)
    assert reminder_service(runtime).run().done == []
    clock.set(date(2026, 11, 12))  # the job did not run for eight days
    catch_up(runtime)
    report = reminder_service(runtime).run()
    # The current state once per chain: the extension decision, and "overdue" as of today.
    assert [(d.key, d.skipped) for d in report.done] == [
        ("day3:2026-11-05", 0),
        ("overdue:2026-11-12", 4),  # the day before, the due day, 10 and 11 November
    ]
    catch_up(runtime)
    make_outbox(runtime).deliver()
    assert len(set(http_receiver.accepted())) == 2
    assert runtime.foi.get_request(request).reminders_issued == [d.key for d in report.done]
    clock.set(date(2026, 11, 13))  # the next day: the daily overdue reminder, and nothing old
    catch_up(runtime)
    assert [(d.key, d.skipped) for d in reminder_service(runtime).run().done] == [
        ("overdue:2026-11-13", 0)
    ]


def test_expiry_and_automatic_renewal_happen_on_the_expiry_date(runtime, clock):
    plain = sc.agreement(runtime, signed_on=date(2021, 11, 24))  # expires 24.11.2026
    renews = sc.agreement(runtime, signed_on=date(2021, 11, 24), auto_renew=True)
    catch_up(runtime)
    reminder_service(runtime).run()  # 23.11.2026: windows only
    assert runtime.agreements.get_agreement(plain).status is AgreementStatus.SIGNED
    assert runtime.agreements.get_agreement(renews).status is AgreementStatus.SIGNED

    clock.set(date(2026, 11, 24))
    catch_up(runtime)
    report = reminder_service(runtime).run()
    assert report.counts() == {
        "agreement_auto_renewed": 1,
        "agreement_expired": 1,
        "expired": 1,
        "renewed": 1,
    }
    expired = runtime.agreements.get_agreement(plain)
    assert (expired.status, expired.ended_on) == (AgreementStatus.EXPIRED, date(2026, 11, 24))
    renewed = runtime.agreements.get_agreement(renews)
    assert renewed.status is AgreementStatus.RENEWED
    assert (renewed.renewed_on, renewed.expires_on) == (date(2026, 11, 24), date(2031, 11, 24))
    [renewal] = [e for e in runtime.app.events.get(renews) if type(e).__name__ == "Renewed"]
    assert renewal.meta.actor == "system"

    catch_up(runtime)
    assert reminder_service(runtime).run().done == []


def test_an_agreement_with_notice_given_expires_instead_of_renewing(runtime, clock):
    aid = sc.agreement(
        runtime, signed_on=date(2021, 11, 24), auto_renew=True, notice_period_days=30
    )  # expires 24.11.2026; notice deadline 25.10.2026 is a Sunday → Monday 26.10.2026
    runtime.agreements.give_notice(
        aid, GiveNotice(given_by="partner", given_on=date(2026, 10, 26), letter_ref="L-1"), sc.OLENA
    )
    clock.set(date(2026, 11, 24))
    catch_up(runtime)
    report = reminder_service(runtime).run()
    assert report.counts().get("renewed") is None and report.counts()["expired"] == 1
    a = runtime.agreements.get_agreement(aid)
    assert (a.status, a.ended_on) == (AgreementStatus.EXPIRED, date(2026, 11, 24))


def test_a_dry_run_changes_nothing_and_a_future_day_needs_one(runtime):
    from domain.errors import RuleViolation

    agreement = sc.agreement(runtime, signed_on=date(2021, 11, 24))
    catch_up(runtime)
    preview = reminder_service(runtime).run(as_of=date(2026, 11, 24), dry_run=True)
    assert "expired" in preview.counts()
    assert runtime.agreements.get_agreement(agreement).reminders_issued == []
    try:
        reminder_service(runtime).run(as_of=date(2026, 11, 24))
    except RuleViolation as e:
        assert "future" in e.message
    else:
        raise AssertionError("a run as of a later day must be refused")


def test_concurrent_runners_issue_and_deliver_nothing_twice(
    runtime, make_outbox, smtp_server, http_receiver
):
    for i in range(4):
        sc.agreement(runtime, signed_on=date(2021, 12, 1 + i))
    sc.foi(runtime, date(2026, 11, 2))
    sc.shipment(runtime, expected_on=date(2026, 11, 1), cleared_on=date(2026, 8, 20))
    catch_up(runtime)
    machines = [build(runtime.settings, runtime.clock) for _ in range(3)]
    reports, errors = [], []
    barrier = threading.Barrier(len(machines))

    def work(rt) -> None:
        try:
            barrier.wait(timeout=10)
            reports.append(reminder_service(rt).run())
        except Exception as e:  # reported below
            errors.append(e)

    try:
        threads = [threading.Thread(target=work, args=(rt,)) for rt in machines]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        issued = issued_in_log(runtime)
        assert set(issued.values()) == {1}
        assert sum(len([d for d in r.done if d.key]) for r in reports) == len(issued)

        catch_up(runtime)
        outboxes = [make_outbox(rt) for rt in machines]
        barrier = threading.Barrier(len(outboxes))

        def deliver(box) -> None:
            barrier.wait(timeout=10)
            box.deliver()

        threads = [threading.Thread(target=deliver, args=(b,)) for b in outboxes]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for rt in machines:
            rt.close()
    accepted = http_receiver.accepted()
    assert len(accepted) == len(set(accepted)) == len(issued)
    listed = mailed(smtp_server)  # (recipient, reminder message id) in the digests
    assert set(listed.values()) == {1}
    assert {m for _, m in listed} == set(accepted)


def test_rebuilding_the_reminders_read_model_sends_nothing_again(
    runtime, make_outbox, http_receiver
):
    cases(runtime)
    catch_up(runtime)
    reminder_service(runtime).run()
    catch_up(runtime)
    outbox = make_outbox(runtime)
    assert outbox.deliver().sent == {"email": 4, "webhook": 4}
    runtime.extras["projections"].rebuild("reminders")
    assert outbox.deliver().enqueued == 0
    assert len(http_receiver.accepted()) == 4


def test_the_reminders_are_in_the_cases_history(runtime):
    from application.history import entry_of

    request = sc.foi(runtime, date(2026, 11, 16))
    catch_up(runtime)
    reminder_service(runtime).run()
    events = [e for e in runtime.app.events.get(request) if type(e).__name__ == "ReminderIssued"]
    entries = [entry_of(e) for e in events]
    assert [e.actor for e in entries] == ["system"] * 2  # day 3 and the due day
    assert entries[-1].description == "Reminder foi due (due:2026-11-23): due 23.11.2026"
    assert all(e.correlation_id.startswith("reminders-") for e in entries)
