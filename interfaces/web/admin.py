"""Administration pages: accounts and roles, calendar overrides, reminder deliveries, your feed.

Every change is a form with the session's CSRF token, run through the same use cases as the API
(`application/accounts.py`, `application/calendar.py`) or the same stores (the outbox, the feed
tokens); administrators only, except the personal calendar feed, which every member of staff has.
"""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from application.commands.accounts import (
    CreateAccount,
    DisableAccount,
    EnableAccount,
    GrantRole,
    ResetPassword,
    RevokeRole,
)
from application.commands.calendar import OverrideDay
from application.errors import ApplicationError
from domain.errors import DomainError
from domain.user_account import ROLES
from infrastructure.feed_tokens import FeedTokens
from infrastructure.outbox import ReminderFilter, SqlOutbox
from interfaces.http.context import runtime_of
from interfaces.http.problems import build_problem
from interfaces.http.reminders import FEED_PATH
from interfaces.web.cases import refuse_unless
from interfaces.web.forms import FormInvalid
from interfaces.web.new_cases import _convert
from interfaces.web.render import render
from interfaces.web.session import caller_for
from projections.accounts import list_accounts
from projections.reads import Listing

ADMINS = frozenset({"admin"})
SETTLE_SECONDS = 1.0  # how long a change waits for the accounts list to show it (bounded)
STAFF = frozenset({"clerk", "manager", "auditor", "admin"})


def _settle(rt: Any, saved: Any) -> None:
    """Let the accounts read model reach the change just made (bounded), so the list shows it."""
    if saved is not None and saved.position:
        rt.extras["projections"].wait_for(saved.position, ["accounts"], timeout=SETTLE_SECONDS)


def _admin_page(request: Request[Any, Any, Any], status: int = 200, **ctx: Any) -> Template:
    rt = runtime_of(request)
    with rt.read_engine.connect() as conn:
        accounts = list_accounts(conn)
    today = rt.clock.today()
    failed = rt.reads.reminders(Listing(ReminderFilter(delivery="failed"), 50))
    pending = rt.reads.reminders(Listing(ReminderFilter(delivery="pending"), 50))
    return render(
        request,
        "admin.html",
        status,
        accounts=accounts,
        roles=sorted(ROLES),
        year=rt.calendar.year(today.year),
        failed=failed.items,
        pending=pending.items,
        created=ctx.pop("created", None),
        refusal=ctx.pop("refusal", None),
        failed_form=ctx.pop("failed_form", None),
        posted=ctx.pop("posted", {}),
        requeued=ctx.pop("requeued", None),
    )


@get("/admin", sync_to_thread=True)
def admin(request: Request[Any, Any, Any]) -> Template:
    """Accounts and roles, this year's calendar overrides, pending and failed deliveries."""
    refuse_unless(request.user, ADMINS)
    return _admin_page(request)


def _refused(request: Request[Any, Any, Any], form: str, error: Exception) -> Template:
    if isinstance(error, FormInvalid):
        status, detail = 400, error.message
    else:
        problem, _ = build_problem(error, request.url.path)
        status, detail = problem.status, problem.detail
    return _admin_page(request, status, refusal=detail, failed_form=form, posted=request.state.form)


@post("/admin/accounts", sync_to_thread=True, status_code=200)
def create_account(request: Request[Any, Any, Any]) -> Template:
    """Open an account; its one-time password is shown on this page, once."""
    refuse_unless(request.user, ADMINS)
    posted: dict[str, str] = request.state.form
    rt = runtime_of(request)
    caller = caller_for(request, request.user, None)
    try:
        data = {k: posted.get(k, "").strip() for k in ("login", "full_name", "email", "reason")}
        cmd = _convert(
            {**{k: v for k, v in data.items() if v}, "roles": [posted.get("role", "")]},
            CreateAccount,
        )
        saved = rt.accounts.create_account(cmd, caller)
        password = rt.identity.reset_password(saved.case.id, caller)
    except (FormInvalid, DomainError, ApplicationError) as e:
        return _refused(request, "create", e)
    _settle(rt, saved)
    return _admin_page(request, created={"login": cmd.login, "password": password})


@post("/admin/accounts/{account_id:uuid}/{change:str}", sync_to_thread=True, status_code=303)
def change_account(request: Request[Any, Any, Any], account_id: UUID, change: str) -> Response[Any]:
    """Grant or revoke a role, disable or enable the account, or reset its password: with why."""
    refuse_unless(request.user, ADMINS)
    posted: dict[str, str] = request.state.form
    rt = runtime_of(request)
    caller = caller_for(request, request.user, None)
    reason = posted.get("reason", "").strip()
    data = {"role": posted.get("role", ""), "reason": reason}
    why = {"reason": reason} if reason else {}
    saved = None
    try:
        if change == "grant":
            saved = rt.accounts.grant_role(account_id, _convert(data, GrantRole), caller, None)
        elif change == "revoke":
            saved = rt.accounts.revoke_role(account_id, _convert(data, RevokeRole), caller, None)
        elif change == "disable":
            cmd: Any = _convert(why, DisableAccount)
            saved = rt.accounts.disable_account(account_id, cmd, caller, None)
            rt.identity.revoke_sessions(account_id)
        elif change == "enable":
            cmd = _convert(why, EnableAccount)
            saved = rt.accounts.enable_account(account_id, cmd, caller, None)
        elif change == "reset":
            _convert(why, ResetPassword)
            password = rt.identity.reset_password(
                account_id, caller_for(request, request.user, reason)
            )
            login = rt.accounts.get_account(account_id).login
            return _admin_page(request, created={"login": login, "password": password})
        else:
            raise FormInvalid("change", "grant, revoke, disable, enable or reset")
    except (FormInvalid, DomainError, ApplicationError) as e:
        return _refused(request, f"account-{account_id}", e)
    _settle(rt, saved)
    return Redirect("/console/admin", status_code=303)


@post("/admin/calendar", sync_to_thread=True, status_code=303)
def override_day(request: Request[Any, Any, Any]) -> Response[Any]:
    """Make a date working or non-working (deadlines of open cases follow at once)."""
    refuse_unless(request.user, ADMINS)
    posted: dict[str, str] = request.state.form
    rt = runtime_of(request)
    data = {
        "date": posted.get("date", ""),
        "working": posted.get("working", "") == "true",
        "reason": posted.get("reason", "").strip(),
    }
    try:
        rt.calendar.override_day(
            _convert({k: v for k, v in data.items() if v != ""}, OverrideDay),
            caller_for(request, request.user, None),
        )
    except (FormInvalid, DomainError, ApplicationError) as e:
        return _refused(request, "calendar", e)
    return Redirect("/console/admin", status_code=303)


@post("/admin/deliveries/retry", sync_to_thread=True, status_code=200)
def retry_deliveries(request: Request[Any, Any, Any]) -> Template:
    """Put every failed delivery back in the queue (the next reminders run sends them)."""
    refuse_unless(request.user, ADMINS)
    count = SqlOutbox(runtime_of(request).read_engine).requeue_failed(datetime.now(UTC))
    return _admin_page(request, requeued=count)


@get("/me", sync_to_thread=True)
def me(request: Request[Any, Any, Any]) -> Template:
    """Your account and your personal calendar feeds."""
    tokens = FeedTokens(runtime_of(request).read_engine).of(request.user.subject)
    return render(request, "me.html", tokens=tokens, feed_url=None)


@post("/me/feed", sync_to_thread=True, status_code=200)
def new_feed(request: Request[Any, Any, Any]) -> Template:
    """A personal calendar-feed URL of your deadlines (shown once: it is the secret)."""
    refuse_unless(request.user, STAFF)
    rt = runtime_of(request)
    label = request.state.form.get("label", "").strip()[:100] or None
    store = FeedTokens(rt.read_engine)
    _, secret = store.create(request.user.subject, request.user.role, label)
    url = f"{rt.settings.public_url.rstrip('/')}{FEED_PATH}?token={secret}"
    return render(request, "me.html", tokens=store.of(request.user.subject), feed_url=url)


__all__ = ["msgspec"]
