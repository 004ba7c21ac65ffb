"""Lapsed agreements in the lists (DOMAIN.md §7), on SQLite and PostgreSQL."""

from datetime import date

from tests.agreements.test_http_notice import CLERK, signed
from tests.readmodels.test_http import get, running  # noqa: F401


def test_lists_and_renewals_show_an_agreement_past_its_expiry_as_lapsed(
    runtime,
    client,
    clock,
    running,  # noqa: F811
):
    a = signed(client, notice_period_days=30)  # expires 10.01.2027
    at = f"min_position={a['position']}"
    (item,) = get(client, f"/agreements?{at}", headers=CLERK)["items"]
    assert (item["in_force"], item["lapsed_on"]) == (True, None)
    assert [i["id"] for i in get(client, f"/agreements?in_force=true&{at}")["items"]] == [a["id"]]

    clock.set(date(2027, 1, 10))  # the expiry date: no job has run, the status is still signed
    (item,) = get(client, f"/agreements?{at}", headers=CLERK)["items"]
    assert (item["status"], item["in_force"], item["lapsed_on"]) == ("signed", False, "2027-01-10")
    assert get(client, f"/agreements?in_force=true&{at}")["items"] == []
    assert [i["id"] for i in get(client, f"/agreements?in_force=false&{at}")["items"]] == [a["id"]]
    (renewal,) = get(client, f"/renewals?{at}")["items"]
    assert (renewal["in_force"], renewal["lapsed_on"]) == (False, "2027-01-10")
