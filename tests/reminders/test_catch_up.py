"""A run after a gap tells the current state once per case and chain (issue 19.3, review 16.1).

Store tests run on SQLite and PostgreSQL (the `runtime` fixture); the clock stands at
23.11.2026 unless moved.
"""

import re
from datetime import date, timedelta
from email import message_from_bytes

from application.outbox import Backoff, Outbox
from domain.reminders import catch_up, report_reminders
from infrastructure.outbox import SqlOutbox
from infrastructure.reminders import reminder_service, senders
from tests.conftest import replace_settings
from tests.reminders import scenario as sc
from tests.reminders.conftest import DEPARTMENT, WEBHOOK_SECRET
from tests.reminders.test_job import catch_up as project
from tests.reminders.test_job import issued_in_log


def issued_events(rt, case_id) -> list:
    return [e for e in rt.app.events.get(case_id) if type(e).__name__ == "ReminderIssued"]


def test_catch_up_keeps_the_newest_day_of_each_chain_and_counts_the_rest():
    due = report_reminders(date(2026, 9, 1), date(2026, 10, 1))  # 4 windows, 30 days overdue
    [owed] = catch_up(due)
    assert owed.reminder.key == "report_overdue:2026-10-01"
    assert (owed.skipped, owed.skipped_since) == (33, date(2026, 8, 2))


def test_a_shipment_cleared_long_ago_and_never_reported_gets_one_overdue_reminder(runtime):
    shipment = sc.shipment(runtime, expected_on=date(2019, 1, 5), cleared_on=date(2019, 1, 10))
    sc.receive(runtime, shipment, date(2019, 1, 12))
    project(runtime)
    report = reminder_service(runtime).run()
    [event] = issued_events(runtime, shipment)
    due_on = runtime.shipments.get_shipment(shipment).report_due_on
    days_overdue = (date(2026, 11, 23) - due_on).days
    assert (event.key, event.what) == ("report_overdue:2026-11-23", "shipment_report_overdue")
    # The four windows and every earlier overdue day: recorded as skipped, not issued.
    assert event.skipped == 4 + days_overdue - 1 and event.skipped > 2700
    assert event.skipped_since == due_on - timedelta(days=30)
    assert (report.issued, report.skipped) == (1, event.skipped)
    assert runtime.shipments.get_shipment(shipment).reminders_issued == [event.key]


def test_a_request_received_in_2011_gets_a_bounded_number_of_reminders(runtime):
    request = sc.foi(runtime, date(2011, 5, 13))
    project(runtime)
    reminder_service(runtime).run()
    events = issued_events(runtime, request)
    assert [e.key for e in events] == ["day3:2011-05-18", "overdue:2026-11-23"]
    assert events[-1].skipped > 3000  # every working day overdue since 2011, not issued


def test_an_agreement_that_expired_years_ago_is_expired_with_one_reminder(runtime):
    plain = sc.agreement(runtime, signed_on=date(2015, 1, 10))  # expired 10.01.2020
    project(runtime)
    reminder_service(runtime).run()
    [event] = issued_events(runtime, plain)
    assert (event.what, event.skipped) == ("agreement_expired", 3)  # the 90/60/30-day windows


def test_an_auto_renewing_agreement_left_alone_for_years_gets_one_reminder(runtime):
    renews = sc.agreement(
        runtime, signed_on=date(2010, 1, 10), term=sc.Term(years=1), auto_renew=True
    )
    project(runtime)
    reminder_service(runtime).run()
    events = list(runtime.app.events.get(renews))
    assert sum(type(e).__name__ == "Renewed" for e in events) == 16  # 2011 … 2026
    [event] = [e for e in events if type(e).__name__ == "ReminderIssued"]
    # The current term (to 10.01.2027) is already in its 60-day window: that is the news; the
    # 16 renewals and every window of every term before are skipped, and the 90-day one.
    assert (event.what, event.window) == ("agreement_expiry_window", 60)
    assert event.skipped == 16 * 4 + 1


def test_a_daily_job_issues_one_overdue_reminder_a_day_and_never_a_key_twice(runtime, clock):
    shipment = sc.shipment(runtime, expected_on=date(2026, 8, 1), cleared_on=date(2026, 8, 10))
    sc.receive(runtime, shipment, date(2026, 8, 12))
    due_on = runtime.shipments.get_shipment(shipment).report_due_on
    job = reminder_service(runtime)
    keys = []
    for n in range(1, 5):
        clock.set(due_on + timedelta(days=n))
        project(runtime)
        done = job.run().done
        skipped = 4 if n == 1 else 0  # the first run catches up the four report windows
        assert [(d.key, d.skipped) for d in done] == [
            (f"report_overdue:{due_on + timedelta(n)}", skipped)
        ]
        keys += [d.key for d in done]
        project(runtime)
        again = job.run()
        assert again.done == [] and again.candidates == 0  # the read side knows it is done
    assert set(issued_in_log(runtime).values()) == {1}
    case = runtime.shipments.get_shipment(shipment)
    assert case.reminders_issued == [keys[-1]]  # the state stays bounded
    assert case.reminder_marks == {"report": due_on + timedelta(days=4)}


def test_a_thirty_day_gap_sends_one_message_per_case_and_recipient(
    runtime, clock, make_outbox, smtp_server, http_receiver
):
    shipment = sc.shipment(runtime, expected_on=date(2026, 8, 1), cleared_on=date(2026, 8, 10))
    sc.receive(runtime, shipment, date(2026, 8, 12))
    request = sc.foi(runtime, date(2026, 11, 2))
    project(runtime)
    reminder_service(runtime).run()
    project(runtime)
    outbox = make_outbox(runtime)
    outbox.deliver()
    smtp_server.inbox.clear()
    http_receiver.clear()

    clock.set(date(2026, 12, 23))  # thirty days later
    project(runtime)
    report = reminder_service(runtime).run()
    assert sorted(d.case_id for d in report.done) == sorted([shipment, request])
    project(runtime)
    delivered = outbox.deliver()
    assert delivered.sent == {"email": 2, "webhook": 2}
    recipients = [r for e in smtp_server.inbox.envelopes for r in e.rcpt_tos]
    assert sorted(recipients) == sorted([DEPARTMENT, "taras@city.kharkiv.ua"])


def digest_refs(envelope) -> list[str]:
    body = message_from_bytes(envelope.content).get_payload(decode=True).decode("utf-8")
    english = body.split("\n—\n")[1]
    return re.findall(r"^\d+\. .*?((?:FOI|SHP)-\d{4}-\d{4})", english, re.M)


def test_an_email_digest_lists_every_reminder_of_a_recipient_soonest_first(
    runtime, make_outbox, smtp_server, http_receiver
):
    sc.foi(runtime, date(2026, 11, 16))  # FOI-2026-0001: due today, 23.11
    sc.foi(runtime, date(2026, 11, 2))  # FOI-2026-0002: overdue since 09.11
    sc.shipment(runtime, expected_on=date(2026, 11, 1))  # SHP-2026-0001: expected 01.11
    project(runtime)
    reminder_service(runtime).run()
    project(runtime)
    make_outbox(runtime).deliver()
    mails = {e.rcpt_tos[0]: e for e in smtp_server.inbox.envelopes}
    assert sorted(mails) == [DEPARTMENT, "taras@city.kharkiv.ua"]  # one e-mail each
    assert digest_refs(mails[DEPARTMENT]) == [
        "SHP-2026-0001",  # expected 01.11
        "FOI-2026-0002",  # 3rd-day notice due 09.11
        "FOI-2026-0002",  # answer due 09.11, overdue by 14 days
        "FOI-2026-0001",  # 3rd-day notice due 23.11
        "FOI-2026-0001",  # answer due 23.11
    ]
    assert (
        digest_refs(mails["taras@city.kharkiv.ua"]) == ["FOI-2026-0002"] * 2 + ["FOI-2026-0001"] * 2
    )
    assert "overdue by 14 days" in message_from_bytes(mails[DEPARTMENT].content).get_payload(
        decode=True
    ).decode("utf-8")
    assert len(http_receiver.accepted()) == 5  # webhooks stay one per reminder


def test_each_mode_sends_one_email_per_reminder(runtime, smtp_server, http_receiver, wall):
    smtp_server.inbox.clear()
    sc.foi(runtime, date(2026, 11, 2))
    project(runtime)
    reminder_service(runtime).run()
    project(runtime)
    settings = replace_settings(
        runtime.settings,
        smtp_url=smtp_server.url,
        department_email=DEPARTMENT,
        staff_email_domain="city.kharkiv.ua",
        email_mode="each",
        webhook_url=None,
        webhook_secret=WEBHOOK_SECRET,
    )
    chosen = senders(settings, smtp_server.client_tls)
    delivered = Outbox(
        SqlOutbox(runtime.read_engine), chosen, backoff=Backoff(), now=wall
    ).deliver()
    assert delivered.sent == {"email": 2} and delivered.digests == {}
    assert [tuple(e.rcpt_tos) for e in smtp_server.inbox.envelopes] == [
        ("taras@city.kharkiv.ua", DEPARTMENT)
    ] * 2


def test_a_reminder_stored_before_catch_up_reads_as_superseding_nothing(runtime):
    import json

    from eventsourcing.persistence import StoredEvent

    request = sc.foi(runtime, date(2026, 11, 16))
    project(runtime)
    reminder_service(runtime).run()
    stored = runtime.app.mapper.to_stored_event(issued_events(runtime, request)[0])
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["skipped"], state["skipped_since"]
    v1 = StoredEvent(
        stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode()
    )
    event = runtime.app.mapper.to_domain_event(v1)
    assert (event.skipped, event.skipped_since) == (0, None)


def test_a_snapshot_keeps_what_a_case_has_reminded_of(runtime):
    from eventsourcing.domain import Snapshot

    shipment = sc.shipment(runtime, expected_on=date(2019, 1, 5), cleared_on=date(2019, 1, 10))
    sc.receive(runtime, shipment, date(2019, 1, 12))
    project(runtime)
    reminder_service(runtime).run()
    case = runtime.shipments.get_shipment(shipment)
    mapper = runtime.app.mapper
    snapshot = mapper.to_domain_event(mapper.to_stored_event(Snapshot.take(case)))
    restored = snapshot.mutate(None)
    assert restored.reminder_marks == {"report": date(2026, 11, 23)}
    assert restored.reminders_issued == ["report_overdue:2026-11-23"]
    assert restored.reminders_due(date(2026, 11, 23)) == []
