"""`pobratym users ...`: staff accounts from the server's shell (administrators' commands).

The actor recorded on each event is `cli:<operating-system user>`; every change needs a reason.
One-time passwords are printed once and must be changed at the first sign-in.
"""

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import click

from application.commands.accounts import (
    CreateAccount,
    DisableAccount,
    EnableAccount,
    GrantRole,
    RevokeRole,
)
from application.errors import ApplicationError
from application.service import Caller
from domain.errors import DomainError
from domain.user_account import ROLES, UserAccount
from infrastructure.bootstrap import Runtime, build
from interfaces.cli_settings import load_settings

T = TypeVar("T")


def cli_caller() -> Caller:
    """Who acts from the shell: the operating-system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Caller(actor=f"cli:{user}")


@contextmanager
def runtime() -> Iterator[Runtime]:
    """A runtime for one command (no projections started)."""
    rt = build(load_settings())
    try:
        yield rt
    finally:
        rt.close()


def refused(action: Callable[[], T]) -> T:
    """Run a command; a refusal is one line on stderr and exit status 1."""
    try:
        return action()
    except (DomainError, ApplicationError) as e:
        raise click.ClickException(str(e)) from None


def _account(rt: Runtime, login: str) -> UserAccount:
    found = refused(lambda: rt.accounts.find(login))
    if found is None:
        raise click.ClickException(f"no account with the login {login!r}")
    return found


@click.group()
def users() -> None:
    """Staff accounts: who may sign in, and in which roles."""


@users.command("bootstrap")
@click.option("--login", default="admin", show_default=True)
@click.option("--name", "full_name", default="Administrator", show_default=True)
@click.option("--email", default="admin@localhost.localdomain", show_default=True)
def bootstrap(login: str, full_name: str, email: str) -> None:
    """Create the first administrator (only on a store without accounts); print its password."""
    with runtime() as rt:
        password = refused(lambda: rt.identity.bootstrap(login, full_name, email))
    if password is None:
        click.echo("accounts exist already: nothing done (use `pobratym users reset-password`)")
        return
    click.echo(f"First administrator: {login}")
    click.echo(f"One-time password (shown once; change it at first sign-in): {password}")


@users.command("add")
@click.argument("login")
@click.option("--name", "full_name", required=True)
@click.option("--email", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--reason", required=True, help="why the account is opened (kept in history)")
def add(login: str, full_name: str, email: str, roles: tuple[str, ...], reason: str) -> None:
    """Open an account; print its one-time password."""
    caller = cli_caller()
    cmd = CreateAccount(
        login=login,
        full_name=full_name,
        email=email,
        roles=list(roles),
        reason=reason,  # type: ignore[arg-type]
    )
    with runtime() as rt:
        saved = refused(lambda: rt.accounts.create_account(cmd, caller))
        password = refused(lambda: rt.identity.reset_password(saved.case.id, caller))
    click.echo(f"{saved.case.login}: {', '.join(saved.case.roles)}")
    click.echo(f"One-time password (shown once; change it at first sign-in): {password}")


@users.command("grant")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--reason", required=True)
def grant(login: str, role: str, reason: str) -> None:
    """Grant a role."""
    with runtime() as rt:
        account = _account(rt, login)
        cmd = GrantRole(role=role, reason=reason)  # type: ignore[arg-type]
        saved = refused(lambda: rt.accounts.grant_role(account.id, cmd, cli_caller(), None))
    click.echo(f"{saved.case.login}: {', '.join(saved.case.roles)}")


@users.command("revoke")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--reason", required=True)
def revoke(login: str, role: str, reason: str) -> None:
    """Revoke a role (takes effect on the account's next request)."""
    with runtime() as rt:
        account = _account(rt, login)
        cmd = RevokeRole(role=role, reason=reason)  # type: ignore[arg-type]
        saved = refused(lambda: rt.accounts.revoke_role(account.id, cmd, cli_caller(), None))
    click.echo(f"{saved.case.login}: {', '.join(saved.case.roles) or '(no role)'}")


@users.command("disable")
@click.argument("login")
@click.option("--reason", required=True)
def disable(login: str, reason: str) -> None:
    """Disable an account: its sessions, keys, tokens and feeds stop at once."""
    with runtime() as rt:
        account = _account(rt, login)
        cmd = DisableAccount(reason=reason)
        refused(lambda: rt.accounts.disable_account(account.id, cmd, cli_caller(), None))
        rt.identity.revoke_sessions(account.id)
    click.echo(f"{account.login}: disabled")


@users.command("enable")
@click.argument("login")
@click.option("--reason", required=True)
def enable(login: str, reason: str) -> None:
    """Enable a disabled account."""
    with runtime() as rt:
        account = _account(rt, login)
        cmd = EnableAccount(reason=reason)
        refused(lambda: rt.accounts.enable_account(account.id, cmd, cli_caller(), None))
    click.echo(f"{account.login}: enabled")


@users.command("reset-password")
@click.argument("login")
def reset_password(login: str) -> None:
    """Print a one-time password; the owner must change it at the next sign-in."""
    with runtime() as rt:
        account = _account(rt, login)
        password = refused(lambda: rt.identity.reset_password(account.id, cli_caller()))
    click.echo(f"One-time password for {account.login} (shown once): {password}")


@users.command("list")
def list_users() -> None:
    """Accounts by login, with roles and status (from the read model)."""
    from projections.accounts import list_accounts

    with runtime() as rt, rt.read_engine.connect() as conn:
        rows = list_accounts(conn)
    for r in rows:
        click.echo(f"{r['login']}\t{r['status']}\t{r['roles']}")
