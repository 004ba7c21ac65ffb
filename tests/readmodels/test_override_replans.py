"""A later calendar override re-plans open calendar-day terms too (Civil Code Art. 254(5)).

On SQLite and PostgreSQL: the aid report of an unreported shipment, and an agreement's notice
deadline, move in the detail, the lists and the deadlines read model.
"""

from tests.agreements.test_http_notice import signed
from tests.conftest import auth
from tests.readmodels.test_http import get, post, running  # noqa: F401
from tests.shipments.http_helpers import announce, to_cleared

ADMIN = auth("admin")
CLERK = auth("clerk", "olena")


def override(client, day: str) -> None:
    post(client, "/calendar/overrides", {"date": day, "working": False, "reason": "blackout"},
         headers=ADMIN, status=201)  # fmt: skip


def test_an_override_re_plans_the_report_of_an_unreported_shipment(runtime, client, running):  # noqa: F811
    sid = announce(client)["id"]
    # Cleared 02.11.2026 + 90 days = Sunday 31.01.2027: due Monday 01.02.2027.
    cleared = to_cleared(client, sid, cleared_on="2026-11-02")
    assert cleared["report_due_on"] == "2027-02-01"
    override(client, "2027-02-01")  # Monday 01.02 made non-working: due Tuesday 02.02
    at = f"min_position={runtime.app.position}"
    assert get(client, f"/shipments/{sid}", headers=CLERK)["report_due_on"] == "2027-02-02"
    found = get(client, f"/deadlines?kind=shipment_report&{at}")["items"]
    assert [(d["case_id"], d["due_on"]) for d in found] == [(sid, "2027-02-02")]


def test_an_override_re_plans_an_agreements_notice_deadline(runtime, client, running):  # noqa: F811
    a = signed(client, notice_period_days=30)  # expires Sunday 10.01.2027
    assert a["notice_deadline_on"] == "2026-12-11"  # 30 days before: Friday 11.12.2026
    override(client, "2026-12-11")  # made non-working: the term ends on Monday 14.12
    at = f"min_position={runtime.app.position}"
    assert get(client, f"/agreements/{a['id']}", headers=CLERK)["notice_deadline_on"] == (
        "2026-12-14"
    )
    (item,) = get(client, f"/agreements?{at}")["items"]
    assert item["notice_deadline_on"] == "2026-12-14"
    (renewal,) = get(client, f"/renewals?within_days=60&{at}")["items"]
    assert renewal["notice_deadline_on"] == "2026-12-14"
    found = get(client, f"/deadlines?kind=agreement_notice&{at}")["items"]
    assert [(d["case_id"], d["due_on"]) for d in found] == [(a["id"], "2026-12-14")]
