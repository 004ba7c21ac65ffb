"""Rows to response Structs: the row's columns by name, plus what is computed as of today."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def struct_of(kind: type[T], row: Mapping[str, Any], **computed: Any) -> T:
    """A Struct from a read-model row and the fields computed for it (they win over columns)."""
    return msgspec.convert({**_plain(row), **computed}, kind, strict=False)


def _plain(value: Any) -> Any:
    """Rows with plain str keys (SQLAlchemy's quoted_name is a str subclass msgspec refuses)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment with its UTC offset (SQLite keeps UTC without it)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
