"""Single sign-on (issue 13 item 5): the account of a person the identity provider vouched for.

The provider's checked answer (issuer, subject, login, name, e-mail, and the roles its groups map
to) becomes a local account: opened on first sign-in, linked once to that provider account, and
its roles made exactly those the groups map to at every sign-in. Every change is an event on the
account like any other (actor `system:sso`, the reason naming the groups), so "who held role R
on date D" stays answerable for people who sign in through the provider too.
"""

from dataclasses import dataclass

from application.accounts import AccountService
from application.errors import (
    AccountDisabled,
    ConcurrentWrite,
    NoRoleFromProvider,
    SingleSignOnConflict,
)
from application.service import Caller, store_errors
from domain.user_account import UserAccount, account_id, check_login

SSO_ACTOR = "system:sso"


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the identity provider says signed in (its ID token, checked), and the roles granted."""

    issuer: str
    subject: str
    login: str
    full_name: str
    email: str
    groups: tuple[str, ...]
    roles: frozenset[str]


def _why(who: ProviderIdentity, role: str, group_roles: dict[str, frozenset[str]]) -> str:
    groups = sorted(g for g in who.groups if role in group_roles.get(g, frozenset()))
    if groups:
        return f"single sign-on: member of {', '.join(groups)} at the identity provider"
    return "single sign-on: no group at the identity provider maps to this role any more"


def provision(
    accounts: AccountService, who: ProviderIdentity, group_roles: dict[str, frozenset[str]]
) -> UserAccount:
    """Open or link the person's account and give it the roles its groups map to (no others).

    Refused, with nothing stored: no group maps to a role (403); the account is disabled (401);
    a local account of that login is linked elsewhere or, unlinked, has another e-mail (409).
    """
    if not who.roles:
        raise NoRoleFromProvider()
    login = check_login(who.login)
    caller = Caller(actor=SSO_ACTOR, role="admin", note=f"single sign-on via {who.issuer}")
    for _ in range(3):  # a concurrent first sign-in of the same person: load again and retry
        try:
            return _provision_once(accounts, who, login, caller, group_roles)
        except ConcurrentWrite:
            continue
    return _provision_once(accounts, who, login, caller, group_roles)


def _provision_once(
    accounts: AccountService,
    who: ProviderIdentity,
    login: str,
    caller: Caller,
    group_roles: dict[str, frozenset[str]],
) -> UserAccount:
    ctx = accounts.ctx(caller)
    if accounts.current(account_id(login)) is None:
        account = UserAccount.create(
            ctx, login=login, full_name=who.full_name, email=who.email, roles=sorted(who.roles)
        )
        account.link_provider(ctx, issuer=who.issuer, subject=who.subject)
        with store_errors():
            accounts.save(account)
        accounts.cache.forget(account.id)
        return account
    account = accounts.get(UserAccount, account_id(login))
    if not account.enabled:
        raise AccountDisabled()
    if account.sso_issuer is None and account.email.strip().lower() != who.email.strip().lower():
        raise SingleSignOnConflict(login)
    if account.sso_issuer is not None and (account.sso_issuer, account.sso_subject) != (
        who.issuer,
        who.subject,
    ):
        raise SingleSignOnConflict(login)
    account.link_provider(ctx, issuer=who.issuer, subject=who.subject)
    for role in sorted(who.roles - set(account.roles)):
        account.grant(ctx, role=role, reason=_why(who, role, group_roles))
    for role in sorted(set(account.roles) - who.roles):
        account.revoke(ctx, role=role, reason=_why(who, role, group_roles))
    accounts.saved(account)
    return account
