"""Stores events as msgspec-encoded JSON: faster and smaller than the library's default."""

import typing
from functools import cache
from typing import Any

import msgspec
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

_encoder = msgspec.json.Encoder(decimal_format="string", uuid_format="canonical")
_decoder = msgspec.json.Decoder()
_BASE_STATE_TYPES: dict[str, Any] = {
    "_id": typing.Any,
    "_version": int,
    "_created_on": "datetime",
    "_modified_on": "datetime",
}


@cache
def _state_types(aggregate_cls: type) -> dict[str, Any]:
    """Types of an aggregate's attributes, from its class annotations, for snapshot state."""
    from datetime import datetime

    hints = {
        name: hint
        for name, hint in typing.get_type_hints(aggregate_cls).items()
        if typing.get_origin(hint) is not typing.ClassVar and hint is not typing.ClassVar
    }
    hints.update({k: (datetime if v == "datetime" else v) for k, v in _BASE_STATE_TYPES.items()})
    return hints


class MsgspecMapper(Mapper[Any]):
    """Maps domain events to stored events with msgspec, upcasting old class versions."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Encode an event's state (everything but its id and version) as JSON bytes."""
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = _encoder.encode(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Decode stored bytes into the event class named by the topic."""
        cls = resolve_topic(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = _decoder.decode(data)
            class_version = getattr(cls, "class_version", 1)
            from_version = state.pop("class_version", 1)
            while from_version < class_version:
                getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
                from_version += 1
            if isinstance(cls, type) and issubclass(cls, Snapshot):
                aggregate_cls = resolve_topic(state["topic"])
                types = _state_types(aggregate_cls)
                state["state"] = {
                    key: msgspec.convert(value, types.get(key, Any), strict=False)
                    for key, value in state["state"].items()
                }
            originator_id = stored_event.originator_id
            state["originator_id"] = originator_id
            state["originator_version"] = stored_event.originator_version
            event = msgspec.convert(state, cls, strict=False)
        except (msgspec.MsgspecError, TypeError, ValueError, KeyError) as e:
            msg = (
                f"Failed to deserialise stored event {stored_event.topic} "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {e}"
            )
            raise MapperDeserialisationError(msg) from e
        if isinstance(originator_id, str):
            from uuid import UUID

            object.__setattr__(event, "originator_id", UUID(originator_id))
        return event
