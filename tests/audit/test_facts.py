"""An event's facts keep the exact form msgspec gave them before the domain made them itself:
stored trail rows and exported (sealed) records read the same."""

import dataclasses
import typing
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum

import msgspec
import pytest

from domain.facts import plain
from tests.audit.test_describe import sample, stored_event_classes


def every_field_sampled(cls: type) -> dict[str, typing.Any]:
    base = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}
    hints = typing.get_type_hints(cls)
    return {
        k: sample(v)
        for k, v in hints.items()
        if k not in base and typing.get_origin(v) is not typing.ClassVar
    }


def test_the_facts_of_every_event_class_read_as_msgspec_made_them():
    differ = []
    for cls in stored_event_classes():
        values = every_field_sampled(cls)
        if plain(values) != msgspec.to_builtins(values):
            differ.append(cls.__qualname__)
    assert differ == []


class Colour(StrEnum):
    RED = "red"


@dataclasses.dataclass
class Line:
    no: int
    on: date | None = None


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 1, 3, 10, 0, 5, 120, tzinfo=UTC),
        datetime(2024, 1, 3, 10, 0, tzinfo=timezone(timedelta(hours=2))),
        datetime(2024, 1, 3, 10, 0),
        {"money": Decimal("12.50"), "id": uuid.UUID(int=7), "colour": Colour.RED},
        {uuid.UUID(int=1): (Line(1), Line(2, date(2024, 2, 29)))},
        {"tags": frozenset({"a"}), "list": [1.5, True, None]},
    ],
)
def test_dates_amounts_ids_and_nested_values_read_as_msgspec_made_them(value):
    assert plain(value) == msgspec.to_builtins(value)


def test_a_value_with_no_plain_form_is_refused():
    with pytest.raises(TypeError):
        plain(object())
