"""Case pages in a real browser: the issue's scenarios, on SQLite and on PostgreSQL.

A clerk registers an FOI request, a manager extends it, the late answer shows its working days
late; an agreement is proposed, approved, signed, renewed; a clerk's forged manager command, a
refusal next to its field, a stale form, a form without CSRF; an auditor sees no contact detail
and no form, and a forged POST from an auditor session is 403.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from application.commands.partners import RegisterPartner
from application.service import Caller
from tests.web.browser import check_page
from tests.web.conftest import Console

pytestmark = pytest.mark.browser

EMAIL = "mykola.requester@example.org"


def _register_foi(console: Console) -> tuple[Any, str]:
    """A clerk registers a request through the form; returns (page, the case's URL)."""
    page = console.sign_in("olena")
    page.goto(f"{console.url}/console/foi")
    page.click("a[href='/console/foi/new']")
    page.fill("#requester-name", "Микола Петренко")
    page.select_option("#requester-kind", "individual")
    page.fill("#requester-email", EMAIL)
    page.select_option("#channel", "email")
    page.fill("#received_on", "2026-10-01")
    page.fill("#subject", "Угоди про побратимство 2025 року")
    page.fill("#text", "Прошу надати копії угод про побратимство, підписаних у 2025 році.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/console/foi/*-*")
    return page, page.url


def _submit(page: Any, command: str, values: dict[str, str]) -> None:
    """Open a command's form, fill it in and send it (a plain POST; no script needed)."""
    form = page.locator(f"#form-{command}")
    page.locator(f"details:has(#form-{command}) > summary").click()
    for name, value in values.items():
        field = form.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_foi_register_extend_and_a_late_answer_shows_working_days_late(console: Console):
    page, case_url = _register_foi(console)
    assert page.locator("h1").inner_text().startswith("FOI-2026-")
    # A clerk is not offered the manager's extension.
    assert page.locator("#form-extend").count() == 0
    assert page.locator("#form-assign").count() == 1
    page.close()

    manager = console.sign_in("petro")
    manager.goto(case_url)
    _submit(
        manager,
        "extend",
        {"notice_sent_on": "2026-10-05", "reason": "large_volume", "justification": "Багато угод"},
    )
    assert "продовжено" in manager.locator("h1 .tag").inner_text()
    manager.close()

    clerk = console.sign_in("olena")
    clerk.goto(case_url)
    _submit(
        clerk,
        "answer",
        {"answered_on": "2026-11-20", "outcome": "granted", "outgoing_number": "01-14/77"},
    )
    case_id = UUID(case_url.rsplit("/", 1)[1])
    request = console.runtime.foi.get_request(case_id)
    late = request.working_days_late(console.runtime.foi.calendar())
    assert late and late > 0
    text = clerk.locator("main").inner_text()
    assert f"відповідь із запізненням на {late} робочих днів" in text
    assert "Продовжено" in text or "продовж" in text  # the timeline tells the extension
    check_page(clerk, f"case-foi-{console.backend}")
    clerk.click("text=English")
    assert f"answered {late} working days late" in clerk.locator("main").inner_text()
    check_page(clerk, f"case-foi-en-{console.backend}")
    clerk.click("text=Українська")
    clerk.close()


def test_refusals_a_stale_form_and_a_form_without_csrf(console: Console):
    page, case_url = _register_foi(console)
    case_id = case_url.rsplit("/", 1)[1]
    csrf = next(c["value"] for c in console.browser.cookies() if c["name"] == "pobratym_csrf")
    version = page.locator("#form-assign [name=version]").input_value()

    # A clerk forges the manager's command: 403, whatever the form says.
    forged = page.request.post(
        f"{case_url}/extend",
        form={
            "csrf_token": csrf,
            "version": version,
            "notice_sent_on": "2026-10-05",
            "reason": "large_volume",
            "justification": "x",
        },
    )
    assert forged.status == 403
    # A form without the CSRF token is refused, and nothing is stored.
    no_csrf = page.request.post(f"{case_url}/assign", form={"version": version, "officer": "X"})
    assert no_csrf.status == 403
    assert "CSRF" in no_csrf.text()
    assert console.runtime.foi.get_request(UUID(case_id)).officer is None

    # A rule of the domain: the refusal is shown next to the field, with the API's reason.
    page.goto(case_url)
    _submit(
        page,
        "answer",
        {"answered_on": "2026-09-01", "outcome": "granted", "outgoing_number": "01-14/78"},
    )
    error = page.locator("#answer-answered_on-err")
    assert error.count() == 1 and "answered_on" in error.inner_text()
    assert page.locator("#answer-answered_on").get_attribute("aria-invalid") == "true"
    check_page(page, f"case-refusal-{console.backend}")

    # A refusal to disclose is a manager's decision: a clerk's form says so.
    page.goto(case_url)
    _submit(
        page,
        "answer",
        {"answered_on": "2026-10-02", "outcome": "refused", "outgoing_number": "01-14/79"},
    )
    assert "a refusal is decided by a manager" in page.locator("#form-answer").inner_text()

    # Two tabs on the same case: the second one's form is stale and says so.
    first = page
    first.goto(case_url)
    second = console.browser.new_page()
    second.goto(case_url)
    _submit(first, "assign", {"officer": "Олена Іваненко"})
    _submit(second, "assign", {"officer": "Петро Коваль"})
    stale = second.locator(".stale")
    assert "хтось інший змінив цю справу" in stale.inner_text()
    assert stale.locator("a").get_attribute("href") == f"/console/foi/{case_id}"
    check_page(second, f"case-stale-{console.backend}")
    assert console.runtime.foi.get_request(UUID(case_id)).officer == "Олена Іваненко"
    second.close()
    first.close()


def test_an_agreement_is_proposed_approved_signed_and_renewed(console: Console):
    console.runtime.partners.register_partner(
        RegisterPartner(name="Bologna", name_uk="Болонья", country="IT", kind="city"),
        Caller(actor="olena", role="clerk"),
    )
    console.settle()
    clerk = console.sign_in("olena")
    clerk.goto(f"{console.url}/console/agreements/new")
    clerk.select_option("#kind", "memorandum")
    clerk.fill("#title", "Меморандум про співпрацю з Болоньєю")
    clerk.select_option("#partner_ids", label="Болонья (IT)")
    clerk.fill("#notice_period_days", "30")
    clerk.click("main button[type=submit]")
    clerk.wait_for_url("**/console/agreements/*-*")
    url = clerk.url
    assert clerk.locator("#form-approve").count() == 0  # a manager's decision
    clerk.close()

    manager = console.sign_in("petro")
    manager.goto(url)
    _submit(
        manager,
        "approve",
        {"council_decision_ref": "1234/2026", "council_decided_on": "2026-01-10"},
    )
    assert "схвалено" in manager.locator("h1 .tag").inner_text()
    manager.close()

    clerk = console.sign_in("olena")
    clerk.goto(url)
    _submit(clerk, "sign", {"signed_on": "2026-01-15", "term.years": "1"})
    assert "підписано" in clerk.locator("h1 .tag").inner_text()
    _submit(clerk, "renew", {"renewed_on": "2026-11-20", "term.years": "2"})
    assert "продовжено" in clerk.locator("h1 .tag").inner_text()
    assert "Останній день повідомлення" in clerk.locator("main").inner_text()
    check_page(clerk, f"case-agreement-{console.backend}")
    clerk.close()


def test_an_auditor_sees_no_contact_detail_no_form_and_a_forged_post_is_403(console: Console):
    page, case_url = _register_foi(console)
    page.close()
    auditor = console.sign_in("iryna")
    auditor.goto(case_url)
    assert EMAIL not in auditor.content()
    assert auditor.locator("main form[method=post]").count() == 0  # only reading (as of)
    assert auditor.locator("text=Микола Петренко").count() >= 1
    console.settle()
    auditor.goto(f"{console.url}/console/foi")
    assert EMAIL not in auditor.content()
    assert auditor.locator("a[href='/console/foi/new']").count() == 0
    # Time travel: the case as it stood at its first version, read only.
    auditor.goto(f"{case_url}?version=1")
    assert auditor.locator("[role=status]").count() == 1
    assert EMAIL not in auditor.content()
    check_page(auditor, f"case-auditor-{console.backend}")
    # Or as it stood at the end of a day: before the request existed, there is nothing.
    recorded_on = datetime.now(UTC).date() + timedelta(days=1)  # events carry the wall clock
    assert auditor.goto(f"{case_url}?as_of={recorded_on}").status == 200
    assert auditor.goto(f"{case_url}?as_of=2020-01-01").status == 404
    csrf = next(c["value"] for c in console.browser.cookies() if c["name"] == "pobratym_csrf")
    forged = auditor.request.post(
        f"{case_url}/assign", form={"csrf_token": csrf, "version": "1", "officer": "Хтось"}
    )
    assert forged.status == 403
    assert console.runtime.foi.get_request(UUID(case_url.rsplit("/", 1)[1])).officer is None
    # The audit view: the events (contacts redacted), the head to copy, verification, export.
    auditor.goto(f"{console.url}/console/audit")
    head = auditor.locator("#head").input_value()
    position, _, digest = head.partition(":")
    assert position.isdigit() and len(digest) == 64
    assert EMAIL not in auditor.content()
    auditor.click("text=Перевірити ланцюг")
    assert "Ланцюг цілий" in auditor.locator("[role=status]").inner_text()
    check_page(auditor, f"audit-{console.backend}")
    exported = auditor.request.get(f"{console.url}/console/audit/export")
    assert exported.status == 200
    assert "attachment" in exported.headers["content-disposition"]
    body = exported.text()
    assert '"kind":"event"' in body and EMAIL not in body
    auditor.close()


def test_a_manager_suspends_a_partner_a_clerk_may_not(console: Console):
    saved = console.runtime.partners.register_partner(
        RegisterPartner(name="Tampere", name_uk="Тампере", country="FI", kind="city"),
        Caller(actor="olena", role="clerk"),
    )
    url = f"{console.url}/console/partners/{saved.case.id}"
    clerk = console.sign_in("olena")
    clerk.goto(url)
    assert clerk.locator("h1").inner_text().startswith("Tampere")
    assert clerk.locator("#form-suspend").count() == 0
    clerk.close()
    manager = console.sign_in("petro")
    manager.goto(url)
    _submit(manager, "suspend", {"decided_on": "2026-11-20", "decision_ref": "45/2026"})
    assert "призупинено" in manager.locator("h1 .tag").inner_text()
    assert manager.locator("#form-resume").count() == 1
    check_page(manager, f"case-partner-{console.backend}")
    manager.close()
