"""A later calendar override re-plans open cases only (DOMAIN.md §7), on SQLite and PostgreSQL.

Monday 09.11.2026 is day 0: the 5th working day is Monday 16.11.2026. An answer on Tuesday
17.11 is one working day late. Then an administrator marks Thursday 12.11 non-working: an open
request received the same day is now due on Tuesday 17.11, the answered one stays late by one.
"""

from tests.conftest import auth
from tests.readmodels.test_http import get, post, register, running  # noqa: F401

ADMIN = auth("admin")
CLERK = auth("clerk", "olena")
ANSWER = {"answered_on": "2026-11-17", "outcome": "granted", "outgoing_number": "17/0/9-26"}


def test_an_override_after_a_late_answer_leaves_it_late_and_re_plans_the_open_request(
    runtime,
    client,
    running,  # noqa: F811
):
    answered = register(client, "2026-11-09")
    still_open = register(client, "2026-11-09", name="Olha K.")
    body = post(client, f"/foi-requests/{answered['id']}/answer", ANSWER)
    assert (body["due_on"], body["late"], body["working_days_late"]) == ("2026-11-16", True, 1)
    head = get(client, f"/foi-requests/stats?year=2026&min_position={body['position']}")
    assert (head["answered_on_time"], head["answered_late"]) == (0, 1)

    override = {"date": "2026-11-12", "working": False, "reason": "city-wide blackout"}
    post(client, "/calendar/overrides", override, headers=ADMIN, status=201)
    position = runtime.app.position

    detail = get(client, f"/foi-requests/{answered['id']}", headers=CLERK)
    assert (detail["due_on"], detail["late"], detail["working_days_late"]) == (
        "2026-11-16",
        True,
        1,
    )
    items = get(client, f"/foi-requests?min_position={position}")["items"]
    by_id = {r["id"]: r for r in items}
    late = by_id[answered["id"]]
    assert (late["due_on"], late["late"], late["working_days_late"]) == ("2026-11-16", True, 1)
    assert by_id[still_open["id"]]["due_on"] == "2026-11-17"  # re-planned
    assert get(client, f"/foi-requests/{still_open['id']}", headers=CLERK)["due_on"] == (
        "2026-11-17"
    )
    stats = get(client, f"/foi-requests/stats?year=2026&min_position={position}")
    assert (stats["answered_on_time"], stats["answered_late"]) == (0, 1)
    report = get(client, f"/reports/annual?year=2026&min_position={position}")
    assert report["foi_requests"]["answered_late"] == 1
    deadlines = get(client, f"/deadlines?kind=foi_answer&min_position={position}")["items"]
    assert [(d["case_id"], d["due_on"]) for d in deadlines] == [(still_open["id"], "2026-11-17")]
