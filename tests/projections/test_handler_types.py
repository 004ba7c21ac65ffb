"""Every handler names the event classes it folds in the type of its `e` parameter."""

import types
import typing

from projections.registry import PROJECTIONS


def handled_by_annotation(method: typing.Any) -> tuple[type, ...]:
    """The classes a handler's `e` is annotated with (the members of a union, or the one)."""
    hint = typing.get_type_hints(method)["e"]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return typing.get_args(hint)
    return (hint,)


def test_every_handler_is_typed_with_the_event_classes_it_handles():
    untyped = []
    for projection in PROJECTIONS:
        for event_class, attr in projection._handlers.items():
            annotated = handled_by_annotation(getattr(projection, attr))
            if not any(issubclass(event_class, cls) for cls in annotated if cls is not typing.Any):
                untyped.append(f"{projection.name}.{attr}: {event_class.__qualname__}")
    assert untyped == []
