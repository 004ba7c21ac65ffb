"""What the unit of work needs to know of a read-model table: columns, defaults, primary key."""

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table, UniqueConstraint

Key = tuple[Any, ...]
CHUNK = 5000
"""Keys per statement when rows are loaded or deleted by key."""


class Shape:
    """What Rows needs of a table, worked out once: columns, defaults, primary key."""

    __slots__ = ("key", "name_set", "names", "single_key", "template", "unique")

    def __init__(self, table: Table) -> None:
        self.names = tuple(c.name for c in table.columns)
        self.name_set = frozenset(self.names)
        self.template = {c.name: _default(c) for c in table.columns}
        self.key = tuple(c.name for c in table.primary_key.columns)
        self.single_key = len(self.key) == 1
        self.unique = any(i.unique for i in table.indexes) or any(
            isinstance(c, UniqueConstraint) for c in table.constraints
        )
        """Unique besides the primary key: rows are then replaced by delete + insert."""


_SHAPES: dict[Table, Shape] = {}


def shape_of(table: Table) -> Shape:
    """The (cached) shape of a table."""
    found = _SHAPES.get(table)
    if found is None:
        found = _SHAPES[table] = Shape(table)
    return found


def chunks(items: Sequence[Key], size: int = CHUNK) -> Iterator[Sequence[Key]]:
    """The items in slices of at most `size`."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    return None
