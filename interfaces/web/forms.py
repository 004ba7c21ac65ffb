"""The command forms of the case pages: what a form is, and how its post becomes the command.

A form posts the typed command's fields by name (the same Struct the API decodes), its case
version (If-Match) and the CSRF token. Which forms a page shows follows the case type's
transition table (domain) and the role guards of the API (interfaces/http), so a clerk never
sees a manager's form; a forged post is refused by the same checks. The forms of each case
type are listed in interfaces/web/case_forms.py and shipment_forms.py.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec


@dataclass(frozen=True)
class Field:
    """One input of a form; `name` is the command's field (dotted for a nested one)."""

    name: str
    kind: str  # text, textarea, date, number, select; receipt, quantities: one row per line
    label: str
    required: bool = True
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandForm:
    """A command as a form: its transition, who may send it, its Struct and use case."""

    name: str
    label: str
    roles: frozenset[str]
    command: type[msgspec.Struct]
    use_case: str  # the service method: `<verb>_<case>(case_id, cmd, caller, expected_version)`
    fields: tuple[Field, ...]
    note: bool = True  # offer the optional note (why) every command accepts


def values_of(enum: Any) -> tuple[str, ...]:
    """The values of an enum, as a select's options."""
    return tuple(str(v) for v in enum)


NOTE = "note"
RECEIPT = ("received", "damaged", "missing", "discrepancy_reason")


def _lines(kind: str, posted: dict[str, str]) -> list[dict[str, str]]:
    """Rows `lines.<no>.<what>` of a per-line form; a quantity row left empty is left out."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in posted.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and len(parts[1]) < 6:
            if value.strip():
                rows.setdefault(int(parts[1]), {})[parts[2]] = value.strip()
    if kind == "quantities":
        return [
            {"line_no": str(n), "quantity": r["quantity"]}
            for n, r in sorted(rows.items())
            if "quantity" in r
        ]
    return [
        {"line_no": str(n), **{k: v for k, v in r.items() if k in RECEIPT}}
        for n, r in sorted(rows.items())
    ]


class FormInvalid(Exception):
    """A form's fields do not make the command: the field and the message (as the API's 400)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


_PATH = re.compile(r"at `\$\.([a-z_.\[\]0-9]+)`")


def command_of(form: CommandForm, posted: dict[str, str]) -> Any:
    """The typed command from the posted fields (empty ones left out); FormInvalid if not."""
    data: dict[str, Any] = {}
    names = [f.name for f in form.fields if f.kind != "confirm"] + ([NOTE] if form.note else [])
    for field in form.fields:
        if field.kind in ("receipt", "quantities"):
            data[field.name] = _lines(field.kind, posted)
    for name in names:
        if name == "lines":
            continue
        value = posted.get(name, "").strip()
        if not value:
            continue
        head, _, tail = name.partition(".")
        row, _, leaf = tail.partition(".")
        if leaf and row.isdigit():  # `follow_ups.0.action`: a row of a list the form offers
            rows = data.setdefault(head, [])
            rows.extend({} for _ in range(int(row) + 1 - len(rows)))
            rows[int(row)][leaf] = value
        elif tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[name] = value
    try:
        return msgspec.convert(data, form.command, strict=False)
    except msgspec.ValidationError as e:
        message = str(e)
        found = _PATH.search(message)
        field = found.group(1).split("[")[0] if found else message.split(":", 1)[0]
        dotted = re.sub(r"\[(\d+)\]", r".\1", found.group(1)) if found else ""
        if any(f.name == dotted for f in form.fields):
            field = dotted
        raise FormInvalid(field, message) from None


def allowed(
    forms: tuple[CommandForm, ...],
    transitions: dict[str, Any],
    status: str,
    roles: frozenset[str],
    extra: Callable[[CommandForm], bool] = lambda f: True,
) -> list[CommandForm]:
    """The forms the case's status and the reader's roles allow, in the table's order."""
    return [f for f in forms if f.roles & roles and status in transitions[f.name][0] and extra(f)]
