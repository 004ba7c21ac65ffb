"""One-line human descriptions of events, in English and Ukrainian, for histories and audits.

Describing an event is text about the domain's own events, so it lives beside them, pure: the
application (histories, audit exports) and the projections (the audit trail) both use it.

Describers are registered by the event's class name as Python spells it inside its aggregate
(`"Agreement.Signed"`). Each case type keeps its own in a module of `domain/describe/`, found
automatically (no shared list to edit), and each describer says the line in both languages:

    # domain/describe/foi_request.py
    @describes("FoiRequest.Withdrawn")
    def withdrawn(f: Facts) -> Line:
        when = day(f["withdrawn_on"])
        return Line(en=f"Withdrawn on {when}", uk=f"Запит відкликано {when}")

A describer receives the event's facts JSON-ready (dates as ISO strings, value objects as dicts,
enums as their values), after redaction where the reader may not see an FOI requester's contact
details. Never put an FOI requester's name or contact details in a description, whatever the
reader may see: say what kind of requester asked. Enum values get labels in each language (a
small dict per enum in the describer module). A description is a pure function of the event:
nothing derived from the working calendar as it stands (that can change), so a rebuilt read model
describes every event exactly as before. An event without a describer gets a generic line from
its name and its first date. Dates are written as Ukrainians write them: 29.06.2023.
"""

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

Facts = Mapping[str, Any]
LANGS = ("en", "uk")


class Line(NamedTuple):
    """One event described in each language the council works in."""

    en: str
    uk: str

    def said_in(self, lang: str) -> str:
        """The line in one language ('en' or 'uk')."""
        if lang not in LANGS:
            raise ValueError(f"no descriptions in {lang!r}: only {', '.join(LANGS)}")
        return self.en if lang == "en" else self.uk


Describer = Callable[[Facts], Line]

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
    """Import every module of domain.describe once (each registers its describers)."""
    if not _discovered:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
            _discovered.add(info.name)
        _discovered.add("")  # scanned, even if the package were empty
    return _discovered - {""}


def describe(event_type: str, facts: Facts, lang: str = "en") -> str:
    """The one-line description of an event, by its qualified class name, facts and language."""
    return describe_both(event_type, facts).said_in(lang)


def describe_both(event_type: str, facts: Facts) -> Line:
    """The description of an event in every language at once."""
    if not _discovered:
        load_describers()
    fn = DESCRIBERS.get(event_type)
    if fn is not None:
        try:
            return fn(facts)
        except (KeyError, AttributeError, TypeError, ValueError, InvalidOperation):
            pass  # an old event lacking a field a newer describer reads: say what we can
    return generic(event_type, facts)


def generic(event_type: str, facts: Facts) -> Line:
    """'FoiRequest.ExtensionNoticeSent' -> 'Extension notice sent on 03.01.2024'."""
    name = event_type.rsplit(".", 1)[-1]
    words = _WORDS.sub(" ", name).lower().capitalize()
    when = next((v for k, v in facts.items() if k.endswith("_on") and v), None)
    if when is None:
        return Line(en=words, uk=f"Подія «{name}»")
    return Line(en=f"{words} on {day(when)}", uk=f"Подія «{name}», {day(when)}")


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
            parsed: date | datetime = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return parsed.strftime("%d.%m.%Y")
    return value.strftime("%d.%m.%Y")


def initials(name: str) -> str:
    """'Ihor Terekhov' -> 'I. Terekhov'; 'I. Terekhov' and one-word names stay as they are."""
    parts = name.split()
    if len(parts) < 2 or parts[0].endswith("."):
        return " ".join(parts)
    return f"{parts[0][0]}. {' '.join(parts[1:])}"


def listing(items: Iterable[str], lang: str = "en") -> str:
    """'A', 'A and B', 'A, B and C' (uk: 'A, B та C')."""
    names = [i for i in items if i]
    if len(names) <= 1:
        return "".join(names)
    both = " та " if lang == "uk" else " and "
    return f"{', '.join(names[:-1])}{both}{names[-1]}"


def short_id(value: Any) -> str:
    """The first eight hex digits of a case id (enough to find it in a list)."""
    return str(value)[:8]


def by_decision(ref: str | None, lang: str = "en") -> str:
    """' by decision 17/2022' (uk: ' рішенням № 17/2022'), or nothing."""
    if not ref:
        return ""
    return f" рішенням № {ref}" if lang == "uk" else f" by decision {ref}"


def because(text: str | None) -> str:
    """': grounds', or nothing."""
    return f": {text}" if text else ""


def label(labels: Mapping[str, str], value: Any) -> str:
    """The label of an enum value in one language; an unknown value reads as itself."""
    key = str(getattr(value, "value", value))
    return labels.get(key, key.replace("_", " "))


def number(value: Any, lang: str = "en") -> str:
    """An exact quantity or amount without trailing zeros: '2.5' (uk: '2,5'), '100'."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",") if lang == "uk" else text


def money(value: Any, lang: str = "en") -> str:
    """Hryvnias with kopecks: '52.00 UAH' (uk: '52,00 грн')."""
    amount = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    return f"{amount.replace('.', ',')} грн" if lang == "uk" else f"{amount} UAH"
