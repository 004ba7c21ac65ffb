"""A consul's term end and a membership's renewal: in /deadlines, and reminded before they fall
due by the reminder job (SQLite and PostgreSQL)."""

from datetime import date

from infrastructure.reminders import reminder_service
from tests.contacts.helpers import AUDITOR, consul_body, every_row, found, get, post


def test_a_consul_term_end_is_a_deadline_reminded_before_it_and_closed_when_ended(runtime, client):
    engine = runtime.extras["projections"]
    # The clock's day is 23.11.2026: the term ends in 70 days, so the 90-day window is due.
    consul = post(client, "/consuls", consul_body(term_ends_on="2027-02-01"), 201)
    membership = post(
        client,
        "/memberships",
        {"association": "Eurocities", "joined_on": "2016-01-01", "renewal_due_on": "2026-12-05"},
        201,
    )
    engine.catch_up()
    due = get(client, "/deadlines?as_of=2026-11-23", AUDITOR)["items"]
    kinds = {(d["case_type"], d["kind"], d["due_on"]) for d in due}
    assert ("honorary_consul", "consul_term_end", "2027-02-01") in kinds
    assert ("membership", "membership_renewal", "2026-12-05") in kinds
    titles = [d["title"] for d in due if d["case_type"] == "honorary_consul"]
    assert titles == ["honorary consul of AT in Kharkiv"]  # the office, never the person

    report = reminder_service(runtime).run()
    assert report.counts() == {"consul_term_window": 1, "membership_renewal_window": 1}
    assert reminder_service(runtime).run().issued == 0  # once per key
    engine.catch_up()
    reminders = get(client, "/reminders", AUDITOR)["items"]
    keys = sorted(r["key"] for r in reminders)
    assert keys == [
        "consul_term:90:2027-02-01",
        "renewal:14:2026-12-05",
    ]  # 12 days ahead: the newest window
    history = get(client, f"/consuls/{consul['id']}/history", AUDITOR)["items"]
    assert history[-1]["type"] == "ReminderIssued"

    # Renewed: the deadline moves; ended: closed.
    post(
        client,
        f"/memberships/{membership['id']}/renew",
        {"renewed_on": "2026-11-20", "next_renewal_on": "2027-12-05"},
    )
    post(client, f"/consuls/{consul['id']}/end", {"ended_on": "2026-11-23", "reason": "resigned"})
    engine.catch_up()
    due = get(client, "/deadlines?as_of=2026-11-23", AUDITOR)["items"]
    kinds = {(d["case_type"], d["kind"], d["due_on"]) for d in due}
    assert ("membership", "membership_renewal", "2027-12-05") in kinds
    assert not any(k[0] == "honorary_consul" for k in kinds)
    assert reminder_service(runtime).run().issued == 0
    assert found(every_row(runtime.settings.read_url)) == []


def test_no_reminder_before_its_window(runtime):
    from application.commands.consuls import AppointConsul
    from application.commands.contacts import PersonFields
    from application.service import Caller

    runtime.consuls.appoint_consul(
        AppointConsul(
            person=PersonFields(name="Illustrative Person"),
            represents="AT",
            seat_country="UA",
            seat_city="Kharkiv",
            district="Kharkiv region",
            appointed_on=date(2020, 5, 12),
            term_ends_on=date(2027, 6, 1),  # 190 days ahead: no window yet
        ),
        Caller("olena", "clerk"),
    )
    runtime.extras["projections"].catch_up()
    assert reminder_service(runtime).run().issued == 0
