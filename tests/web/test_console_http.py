"""The console without a browser: its catalogue is complete, its edges answer precisely."""

from uuid import uuid4

from litestar.testing import TestClient

from application.commands.accounts import CreateAccount
from application.service import Caller
from infrastructure.bootstrap import Runtime
from interfaces.web.catalogue import missing
from interfaces.web.i18n import translations
from tests.web.conftest import PASSWORD


def test_every_message_of_the_console_has_its_ukrainian_translation():
    assert missing("uk") == []
    assert translations("uk").gettext("Today") == "Сьогодні"
    assert translations("en").gettext("Today") == "Today"


def _signed_in(client: TestClient, runtime: Runtime, role: str = "clerk") -> None:
    saved = runtime.accounts.create_account(
        CreateAccount(login="taras", full_name="Taras", email="t@city.kharkiv.ua", roles=[role]),
        Caller(actor="admin"),
    )
    runtime.identity.set_password(saved.case, PASSWORD, Caller(actor="admin"), must_change=False)
    r = client.post(
        "/console/sign-in",
        data={"login": "taras", "password": PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/console/today"  # never an open redirect


def test_edges_answer_precisely_never_500(client: TestClient, runtime: Runtime):
    r = client.get("/console/today", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/sign-in")
    r = client.get("/console", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/sign-in"
    _signed_in(client, runtime)
    missing_case = client.get(f"/console/foi/{uuid4()}")
    assert missing_case.status_code == 404
    assert "text/html" in missing_case.headers["content-type"]
    assert client.get("/console/foi?q=" + "я" * 201).status_code == 400
    assert client.get("/console/today?case_type=spaceship").status_code == 400
    assert (
        client.get("/console/lang?to=en&next=//evil.example", follow_redirects=False).headers[
            "location"
        ]
        == "/console/today"
    )
    # A form post without the CSRF token ends nothing: the session stays.
    assert client.post("/console/sign-out", data={}).status_code == 403
    assert client.get("/console/today").status_code == 200
    # Pages are never cached: they show one person's work.
    assert client.get("/console/today").headers["cache-control"] == "no-store"


def test_the_console_keeps_the_api_json_only(client: TestClient):
    r = client.post("/partners", data={"name": "x"}, headers={"Authorization": "Bearer x"})
    assert r.status_code in (401, 415)


def test_links_in_reminders_and_calendar_events_open_the_case_page(
    client: TestClient, runtime: Runtime
):
    from datetime import date

    import msgspec

    from application.commands.foi import RegisterFoiRequest
    from application.reminder_texts import CONSOLE_PAGES

    saved = runtime.foi.register_foi_request(
        msgspec.convert(
            {
                "requester": {"name": "Ганна", "kind": "individual", "email": "h@example.org"},
                "channel": "email",
                "received_on": date(2026, 11, 20).isoformat(),
                "subject": "Тема",
                "text": "Текст",
            },
            RegisterFoiRequest,
        ),
        Caller(actor="olena", role="clerk"),
    )
    _signed_in(client, runtime)
    page = client.get(f"{CONSOLE_PAGES['foi_request']}/{saved.case.id}")
    assert page.status_code == 200 and saved.case.reference in page.text
    # Every case type that is reminded of links to a console page that exists.
    from interfaces.web.cases import ALL_KINDS

    reminded = {"agreement", "foi_request", "shipment", "honorary_consul", "membership"}
    assert reminded | {"engagement", "project"} <= set(CONSOLE_PAGES)
    assert {page.removeprefix("/console/") for page in CONSOLE_PAGES.values()} <= set(ALL_KINDS)


def test_a_one_time_password_is_changed_on_the_way_in(client: TestClient, runtime: Runtime):
    saved = runtime.accounts.create_account(
        CreateAccount(
            login="admin2", full_name="Admin", email="a@city.kharkiv.ua", roles=["admin"]
        ),
        Caller(actor="admin"),
    )
    once = runtime.identity.reset_password(saved.case.id, Caller(actor="admin"))
    r = client.post("/console/sign-in", data={"login": "admin2", "password": once})
    assert r.status_code == 403 and 'action="/console/password"' in r.text
    short = client.post(
        "/console/password",
        data={"login": "admin2", "old_password": once, "new_password": "short"},
    )
    assert short.status_code == 422 and "new_password" in short.text
    r = client.post(
        "/console/password",
        data={"login": "admin2", "old_password": once, "new_password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/console/today"
    assert client.get("/console/today").status_code == 200
