"""Illustrative records: cases made up to show the system (the demo), not documented facts."""

from typing import Any


def _never_illustrative(state: dict[str, Any]) -> None:
    state["illustrative"] = False


def flagged_on_creation(event_cls: Any) -> None:
    """Version 2 of a creation event records `illustrative`; version 1 cases were all real."""
    event_cls.class_version = 2
    event_cls.upcast_v1_v2 = staticmethod(_never_illustrative)
