"""Idempotency-Key on POST: the same key and body replay the first answer; another body is 422."""

import hashlib
import json
import logging
import math
import threading
from typing import Any

import anyio
import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import ValidationException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from infrastructure.idempotency import IdempotencyStore
from infrastructure.tokens import Principal
from interfaces.http.problems import (
    PROBLEM_JSON,
    BodyTooLarge,
    IdempotencyInProgress,
    IdempotencyKeyReused,
    build_problem,
)

MAX_KEY_LENGTH = 200
log = logging.getLogger("pobratym.http")
_REPLAYED_HEADERS = {b"content-type", b"etag", b"location"}


def _is_upload(scope: Scope) -> bool:
    # A file upload is streamed to disk by its handler, never buffered here: Idempotency-Key
    # is not honoured on uploads (a repeated upload adds a second document; withdraw it).
    from interfaces.http.media import is_upload

    return is_upload(scope)


class IdempotencyMiddleware:
    """Wraps POSTs that carry an Idempotency-Key header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Replay, refuse or record, around one request."""
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        user = scope.get("user")
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not key
            or not isinstance(user, Principal)
            or _is_upload(scope)
        ):
            await self.app(scope, receive, send)
            return
        if len(key) > MAX_KEY_LENGTH:
            # Cutting it short would make two long keys collide: refuse instead.
            await send_problem(
                scope,
                receive,
                send,
                ValidationException(
                    f"Idempotency-Key is longer than {MAX_KEY_LENGTH} characters",
                    extra=[{"key": "Idempotency-Key", "message": "too long"}],
                ),
            )
            return
        # The body is read here, before Litestar would check its size: check it the same way.
        handler = scope.get("route_handler")
        limit = (handler.resolve_request_max_body_size() if handler else None) or math.inf
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await send_problem(scope, receive, send, BodyTooLarge("the body exceeds the limit"))
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if message["type"] == "http.disconnect":
                return
            if len(body) > limit:
                await send_problem(scope, receive, send, BodyTooLarge("the body exceeds the limit"))
                return
        digest = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        if handler is not None:
            # A stored answer goes only to whom may make the request: check the role first.
            try:
                await handler.authorize_connection(ASGIConnection(scope, receive, send))
            except Exception as e:
                await send_problem(scope, receive, send, e)
                return
        owner = key_owner(user)
        store = IdempotencyStore(scope["app"].state.runtime.read_engine)
        if _UNRELEASED:
            await anyio.to_thread.run_sync(_release_pending, store)
        try:
            seen = await anyio.to_thread.run_sync(store.claim, owner, key, digest)
        except Exception as e:
            await send_problem(scope, receive, send, e)
            return
        if seen is not None:
            if seen.request_hash != digest:
                await send_problem(
                    scope,
                    receive,
                    send,
                    IdempotencyKeyReused("this key was used with another body"),
                )
            elif seen.status is None:
                await send_problem(
                    scope, receive, send, IdempotencyInProgress("the first request is in progress")
                )
            else:
                await _replay(send, seen.status, seen.headers or b"[]", seen.body or b"")
            return

        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}
        held: list[Message] = []

        async def replay_receive() -> Message:
            nonlocal body
            chunk, body = body, b""
            return {"type": "http.request", "body": chunk, "more_body": False}

        async def capture(message: Message) -> None:
            # Held back until the answer is recorded, so a retry sent the moment it arrives
            # finds it stored instead of "in progress".
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    [k.decode("latin-1"), v.decode("latin-1")]
                    for k, v in message.get("headers", [])
                    if k.lower() in _REPLAYED_HEADERS
                ]
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            held.append(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await _record(store, owner, key, captured)
        for message in held:
            await send(message)


def key_owner(user: Principal) -> str:
    """Whose key it is: the token's subject and role (a digest: no name is stored)."""
    return hashlib.sha256(f"{user.role}\n{user.subject}".encode()).hexdigest()


def _passing(status: int) -> bool:
    """Failures the client may retry with the same key (database down, lost race, stale)."""
    return status >= 500 or status in (401, 409, 412)


async def _record(store: IdempotencyStore, owner: str, key: str, captured: dict[str, Any]) -> None:
    """Store the answer given to a key, or release the key of a passing failure."""
    status = captured["status"]
    try:
        if _passing(status):
            await anyio.to_thread.run_sync(store.release, owner, key)
        else:
            await anyio.to_thread.run_sync(
                store.complete,
                owner,
                key,
                status,
                json.dumps(captured["headers"]).encode(),
                captured["body"],
            )
    except Exception as e:
        # The database is likely down: a failed request's claim is released by a later
        # request, so a retry is not refused forever.
        log.warning("idempotency key not recorded (%s)", type(e).__name__)
        if _passing(status):
            with _UNRELEASED_LOCK:
                _UNRELEASED.add((owner, key))


_UNRELEASED: set[tuple[str, str]] = set()
_UNRELEASED_LOCK = threading.Lock()


def _release_pending(store: IdempotencyStore) -> None:
    """Release the claims of failed requests that could not be released at the time."""
    with _UNRELEASED_LOCK:
        pending = list(_UNRELEASED)
    for subject, key in pending:
        try:
            store.release(subject, key)
        except Exception:
            return  # still down: try again with the next request
        with _UNRELEASED_LOCK:
            _UNRELEASED.discard((subject, key))


async def _replay(send: Send, status: int, headers: bytes, body: bytes) -> None:
    pairs = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(headers)]
    pairs.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": pairs})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def send_problem(scope: Scope, receive: Receive, send: Send, error: Exception) -> None:
    problem, extra = build_problem(error, scope["path"])
    headers = [(b"content-type", PROBLEM_JSON.encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": msgspec.json.encode(problem)})
