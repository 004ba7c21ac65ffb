"""The domain rule of single sign-on links: one account, one identity provider account."""

from datetime import UTC, date, datetime

import pytest

from domain.errors import RuleViolation
from domain.meta import Ctx
from domain.user_account import UserAccount

CTX = Ctx(actor="system:sso", today=date(2026, 11, 23), now=datetime(2026, 11, 23, tzinfo=UTC))
ISSUER = "https://id.city.kharkiv.ua"


def account() -> UserAccount:
    return UserAccount.create(
        CTX, login="olena", full_name="Olena K", email="olena@x.ua", roles=["clerk"]
    )


def test_a_link_is_recorded_once() -> None:
    found = account()
    assert found.link_provider(CTX, issuer=ISSUER, subject="u-1") is True
    assert found.link_provider(CTX, issuer=ISSUER, subject="u-1") is False
    types = [type(e).__name__ for e in found.collect_events()]
    assert types == ["Created", "ProviderLinked"]
    assert (found.sso_issuer, found.sso_subject) == (ISSUER, "u-1")


@pytest.mark.parametrize(("issuer", "subject"), [(ISSUER, "u-2"), ("https://other", "u-1")])
def test_an_account_linked_to_one_provider_account_is_not_linked_to_another(
    issuer: str, subject: str
) -> None:
    found = account()
    found.link_provider(CTX, issuer=ISSUER, subject="u-1")
    with pytest.raises(RuleViolation, match="another identity provider account"):
        found.link_provider(CTX, issuer=issuer, subject=subject)


def test_a_link_needs_an_issuer_and_a_subject() -> None:
    with pytest.raises(RuleViolation):
        account().link_provider(CTX, issuer=ISSUER, subject=" ")
    assert account().sso_issuer is None  # accounts from before single sign-on load unlinked
