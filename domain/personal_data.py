"""Which facts are personal data, and how they are hidden: an FOI requester's contact details
(Law 2939-VI; the Law of Ukraine on personal data protection) never reach an auditor.

Works on plain facts (dicts and lists, as `domain.facts.facts_of` makes them). A contact
field is redacted wherever it sits under a `requester`, and anywhere at all in the events of the
case types listed in SENSITIVE_CASE_TYPES. A contact person's or honorary consul's sealed data
(domain.sealed) is shown to nobody: every `sealed` field becomes SEALED. The audit-trail read
model must apply the same function before it stores facts.
"""

import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.sealed import ERASED, SEALED, SEALED_FIELD

REDACTED = "[redacted]"
CONTACT_FIELDS: frozenset[str] = frozenset({"email", "phone", "postal_address"})
SENSITIVE_CASE_TYPES: frozenset[str] = frozenset({"FoiRequest", "Contact", "HonoraryConsul"})


def redact(
    facts: Mapping[str, Any], case_type: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The facts with contact details replaced by REDACTED, and the paths that were redacted."""
    paths: list[str] = []
    everywhere = case_type in SENSITIVE_CASE_TYPES
    out = _walk(dict(facts), "", everywhere, paths)
    # A personal paper's file name may name the person (issue 18): hidden like a contact.
    if out.get("personal") is True and "document_id" in out and out.get("name"):
        out["name"] = REDACTED
        paths.append("name")
    return out, paths


def _walk(value: Any, path: str, hide: bool, paths: list[str]) -> Any:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if key == SEALED_FIELD and item is not None:
                # A person's sealed data: its ciphertext is shown to nobody.
                out[key] = item if item in (SEALED, ERASED) else SEALED
                paths.append(where)
            elif hide and key in CONTACT_FIELDS and item not in (None, "", [], {}):
                out[key] = REDACTED
                paths.append(where)
            else:
                out[key] = _walk(item, where, hide or key == "requester", paths)
        return out
    if isinstance(value, list | tuple):
        return [_walk(item, f"{path}[{i}]", hide, paths) for i, item in enumerate(value)]
    return value


# -- contact details typed into free text ------------------------------------------------------

EMAIL_MASK = "[e-mail]"
PHONE_MASK = "[phone]"
_EMAIL = re.compile(r"[\w.+%'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
# A candidate starts with "+<digit>", "(0<digit>" or "0<digit>", not inside a word, a reference
# (AGR-2023-0004), an outgoing number (17/0/972-24) or a date (01.06.2023); _phone then keeps it
# only if it holds as many digits as a phone number: exactly 10 for a Ukrainian national number
# (0XX XXX XX XX), 10 to 15 after a "+" (ITU E.164).
_PHONE = re.compile(r"(?<![\w+/.,:-])(?:\+\d|\(0\d|0\d)[\d ()\-]*\d(?![\w/])")


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    international = text.startswith("+")
    low, high = (10, 15) if international else (10, 10)
    digits, end = 0, None
    for i, ch in enumerate(text):
        if not ch.isdigit():
            continue
        digits += 1
        if digits > high:
            break
        group_ends = i + 1 == len(text) or not text[i + 1].isdigit()
        if group_ends and digits >= low:
            end = i + 1  # the longest run of whole digit groups that is a phone number
    return text if end is None else PHONE_MASK + text[end:]


def mask_contacts(text: str) -> str:
    """Free text with e-mail addresses and phone numbers replaced by [e-mail] and [phone]."""
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(_phone, text)


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return len(text) == 36


def mask_free_text(value: Any, path: str, paths: list[str]) -> Any:
    """Facts with contact details masked in every string (ids aside); masked paths are added."""
    if isinstance(value, str):
        masked = value if _is_uuid(value) else mask_contacts(value)
        if masked != value:
            paths.append(path)
        return masked
    if isinstance(value, Mapping):
        return {
            k: mask_free_text(v, f"{path}.{k}" if path else str(k), paths) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_free_text(v, f"{path}[{i}]", paths) for i, v in enumerate(value)]
    return value


def for_auditors(
    facts: Mapping[str, Any], note: str | None, case_type: str | None
) -> tuple[dict[str, Any], str | None, list[str]]:
    """Facts and note as auditors see them: requester contacts redacted, contacts in text masked.

    Returns (facts, note, the paths hidden or masked; `note` for the note).
    """
    shown, paths = redact(facts, case_type)
    shown = mask_free_text(shown, "", paths)
    if note is not None:
        masked = mask_contacts(note)
        if masked != note:
            paths.append("note")
        note = masked
    return shown, note, paths
