"""Who is asking, for the account routes: the identity service and the request's principal."""

from typing import Any

from litestar import Request

from infrastructure.identity import Identity
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of


def identity_of(request: Request[Any, Any, Any]) -> Identity:
    return runtime_of(request).identity


def principal_of(request: Request[Any, Any, Any]) -> Principal:
    user: Principal = request.user
    return user


def secure_of(request: Request[Any, Any, Any]) -> bool:
    setting = runtime_of(request).settings.cookie_secure
    if setting is not None:
        return setting
    return request.url.scheme == "https"
