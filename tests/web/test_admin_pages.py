"""Administration in a real browser: accounts and roles, the calendar, deliveries, the feed."""

import httpx
import pytest

from tests.web.browser import check_page
from tests.web.conftest import Console

pytestmark = pytest.mark.browser


def test_an_administrator_opens_an_account_grants_a_role_and_overrides_a_day(console: Console):
    console.settle()  # the accounts list is a read model
    page = console.sign_in("oksana")
    page.click("nav >> text=Адміністрування")
    assert page.locator("tr:has-text('iryna')").count() == 1
    check_page(page, f"admin-{console.backend}")
    page.click("summary:has-text('Відкрити обліковий запис')")
    page.fill("#new-login", "taras")
    page.fill("#new-name", "Тарас Шевчук")
    page.fill("#new-email", "taras@city.kharkiv.ua")
    page.select_option("#new-role", "clerk")
    page.fill("#new-reason", "новий працівник відділу")
    page.click("form[action='/console/admin/accounts'] button[type=submit]")
    password = page.locator("#otp").input_value()
    assert len(password) >= 16
    console.settle()
    page.goto(f"{console.url}/console/admin")
    row = page.locator("tr:has-text('taras')")
    row.locator("select").select_option("manager")
    row.locator("input[name=reason]").fill("заступник керівника")
    with page.expect_navigation():
        row.locator("button:has-text('Надати')").click()
    console.settle()
    page.goto(f"{console.url}/console/admin")
    assert "керівник" in page.locator("tr:has-text('taras')").inner_text()
    # Disable (its sessions end), then enable again; a reset gives a new one-time password.
    row = page.locator("tr:has-text('taras')")
    row.locator("input[name=reason]").fill("відпустка")
    with page.expect_navigation():
        row.locator("button:has-text('Вимкнути')").click()
    assert not console.runtime.accounts.find("taras").enabled
    console.settle()  # no projection worker runs beside this test server
    page.reload()
    row = page.locator("tr:has-text('taras')")
    row.locator("input[name=reason]").fill("повернувся")
    with page.expect_navigation():
        row.locator("button:has-text('Увімкнути')").click()
    assert console.runtime.accounts.find("taras").enabled
    row = page.locator("tr:has-text('taras')")
    with page.expect_navigation():
        row.locator("button:has-text('Скинути пароль')").click()
    assert page.locator("#otp").input_value() != password
    page.fill("#cal-date", "2026-12-24")
    page.select_option("#cal-working", "false")
    page.fill("#cal-reason", "Розпорядження міського голови № 1/2026")
    with page.expect_navigation():
        page.click("form[action='/console/admin/calendar'] button[type=submit]")
    assert "2026-12-24" in page.locator("#cal-h + p + ul").inner_text()
    with page.expect_navigation():
        page.click("form[action='/console/admin/deliveries/retry'] button[type=submit]")
    assert page.locator("[role=status]").count() == 1
    page.close()


def test_a_clerk_gets_no_administration_but_a_personal_calendar_feed(console: Console):
    page = console.sign_in("olena")
    assert page.locator("nav >> text=Адміністрування").count() == 0
    response = page.goto(f"{console.url}/console/admin")
    assert response is not None and response.status == 403
    page.goto(f"{console.url}/console/me")
    page.fill("#label", "Телефон")
    page.click("main button[type=submit]")
    url = page.locator("#feed").input_value()
    assert "/deadlines.ics?token=" in url
    check_page(page, f"feed-{console.backend}")
    feed = httpx.get(console.url + url[url.index("/deadlines.ics") :], timeout=10)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    page.close()
