"""What an event records, as plain JSON-ready values: the facts the history and the trail show.

`plain` turns a value into the builtins `msgspec.to_builtins` makes of it (so stored audit rows
and exported records keep their form), with the standard library only: the domain stays pure.
"""

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

_BASE_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}
)


def facts_of(event: Any) -> dict[str, Any]:
    """What an event records besides its identity, version, time and audit facts, JSON-ready."""
    return {k: plain(v) for k, v in vars(event).items() if k not in _BASE_FIELDS}


def case_type_of(event: Any) -> str:
    """'Agreement' for an Agreement.Signed event."""
    return type(event).__qualname__.split(".")[0]


def plain(value: Any) -> Any:
    """A value as JSON-ready builtins (str, int, float, bool, None, dict, list, tuple)."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset == timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, str | int | float):  # subclasses: the plain value
        return type(value).__mro__[-2](value)
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, list | set | frozenset):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"an event fact of type {type(value).__name__} has no plain form")


def _key(key: Any) -> Any:
    return key if type(key) in (str, int) else plain(key)
