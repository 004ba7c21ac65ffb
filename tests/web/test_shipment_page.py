"""A shipment in a real browser: received with a discrepancy, partly handed over, reported."""

from uuid import UUID

import msgspec
import pytest

from application.commands.shipments import AnnounceShipment
from application.service import Caller
from tests.web.browser import check_page
from tests.web.conftest import Console
from tests.web.test_case_pages import _submit

pytestmark = pytest.mark.browser
DAY = "2026-11-23"


def test_a_shipment_is_received_with_a_discrepancy_partly_distributed_and_reported(
    console: Console,
):
    cmd = msgspec.convert(
        {
            "donor": {"name": "Stadt Nürnberg", "country": "DE"},
            "recipient": "КНП «Міська лікарня № 8»",
            "expected_on": DAY,
            "lines": [
                {
                    "line_no": 1,
                    "category": "medicines",
                    "description": "Парацетамол 500 мг",
                    "quantity": "100",
                    "unit": "box",
                    "lot": "L-2291",
                    "expiry_on": "2028-06-30",
                },
                {
                    "line_no": 2,
                    "category": "hygiene",
                    "description": "Гігієнічні набори",
                    "quantity": "50",
                    "unit": "set",
                },
            ],
        },
        AnnounceShipment,
    )
    saved = console.runtime.shipments.announce_shipment(cmd, Caller(actor="olena", role="clerk"))
    url = f"{console.url}/console/shipments/{saved.case.id}"
    page = console.sign_in("olena")
    page.goto(url)
    _submit(page, "declare", {"code": "HUM-2026-0042", "declared_on": DAY})
    _submit(page, "dispatch", {"dispatched_on": DAY})
    _submit(page, "clear_customs", {"cleared_on": DAY, "customs_ref": "UA100/2026/1"})
    # The receipt form: one row per line.
    page.locator("details:has(#form-receive) > summary").click()
    form = page.locator("#form-receive")
    form.locator("[name=received_on]").fill(DAY)
    form.locator("[name='lines.1.received']").fill("90")
    form.locator("[name='lines.1.damaged']").fill("6")
    form.locator("[name='lines.1.missing']").fill("4")
    form.locator("[name='lines.1.discrepancy_reason']").fill("Пошкоджені коробки, недостача")
    check_page(page, f"shipment-receipt-form-{console.backend}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "отримано" in page.locator("h1 .tag").inner_text()
    # Part of line 1 handed over: 50 of the 90 in good condition are left on hand.
    page.locator("details:has(#form-distribute) > summary").click()
    form = page.locator("#form-distribute")
    form.locator("[name=distributed_on]").fill(DAY)
    form.locator("[name=to]").fill("КНП «Міська лікарня № 8»")
    form.locator("[name=act_ref]").fill("АКТ-17")
    form.locator("[name='lines.1.quantity']").fill("40")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "частково розподілено" in page.locator("h1 .tag").inner_text()
    row = page.locator("#lines-h + table tbody tr").first.inner_text()
    assert "50" in row and "40" in row
    _submit(page, "report", {"reported_on": DAY, "report_ref": "ЗВ-2026-3"})
    assert "звіт подано" in page.locator("h1 .tag").inner_text()
    shipment = console.runtime.shipments.get_shipment(UUID(str(saved.case.id)))
    assert str(shipment.status) == "reported"
    check_page(page, f"shipment-{console.backend}")
    console.settle()
    page.goto(f"{console.url}/console/shipments/stock?category=medicines")
    assert "Парацетамол 500 мг" in page.locator("tbody").inner_text()
    assert "50" in page.locator("tbody tr").first.inner_text()
    check_page(page, f"stock-{console.backend}")
    page.close()
