"""Keyset pagination: a page of rows and an opaque cursor naming the last row's sort key."""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

MAX_CURSOR_LENGTH = 1000


class BadCursor(ValueError):
    """The cursor was not made by this service (or was altered)."""


@dataclass(frozen=True)
class Page:
    """Rows of one page and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    """An opaque, URL-safe cursor for a sort key."""
    raw = msgspec.json.encode(values)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[Any] | None:
    """The sort key inside a cursor (a list of `size` scalars), or BadCursor."""
    if cursor is None:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadCursor("cursor too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise BadCursor("not a cursor of this list") from None
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor("not a cursor of this list")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise BadCursor("not a cursor of this list")
    return values


def page_of(
    rows: list[dict[str, Any]], limit: int, key: Callable[[dict[str, Any]], list[Any]]
) -> Page:
    """Cut `limit + 1` fetched rows into a page; the extra row says there is a next one."""
    if len(rows) > limit:
        rows = rows[:limit]
        return Page(rows, encode_cursor(key(rows[-1])))
    return Page(rows, None)


def as_uuid(value: Any) -> Any:
    """A cursor field as a UUID."""
    from uuid import UUID

    try:
        return UUID(str(value))
    except ValueError:
        raise BadCursor("not a cursor of this list") from None


def as_date(value: Any) -> Any:
    """A cursor field as a date."""
    from datetime import date

    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadCursor("not a cursor of this list") from None


def as_int(value: Any) -> int:
    """A cursor field as an integer."""
    if not isinstance(value, int):
        raise BadCursor("not a cursor of this list")
    return value
