"""What auditors never see: an FOI requester's contact details (Law 2939-VI, personal data).

Works on decoded facts (plain dicts and lists, as `msgspec.to_builtins` makes them). A contact
field is redacted wherever it sits under a `requester`, and anywhere at all in the events of the
case types listed in SENSITIVE_CASE_TYPES. The audit-trail read model must apply the same
function before it stores facts.
"""

from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"
CONTACT_FIELDS: frozenset[str] = frozenset({"email", "phone", "postal_address"})
SENSITIVE_CASE_TYPES: frozenset[str] = frozenset({"FoiRequest"})


def redact(
    facts: Mapping[str, Any], case_type: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The facts with contact details replaced by REDACTED, and the paths that were redacted."""
    paths: list[str] = []
    everywhere = case_type in SENSITIVE_CASE_TYPES
    out = _walk(dict(facts), "", everywhere, paths)
    return out, paths


def _walk(value: Any, path: str, hide: bool, paths: list[str]) -> Any:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if hide and key in CONTACT_FIELDS and item not in (None, "", [], {}):
                out[key] = REDACTED
                paths.append(where)
            else:
                out[key] = _walk(item, where, hide or key == "requester", paths)
        return out
    if isinstance(value, list | tuple):
        return [_walk(item, f"{path}[{i}]", hide, paths) for i, item in enumerate(value)]
    return value
