"""Errors of the application layer (the domain's own are in domain.errors)."""

from uuid import UUID


class ApplicationError(Exception):
    """Base of the application's refusals."""


class CaseNotFound(ApplicationError):
    """No case of that type has that id (API: 404)."""

    def __init__(self, case_type: str, case_id: UUID | str) -> None:
        self.case_type = case_type
        self.case_id = case_id
        super().__init__(f"no {case_type} with id {case_id}")


class VersionMismatch(ApplicationError):
    """The client's expected version is not the case's current one (API: 412)."""

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"the case is at version {actual}, not {expected}: reload and retry")


class ConcurrentWrite(ApplicationError):
    """Another command changed the case at the same moment and won (API: 409)."""

    def __init__(self) -> None:
        super().__init__("another change to the same case was saved first; retry")


class DuplicatePartner(ApplicationError):
    """A partner of the same name is already registered in that country (API: 409)."""

    def __init__(self, existing_id: UUID, country: str) -> None:
        self.existing_id = existing_id
        self.country = country
        super().__init__(
            f"a partner of the same name is already registered in {country} "
            f"(partner {existing_id}); register a distinct partner with `distinct: true` "
            "and a `distinct_reason`"
        )


class SaveTooLarge(ApplicationError):
    """One save would store more events or bytes than a unit of work may (API: 422)."""

    def __init__(self, events: int, size: int, max_events: int, max_bytes: int) -> None:
        self.events = events
        self.size = size
        super().__init__(
            f"one change would store {events} events ({size} bytes); "
            f"at most {max_events} events and {max_bytes} bytes are stored at once"
        )


class StoreUnavailable(ApplicationError):
    """The database cannot be reached (API: 503)."""


class Forbidden(ApplicationError):
    """The caller's role may not do this (API: 403)."""


class AccountExists(ApplicationError):
    """An account with that login exists already (API: 409)."""

    def __init__(self, existing_id: UUID) -> None:
        self.existing_id = existing_id
        super().__init__(f"an account with that login exists already ({existing_id})")


class NotSignedIn(ApplicationError):
    """No valid credentials: wrong login or password, unknown, expired or revoked (API: 401)."""


class AccountDisabled(NotSignedIn):
    """The account is disabled: nothing it holds opens anything (API: 401)."""

    def __init__(self) -> None:
        super().__init__("the account is disabled")


class RoleNotHeld(Forbidden):
    """The credential's role is no longer held by its account (API: 403)."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"the account no longer holds the role '{role}'")


class CsrfRefused(Forbidden):
    """A state-changing request by cookie without the session's CSRF token (API: 403)."""

    def __init__(self) -> None:
        super().__init__("the X-CSRF-Token header is missing or does not match the session's")


class PasswordChangeRequired(Forbidden):
    """The password was reset by an administrator: change it before signing in (API: 403)."""

    def __init__(self) -> None:
        super().__init__(
            "your password was reset: change it with POST /auth/password before signing in"
        )


class TooManyAttempts(ApplicationError):
    """Too many failed sign-ins for this account or address: wait (API: 429, Retry-After)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(f"too many failed sign-ins; retry in {self.retry_after} seconds")


class SingleSignOnRefused(NotSignedIn):
    """A single sign-on answer was refused: state, nonce, audience, issuer, expiry (API: 401)."""


class NoRoleFromProvider(Forbidden):
    """None of the identity provider's groups of this person maps to a role (API: 403)."""

    def __init__(self) -> None:
        super().__init__(
            "none of your groups at the identity provider maps to a role here: "
            "ask an administrator to add your group to POBRATYM_OIDC_GROUP_ROLES"
        )


class SingleSignOnConflict(ApplicationError):
    """A local account has the login but is not linked to this provider identity (API: 409)."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            f"an account with the login {login!r} exists and is not linked to this identity "
            "provider account (their e-mail addresses differ): an administrator must resolve it"
        )


class SingleSignOnUnavailable(ApplicationError):
    """The identity provider cannot be reached or answered nonsense (API: 503)."""


class DocumentNotFound(ApplicationError):
    """The case has no such document, or the reader may not see it (API: 404)."""

    def __init__(self, document_id: UUID | str) -> None:
        self.document_id = document_id
        super().__init__(f"no document {document_id} on this case")


class DocumentGone(ApplicationError):
    """The document was withdrawn from the case: kept for the record, no longer served (410)."""

    def __init__(self, document_id: UUID | str) -> None:
        self.document_id = document_id
        super().__init__(f"document {document_id} was withdrawn from this case")


class FileTooLarge(ApplicationError):
    """An uploaded file is larger than the configured limit (API: 413, naming the limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        mib = limit / 1_048_576
        super().__init__(f"the file exceeds the limit of {limit} bytes ({mib:g} MiB)")


class FileStoreCorrupt(ApplicationError):
    """A stored file's bytes no longer match the SHA-256 its event recorded."""
