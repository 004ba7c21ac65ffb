"""The directory in a real browser (issue 17), on SQLite and on PostgreSQL.

An auditor sees an honorary consul's office but not the person ("hidden") and no form; a
manager sees the person, and erasing it asks for the confirmation box first.
"""

from datetime import date

import pytest

from application.commands.consuls import AppointConsul, JoinAssociation
from application.commands.contacts import PersonFields, RegisterContact, RegisterCounterpart
from application.service import Caller
from tests.web.browser import check_page
from tests.web.conftest import Console

pytestmark = pytest.mark.browser

PERSON = "Anna Illustrative-Huber"
EMAIL = "anna.huber@example.org"


def _appoint(console: Console) -> str:
    saved = console.runtime.consuls.appoint_consul(
        AppointConsul(
            person=PersonFields(name=PERSON, email=EMAIL),
            represents="AT",
            seat_country="UA",
            seat_city="Kharkiv",
            district="Kharkiv region",
            appointed_on=date(2020, 5, 12),
            term_ends_on=date(2027, 6, 1),
        ),
        Caller("olena", "clerk"),
    )
    console.settle()
    return f"{console.url}/console/consuls/{saved.case.id}"


def test_an_auditor_sees_the_consul_without_the_person_and_without_forms(console: Console):
    url = _appoint(console)
    auditor = console.sign_in("iryna")
    auditor.goto(url)
    main = auditor.locator("main").inner_text()
    assert "HCN-" in main
    assert PERSON not in main and EMAIL not in main
    assert "приховано" in main
    assert auditor.locator("main form[method=post]").count() == 0
    check_page(auditor, f"consul-auditor-{console.backend}")
    auditor.goto(f"{console.url}/console/consuls")
    listed = auditor.locator("main table tbody").inner_text()
    assert "AT" in listed and PERSON not in listed and "приховано" in listed
    check_page(auditor, f"consuls-list-auditor-{console.backend}")
    auditor.close()


def test_a_manager_sees_the_person_and_erasure_asks_for_confirmation(console: Console):
    url = _appoint(console)
    manager = console.sign_in("petro")
    manager.goto(url)
    assert PERSON in manager.locator("main").inner_text()
    assert manager.locator("#form-extend").count() == 1
    check_page(manager, f"consul-page-{console.backend}")
    manager.locator("details:has(#form-erase) > summary").click()
    manager.fill("#erase-requested_on", "2026-11-20")
    manager.fill("#erase-grounds", "Прохання особи")
    # The browser would stop an unticked required box: post it as a forged form would.
    form = manager.locator("#form-erase")
    form.locator("[name=confirm]").evaluate("e => e.required = false")
    with manager.expect_navigation():
        form.locator("button[type=submit]").click()
    assert manager.locator("#erase-confirm-err").count() == 1
    assert PERSON in manager.locator("main").inner_text()  # nothing was erased
    manager.fill("#erase-requested_on", "2026-11-20")
    manager.fill("#erase-grounds", "Прохання особи")
    manager.check("#erase-confirm")
    with manager.expect_navigation():
        manager.click("#form-erase button[type=submit]")
    main = manager.locator("main").inner_text()
    assert PERSON not in main and "стерто" in main
    assert manager.locator("#form-erase").count() == 0
    manager.close()

    clerk = console.sign_in("olena")
    clerk.goto(url)
    assert clerk.locator("#form-erase").count() == 0  # erasure is a manager's


def test_memberships_list_and_page(console: Console):
    saved = console.runtime.memberships.join_association(
        JoinAssociation(association="Eurocities", country="BE", joined_on=date(2019, 3, 1)),
        Caller("olena", "clerk"),
    )
    console.settle()
    page = console.sign_in("olena")
    page.goto(f"{console.url}/console/memberships")
    page.click(f"a[href='/console/memberships/{saved.case.id}']")
    assert "Eurocities" in page.locator("main").inner_text()
    assert page.locator("#form-renew").count() == 1
    check_page(page, f"membership-page-{console.backend}")
    page.close()


def test_counterpart_and_contact_pages_person_for_staff_only(console: Console):
    rt = console.runtime
    clerk_caller = Caller("olena", "clerk")
    mission = rt.counterparts.register_counterpart(
        RegisterCounterpart(
            name="Consulate General of Poland", country="PL", kind="consular_office"
        ),
        clerk_caller,
    )
    contact = rt.contacts.register_contact(
        RegisterContact(
            counterpart_id=mission.case.id,
            person=PersonFields(name="Jan Illustrative-Kowalski", email="jan@example.org"),
        ),
        clerk_caller,
    )
    console.settle()
    auditor = console.sign_in("iryna")
    auditor.goto(f"{console.url}/console/contacts")
    listed = auditor.locator("main table tbody").inner_text()
    assert "Kowalski" not in listed and "приховано" in listed
    auditor.goto(f"{console.url}/console/contacts/{contact.case.id}")
    assert "Kowalski" not in auditor.locator("main").inner_text()
    assert auditor.locator("main form[method=post]").count() == 0
    check_page(auditor, f"contact-auditor-{console.backend}")
    auditor.close()

    clerk = console.sign_in("olena")
    clerk.goto(f"{console.url}/console/counterparts")
    clerk.click(f"a[href='/console/counterparts/{mission.case.id}']")
    assert clerk.locator("#form-close").count() == 1
    check_page(clerk, f"counterpart-page-{console.backend}")
    clerk.goto(f"{console.url}/console/contacts/{contact.case.id}")
    assert "Kowalski" in clerk.locator("main").inner_text()
    assert clerk.locator("#form-change").count() == 1
    assert clerk.locator("#form-erase").count() == 0
    clerk.close()
