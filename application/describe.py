"""One-line human descriptions of events, for histories and audit exports.

Describers are registered by the event's class name as Python spells it inside its aggregate
(`"Agreement.Signed"`). Each case type keeps its own in a module of `application/describers/`,
found automatically (no shared list to edit):

    # application/describers/foi_request.py
    @describes("FoiRequest.Answered")
    def answered(f: Facts) -> str:
        return f"Answered on {day(f['answered_on'])}: {f['outcome']}"

A describer receives the event's facts JSON-ready (dates as ISO strings, value objects as dicts,
enums as their values), after redaction where the reader may not see an FOI requester's contact
details; never put those details in a description. An event without a describer gets a generic
line from its name and its first date. Dates are written as Ukrainians write them: 29.06.2023.
"""

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

Facts = Mapping[str, Any]
Describer = Callable[[Facts], str]

DESCRIBERS: dict[str, Describer] = {}
_WORDS = re.compile(r"(?<!^)(?=[A-Z])")
_discovered: set[str] = set()


def describes(*event_types: str) -> Callable[[Describer], Describer]:
    """Register a describer for events named like `"Agreement.Signed"`."""

    def register(fn: Describer) -> Describer:
        for name in event_types:
            DESCRIBERS[name] = fn
        return fn

    return register


def load_describers() -> set[str]:
    """Import every module of application.describers once (each registers its describers)."""
    import application.describers as package

    if not _discovered:
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
            _discovered.add(info.name)
        _discovered.add("")  # scanned, even if the package were empty
    return _discovered - {""}


def describe(event_type: str, facts: Facts) -> str:
    """The one-line description of an event, by its qualified class name and its facts."""
    if not _discovered:
        load_describers()
    fn = DESCRIBERS.get(event_type)
    if fn is not None:
        try:
            return fn(facts)
        except (KeyError, AttributeError, TypeError, ValueError):
            pass  # an old event lacking a field a newer describer reads: say what we can
    return generic(event_type, facts)


def generic(event_type: str, facts: Facts) -> str:
    """'FoiRequest.ExtensionNoticeSent' -> 'Extension notice sent on 03.01.2024'."""
    name = event_type.rsplit(".", 1)[-1]
    words = _WORDS.sub(" ", name).lower().capitalize()
    when = next((v for k, v in facts.items() if k.endswith("_on") and v), None)
    return f"{words} on {day(when)}" if when is not None else words


def field(value: Any, name: str) -> Any:
    """A field of a value object, whether an object or (after decoding) a mapping."""
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def day(value: date | datetime | str | None) -> str:
    """dd.mm.yyyy; ISO strings are accepted too."""
    if value is None:
        return "?"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def initials(name: str) -> str:
    """'Ihor Terekhov' -> 'I. Terekhov'; 'I. Terekhov' and one-word names stay as they are."""
    parts = name.split()
    if len(parts) < 2 or parts[0].endswith("."):
        return " ".join(parts)
    return f"{parts[0][0]}. {' '.join(parts[1:])}"


def listing(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [i for i in items if i]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def short_id(value: Any) -> str:
    """The first eight hex digits of a case id (enough to find it in a list)."""
    return str(value)[:8]


def by_decision(ref: str | None) -> str:
    """' by decision 17/2022', or nothing."""
    return f" by decision {ref}" if ref else ""


def because(text: str | None) -> str:
    """': grounds', or nothing."""
    return f": {text}" if text else ""
