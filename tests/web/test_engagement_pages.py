"""Engagements and projects in a real browser (issue 17), on SQLite and on PostgreSQL.

A clerk plans a meeting, marks it held with a follow-up, and finds the follow-up on Today; a
project page lists its milestones with their due dates; an auditor sees no form.
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from application.commands.engagements import CounterpartBody, LinksBody, PlanEngagement
from application.commands.projects import FunderBody, MilestoneBody, PlanProject
from application.service import Caller
from tests.conftest import TODAY
from tests.web.browser import check_page
from tests.web.conftest import Console

pytestmark = pytest.mark.browser

DUE = TODAY + timedelta(days=5)


def test_a_clerk_plans_a_meeting_holds_it_and_finds_the_follow_up_on_today(console: Console):
    page = console.sign_in("olena")
    page.goto(f"{console.url}/console/engagements")
    page.click("a[href='/console/engagements/new']")
    page.select_option("#kind", "meeting")
    page.fill("#title", "Зустріч з генеральним консулом Польщі")
    page.fill("#planned_on", TODAY.isoformat())
    page.select_option("#counterpart-type", "consular_office")
    page.fill("#counterpart-name", "Генеральне консульство Польщі")
    page.fill("#counterpart-country", "PL")
    check_page(page, f"engagement-new-{console.backend}")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/console/engagements/" in page.url
    main = page.locator("main").inner_text()
    assert "ENG-" in main and "заплановано" in main
    assert page.locator("#form-hold").count() == 1
    assert page.locator("#form-add_follow_up").count() == 0  # only once held
    check_page(page, f"engagement-planned-{console.backend}")

    # A follow-up half filled in is refused beside its field; nothing is stored.
    page.locator("details:has(#form-hold) > summary").click()
    page.fill("#hold-held_on", TODAY.isoformat())
    page.fill("#hold-follow_ups-0-action", "Надіслати проєкт меморандуму")
    with page.expect_navigation():
        page.click("#form-hold button[type=submit]")
    assert page.locator("#form-hold .field.invalid").count() >= 1
    assert "заплановано" in page.locator("main h1").inner_text()

    page.fill("#hold-held_on", TODAY.isoformat())
    page.fill("#hold-outcome", "Домовились про меморандум")
    page.fill("#hold-follow_ups-0-action", "Надіслати проєкт меморандуму")
    page.fill("#hold-follow_ups-0-owner", "olena")
    page.fill("#hold-follow_ups-0-due_on", DUE.isoformat())
    with page.expect_navigation():
        page.click("#form-hold button[type=submit]")
    main = page.locator("main").inner_text()
    assert "проведено" in main and "Надіслати проєкт меморандуму" in main
    assert DUE.isoformat() in page.locator("#steps-h + table").inner_text()
    assert page.locator("#form-add_follow_up").count() == 1
    assert page.locator("#form-hold").count() == 0
    check_page(page, f"engagement-held-{console.backend}")

    console.settle()
    page.goto(f"{console.url}/console/today")
    deadlines = page.locator("main table").first.inner_text()
    assert "ENG-" in deadlines and DUE.isoformat() in deadlines and "Доручення 1" in deadlines
    page.goto(f"{console.url}/console/engagements?status=held&q=консул")
    listed = page.locator("main table tbody").inner_text()
    assert "ENG-" in listed and "1 / 1" in listed
    check_page(page, f"engagement-list-{console.backend}")
    page.close()


def _project(console: Console) -> str:
    rt = console.runtime
    clerk = Caller("olena", "clerk")
    meeting = rt.engagements.plan_engagement(
        PlanEngagement(
            kind="meeting",
            title="Візит делегації Ліона",
            planned_on=TODAY,
            counterpart=CounterpartBody(type="partner_city", name="Ліон", country="FR"),
        ),
        clerk,
    )
    saved = rt.projects.plan_project(
        PlanProject(
            title="Відновлення шкіл",
            starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY + timedelta(days=300),
            funder=FunderBody(name="Ліон", type="partner_city", country="FR"),
            amount=Decimal("250000.00"),
            currency="EUR",
            milestones=[
                MilestoneBody(title="Проєктна документація", due_on=DUE),
                MilestoneBody(title="Закупівля", due_on=TODAY + timedelta(days=120)),
            ],
            links=LinksBody(engagement_ids=[meeting.case.id]),
        ),
        clerk,
    )
    console.settle()
    return f"{console.url}/console/projects/{saved.case.id}"


def test_a_project_page_shows_its_milestones_and_links(console: Console):
    url = _project(console)
    page = console.sign_in("olena")
    page.goto(f"{console.url}/console/projects?status=planned")
    page.click(f"a[href='{url.removeprefix(console.url)}']")
    steps = page.locator("#steps-h + table").inner_text()
    assert "Проєктна документація" in steps and DUE.isoformat() in steps
    assert "Закупівля" in steps
    assert page.locator("main a[href^='/console/engagements/']").count() == 1
    assert page.locator("#form-start").count() == 1
    assert page.locator("#form-complete").count() == 0  # not before it is active
    check_page(page, f"project-page-{console.backend}")
    page.locator("details:has(#form-start) > summary").click()
    page.fill("#start-started_on", TODAY.isoformat())
    with page.expect_navigation():
        page.click("#form-start button[type=submit]")
    assert page.locator("#form-complete").count() == 1
    check_page(page, f"project-active-{console.backend}")
    page.goto(f"{console.url}/console/projects")
    check_page(page, f"project-list-{console.backend}")
    page.close()


def test_an_auditor_sees_engagements_and_projects_without_forms(console: Console):
    url = _project(console)
    auditor = console.sign_in("iryna")
    auditor.goto(url)
    assert "Проєктна документація" in auditor.locator("main").inner_text()
    assert auditor.locator("main form[method=post]").count() == 0
    check_page(auditor, f"project-auditor-{console.backend}")
    for bad in ("country=POL", "day_from=someday", "kind=party", "funder_type=x"):
        kind = "projects" if bad.startswith("funder") else "engagements"
        answer = auditor.goto(f"{console.url}/console/{kind}?{bad}")
        assert answer is not None and answer.status == 400, bad
    auditor.goto(f"{console.url}/console/engagements")
    assert auditor.locator("a[href='/console/engagements/new']").count() == 0
    auditor.click("main table tbody a")
    assert auditor.locator("main form[method=post]").count() == 0
    check_page(auditor, f"engagement-auditor-{console.backend}")
    auditor.close()
