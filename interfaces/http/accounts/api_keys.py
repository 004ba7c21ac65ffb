"""/auth/keys: personal API keys, shown once, listed and revoked by their owner or an admin."""

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException

from application.accounts import AccountService
from application.commands.accounts import CreateApiKey
from interfaces.http.accounts.bodies import ApiKeyCreated, ApiKeyItem, ApiKeyList, key_item
from interfaces.http.accounts.principal import identity_of, principal_of
from interfaces.http.auth import can_read


class ApiKeyRoutes(Controller):
    """Personal API keys (exchanged for access tokens at POST /auth/token)."""

    path = "/auth"

    @post("/keys", guards=[can_read], sync_to_thread=True, status_code=201)
    def create_key(self, request: Request[Any, Any, Any], data: CreateApiKey) -> ApiKeyCreated:
        """A personal API key (shown once), in a role you hold, expiring."""
        key, secret = identity_of(request).create_key(
            principal_of(request), data.name, data.role, data.expires_in_days
        )
        return ApiKeyCreated(key_item(key), secret)

    @get("/keys", guards=[can_read], sync_to_thread=True)
    def keys(self, request: Request[Any, Any, Any], accounts: AccountService) -> ApiKeyList:
        """Your API keys, newest first."""
        account = accounts.find(principal_of(request).subject)
        if account is None:
            return ApiKeyList([])
        return ApiKeyList([key_item(k) for k in identity_of(request).keys_of(account.id)])

    @post("/keys/{key_id:uuid}/revoke", guards=[can_read], sync_to_thread=True, status_code=200)
    def revoke_key(
        self, request: Request[Any, Any, Any], key_id: UUID, accounts: AccountService
    ) -> ApiKeyItem:
        """Revoke one of your API keys (an administrator may revoke anyone's)."""
        user = principal_of(request)
        account = accounts.find(user.subject)
        owner = None if "admin" in user.roles else (account.id if account else UUID(int=0))
        key = identity_of(request).revoke_key(key_id, owner)
        if key is None:
            raise NotFoundException(f"you have no API key {key_id}")
        return key_item(key)
