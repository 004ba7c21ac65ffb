"""Refuses NUL characters anywhere in a request: PostgreSQL text cannot hold them (400)."""

from litestar.exceptions import ValidationException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from interfaces.http.idempotency import send_problem
from interfaces.http.media import is_upload

# Bodies past this are left to the framework's own size limit (413).
MAX_INSPECTED_BYTES = 1_048_576 + 1


def _refusal(where: str) -> ValidationException:
    return ValidationException(
        f"the {where} contains a NUL character, which no field may hold",
        extra=[{"key": where, "message": "NUL characters are not allowed"}],
    )


class NulGuardMiddleware:
    """One check at the edge instead of a pattern on every text field of every schema."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Inspect the path, the query string and a JSON body before the handler sees them."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").lower()
        if "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
            await send_problem(scope, receive, send, _refusal("query"))
            return
        if scope["method"] not in ("POST", "PUT", "PATCH") or is_upload(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more and size <= MAX_INSPECTED_BYTES:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        # In JSON a NUL can only travel escaped; a raw one makes the body invalid anyway.
        if b"\\u0000" in body or b"\x00" in body:
            await send_problem(scope, receive, send, _refusal("body"))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": more}
            return await receive()

        await self.app(scope, replay, send)
