"""The console in a real browser: sign-in, Today, the lists, the language, sign-out; axe clean."""

import msgspec
import pytest

from application.commands.agreements import ApproveAgreement, ProposeAgreement, SignAgreement
from application.commands.foi import AssignFoiRequest, RegisterFoiRequest
from application.commands.partners import RegisterPartner
from application.service import Caller
from tests.web.browser import check_page
from tests.web.conftest import Console

pytestmark = pytest.mark.browser


def test_a_visitor_is_sent_to_sign_in_and_a_wrong_password_is_refused(console: Console):
    page = console.browser.new_page()
    console.browser.clear_cookies()
    page.goto(f"{console.url}/")
    assert page.url.endswith("/console/sign-in")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == "Увійти"
    check_page(page, f"sign-in-{console.backend}")
    page.fill("#login", "olena")
    page.fill("#password", "not the password at all")
    page.click("form.card button[type=submit]")
    assert "неправильний логін або пароль" in page.locator("[role=alert]").inner_text()
    page.goto(f"{console.url}/console/foi")
    assert "/console/sign-in?next=/console/foi" in page.url
    page.close()


def test_today_the_lists_the_language_and_sign_out(console: Console):
    console.runtime.partners.register_partner(
        RegisterPartner(name="Nürnberg", name_uk="Нюрнберг", country="DE", kind="city"),
        Caller(actor="olena", role="clerk"),
    )
    console.settle()
    page = console.sign_in("olena")
    assert page.locator("h1").inner_text().startswith("Сьогодні")
    check_page(page, f"today-{console.backend}")
    for path, heading in [
        ("foi", "Запити на інформацію"),
        ("agreements", "Угоди"),
        ("partners", "Партнери"),
        ("shipments", "Вантажі допомоги"),
    ]:
        page.goto(f"{console.url}/console/{path}")
        assert page.locator("h1").inner_text() == heading
        check_page(page, f"list-{path}-{console.backend}")
    # Search: Ukrainian or Latin, any case; keyset paging links stay on the console.
    page.goto(f"{console.url}/console/partners?q=нюрн")
    assert "Нюрнберг" in page.locator("tbody").inner_text()
    page.goto(f"{console.url}/console/partners?q=NURN")
    assert page.locator("tbody tr").count() == 1
    # The language switch keeps the page, in English.
    page.click("text=English")
    assert page.url.endswith("/console/partners?q=NURN")
    assert page.locator("h1").inner_text() == "Partners"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("text=Українська")
    assert page.locator("h1").inner_text() == "Партнери"
    # Without JavaScript the core flows still work: the sign-out is a plain form.
    page.click("header button[type=submit]")
    assert page.url.endswith("/console/sign-in")
    page.goto(f"{console.url}/console/today")
    assert "/console/sign-in" in page.url
    page.close()


def test_a_bad_filter_is_a_precise_400_page_not_a_500(console: Console):
    page = console.sign_in("olena")
    response = page.goto(f"{console.url}/console/foi?status=lost")
    assert response is not None and response.status == 400
    assert "status" in page.locator("[role=alert]").inner_text()
    page.close()


def test_today_shows_my_overdue_request_first_and_the_renewals_due(console: Console):
    rt = console.runtime
    clerk = Caller(actor="olena", role="clerk")
    manager = Caller(actor="petro", role="manager")
    foi = rt.foi.register_foi_request(
        msgspec.convert(
            {
                "requester": {"name": "Ганна", "kind": "individual", "email": "h@example.org"},
                "channel": "email",
                "received_on": "2026-10-01",
                "subject": "Бюджет програм побратимства",
                "text": "Прошу надати інформацію.",
            },
            RegisterFoiRequest,
        ),
        clerk,
    )
    rt.foi.assign_foi_request(foi.case.id, AssignFoiRequest(officer="olena"), clerk, None)
    partner = rt.partners.register_partner(
        RegisterPartner(name="Lublin", name_uk="Люблін", country="PL", kind="city"), clerk
    )
    agreement = rt.agreements.propose_agreement(
        msgspec.convert(
            {
                "kind": "partnership",
                "title": "Партнерство з Любліном",
                "partner_ids": [str(partner.case.id)],
                "owner": "petro",
            },
            ProposeAgreement,
        ),
        clerk,
    )
    aid = agreement.case.id
    rt.agreements.approve_agreement(
        aid,
        msgspec.convert(
            {"council_decision_ref": "77/2025", "council_decided_on": "2025-12-01"},
            ApproveAgreement,
        ),
        manager,
        None,
    )
    rt.agreements.sign_agreement(
        aid,
        msgspec.convert({"signed_on": "2025-12-10", "expires_on": "2026-12-10"}, SignAgreement),
        clerk,
        None,
    )
    console.settle()
    page = console.sign_in("olena")
    mine = page.locator("tbody tr")
    assert mine.count() >= 1
    first = mine.first
    assert foi.case.reference in first.inner_text()
    assert "прострочено" in first.inner_text()
    assert first.get_attribute("class") == "overdue"
    renewals = page.locator("h3:has-text('Протягом 30 днів') + ul").inner_text()
    assert agreement.case.reference in renewals
    check_page(page, f"today-with-deadlines-{console.backend}")
    # Everyone's agreements only: the request is filtered out, the agreement's obligations stay.
    page.goto(f"{console.url}/console/today?whose=all&case_type=agreement")
    table = page.locator("main").inner_text()
    assert foi.case.reference not in table
    # The FOI list's own filters: overdue only, and the officer.
    page.goto(f"{console.url}/console/foi")
    page.fill("#officer", "olena")
    page.check("input[name=overdue]")
    page.click("form[role=search] button[type=submit]")
    assert "officer=olena" in page.url and "overdue=true" in page.url
    assert foi.case.reference in page.locator("tbody").inner_text()
    page.goto(f"{console.url}/console/foi?officer=nobody&overdue=true")
    assert foi.case.reference not in page.locator("tbody").inner_text()
    page.goto(f"{console.url}/console/today?whose=all&owner=petro")
    assert foi.case.reference not in page.locator("main table").inner_text()
    page.close()
